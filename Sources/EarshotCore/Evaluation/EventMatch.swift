/// One-to-one matching of detected events against true events of one kind.
///
/// Two events match when their onsets are within `onsetTolerance` seconds (and, when `matchEnds`, their
/// ends too; a difference counts as within when it is at most the tolerance plus a microsecond, so that times
/// on a grid exactly the tolerance apart match however their floating-point difference rounds). The matching is
/// a largest one-to-one matching (each event counts at most once), found by augmenting paths that try the
/// closest candidates first: taking the closest pairs greedily can leave two matchable pairs unmatched.
public struct EventMatch: Sendable, Equatable {
    /// Detected events matched to a true one.
    public var truePositives = 0
    /// Detected events left unmatched.
    public var falsePositives = 0
    /// True events left unmatched.
    public var falseNegatives = 0

    /// Nothing counted.
    public init() {}

    /// Matches `detected` events to `truth` one to one (the largest matching) and counts the result.
    /// - Parameters:
    ///   - truth: true events' spans, in seconds.
    ///   - detected: detected events' spans, in seconds.
    ///   - onsetTolerance: largest onset difference of a match. Default 0.5 s.
    ///   - matchEnds: also require the ends within the tolerance (used for silence gaps).
    public init(truth: [TimeSpan], detected: [TimeSpan], onsetTolerance: Double = 0.5, matchEnds: Bool = false) {
        let within = { (a: Double, b: Double) in abs(a - b) <= onsetTolerance + 1e-6 }
        // Each true event's candidates, closest onset first.
        let candidates = truth.map { t in
            detected.indices.filter { j in
                within(t.start, detected[j].start) && (!matchEnds || within(t.end, detected[j].end))
            }.sorted { abs(t.start - detected[$0].start) < abs(t.start - detected[$1].start) }
        }
        var owner = [Int?](repeating: nil, count: detected.count)  // the true event each detection is matched to
        // Kuhn's augmenting paths: true event `i` takes a free candidate, or one whose owner can move to another.
        func augment(_ i: Int, _ visited: inout [Bool]) -> Bool {
            for j in candidates[i] where !visited[j] {
                visited[j] = true
                if owner[j] == nil || augment(owner[j]!, &visited) {
                    owner[j] = i
                    return true
                }
            }
            return false
        }
        for i in truth.indices {
            var visited = [Bool](repeating: false, count: detected.count)
            _ = augment(i, &visited)
        }
        truePositives = owner.count { $0 != nil }
        falseNegatives = truth.count - truePositives
        falsePositives = detected.count - truePositives
    }

    /// Matched share of the detected events; 1 when none were detected.
    public var precision: Double { ratio(truePositives, truePositives + falsePositives) }
    /// Matched share of the true events; 1 when there were none.
    public var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
    /// F1 of the matching; 1 when there were no events and none were found.
    public var f1: Double {
        truePositives + falsePositives + falseNegatives == 0
            ? 1 : 2 * Double(truePositives) / Double(2 * truePositives + falsePositives + falseNegatives)
    }

    /// Pooled counts.
    /// - Parameters:
    ///   - a: the matching of some events.
    ///   - b: the matching of others.
    /// - Returns: a matching whose true positive, false positive and false negative counts are the sums of theirs.
    public static func + (a: EventMatch, b: EventMatch) -> EventMatch {
        var sum = a
        sum.truePositives += b.truePositives
        sum.falsePositives += b.falsePositives
        sum.falseNegatives += b.falseNegatives
        return sum
    }

    private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 1 : Double(a) / Double(b) }
}
