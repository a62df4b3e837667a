/// Mean absolute onset and offset error of matched segments, in seconds.
///
/// Each labelled segment is matched to the detected segment that overlaps it most (one-to-one, in order of
/// overlap); unmatched segments do not count.
public struct BoundaryError: Sendable, Equatable {
    /// Matched pairs.
    public var matched = 0
    /// Sum of |detected start − labelled start| over matched pairs.
    public var startErrorSum = 0.0
    /// Sum of |detected end − labelled end| over matched pairs.
    public var endErrorSum = 0.0

    /// Nothing matched.
    public init() {}

    /// Matches `detected` to `labelled` and accumulates their boundary errors.
    /// - Parameters:
    ///   - labelled: speech spans of the labels, in seconds.
    ///   - detected: speech spans found, in seconds.
    public init(labelled: [TimeSpan], detected: [TimeSpan]) {
        var pairs: [(overlap: Double, truth: Int, found: Int)] = []
        for (i, t) in labelled.enumerated() {
            for (j, d) in detected.enumerated() {
                let overlap = min(t.end, d.end) - max(t.start, d.start)
                if overlap > 0 { pairs.append((overlap, i, j)) }
            }
        }
        var usedTruth = Set<Int>()
        var usedFound = Set<Int>()
        for pair in pairs.sorted(by: { $0.overlap > $1.overlap }) {
            guard !usedTruth.contains(pair.truth), !usedFound.contains(pair.found) else { continue }
            usedTruth.insert(pair.truth)
            usedFound.insert(pair.found)
            matched += 1
            startErrorSum += abs(detected[pair.found].start - labelled[pair.truth].start)
            endErrorSum += abs(detected[pair.found].end - labelled[pair.truth].end)
        }
    }

    /// Mean onset error in seconds; `nil` when nothing matched (no error was measured, which is not a perfect score).
    public var meanStartError: Double? { matched == 0 ? nil : startErrorSum / Double(matched) }
    /// Mean offset error in seconds; `nil` when nothing matched.
    public var meanEndError: Double? { matched == 0 ? nil : endErrorSum / Double(matched) }

    /// Pooled errors.
    /// - Parameters:
    ///   - a: errors of some files.
    ///   - b: errors of others.
    /// - Returns: errors whose matched pairs and error sums are the sums of theirs.
    public static func + (a: BoundaryError, b: BoundaryError) -> BoundaryError {
        var sum = a
        sum.matched += b.matched
        sum.startErrorSum += b.startErrorSum
        sum.endErrorSum += b.endErrorSum
        return sum
    }
}
