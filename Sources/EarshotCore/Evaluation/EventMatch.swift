/// One-to-one matching of detected events against true events of one kind.
///
/// Two events match when their onsets are within `onsetTolerance` seconds (and, when `matchEnds`, their
/// ends too). Pairs are taken closest first, so each event counts at most once.
public struct EventMatch: Sendable, Equatable {
    public var truePositives = 0
    public var falsePositives = 0
    public var falseNegatives = 0

    /// Nothing counted.
    public init() {}

    /// - Parameters:
    ///   - truth: true events' spans, in seconds.
    ///   - detected: detected events' spans, in seconds.
    ///   - onsetTolerance: largest onset difference of a match. Default 0.5 s.
    ///   - matchEnds: also require the ends within the tolerance (used for silence gaps).
    public init(truth: [TimeSpan], detected: [TimeSpan], onsetTolerance: Double = 0.5, matchEnds: Bool = false) {
        var pairs: [(distance: Double, truth: Int, found: Int)] = []
        for (i, t) in truth.enumerated() {
            for (j, d) in detected.enumerated() {
                let onset = abs(t.start - d.start)
                guard onset <= onsetTolerance, !matchEnds || abs(t.end - d.end) <= onsetTolerance else { continue }
                pairs.append((onset, i, j))
            }
        }
        var usedTruth = Set<Int>()
        var usedFound = Set<Int>()
        for pair in pairs.sorted(by: { $0.distance < $1.distance }) {
            guard !usedTruth.contains(pair.truth), !usedFound.contains(pair.found) else { continue }
            usedTruth.insert(pair.truth)
            usedFound.insert(pair.found)
        }
        truePositives = usedTruth.count
        falseNegatives = truth.count - usedTruth.count
        falsePositives = detected.count - usedFound.count
    }

    public var precision: Double { ratio(truePositives, truePositives + falsePositives) }
    public var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
    /// F1 of the matching; 1 when there were no events and none were found.
    public var f1: Double {
        truePositives + falsePositives + falseNegatives == 0
            ? 1 : 2 * Double(truePositives) / Double(2 * truePositives + falsePositives + falseNegatives)
    }

    /// Pooled counts.
    public static func + (a: EventMatch, b: EventMatch) -> EventMatch {
        var sum = a
        sum.truePositives += b.truePositives
        sum.falsePositives += b.falsePositives
        sum.falseNegatives += b.falseNegatives
        return sum
    }

    private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 1 : Double(a) / Double(b) }
}
