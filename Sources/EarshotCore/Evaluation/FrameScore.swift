/// Frame-level agreement of detected speech with labels on the 10 ms grid.
///
/// Convention: frame `i` covers `[i·10 ms, (i+1)·10 ms)`; it is labelled (or detected) speech when its
/// centre lies in a speech span. Scores pool by adding counts.
public struct FrameScore: Sendable, Equatable {
    /// Frames labelled and detected speech.
    public var truePositives = 0
    /// Frames detected as speech but not labelled so.
    public var falsePositives = 0
    /// Frames labelled speech but not detected.
    public var falseNegatives = 0
    /// Frames neither labelled nor detected speech.
    public var trueNegatives = 0

    /// An empty score.
    public init() {}

    /// Scores `detected` against `labelled` over `frames` frames.
    /// - Parameters:
    ///   - labelled: speech spans of the labels, in seconds.
    ///   - detected: speech spans found, in seconds.
    ///   - frames: frames in the file (its duration on the 10 ms grid).
    public init(labelled: [TimeSpan], detected: [TimeSpan], frames: Int) {
        let truth = Self.mask(labelled, frames: frames)
        let found = Self.mask(detected, frames: frames)
        for i in 0..<frames {
            switch (truth[i], found[i]) {
            case (true, true): truePositives += 1
            case (false, true): falsePositives += 1
            case (true, false): falseNegatives += 1
            case (false, false): trueNegatives += 1
            }
        }
    }

    /// Precision of speech frames (1 when nothing was detected).
    public var precision: Double { ratio(truePositives, truePositives + falsePositives) }
    /// Recall of speech frames (1 when nothing was labelled).
    public var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
    /// Harmonic mean of precision and recall.
    public var f1: Double { precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0 }
    /// Share of frames classified correctly.
    public var accuracy: Double {
        ratio(truePositives + trueNegatives, truePositives + trueNegatives + falsePositives + falseNegatives)
    }

    /// The pooled score of two files.
    /// - Parameters:
    ///   - a: the score of some files.
    ///   - b: the score of others.
    /// - Returns: a score whose four counts are the sums of theirs.
    public static func + (a: FrameScore, b: FrameScore) -> FrameScore {
        var sum = a
        sum.truePositives += b.truePositives
        sum.falsePositives += b.falsePositives
        sum.falseNegatives += b.falseNegatives
        sum.trueNegatives += b.trueNegatives
        return sum
    }

    private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 1 : Double(a) / Double(b) }

    /// Per frame of `frames` on the 10 ms grid, whether its centre lies in one of `spans` (seconds).
    /// - Parameters:
    ///   - spans: stretches of time, in seconds.
    ///   - frames: the length of the grid, in 10 ms frames.
    /// - Returns: `frames` flags, `true` for each frame whose centre lies in a span.
    public static func mask(_ spans: [TimeSpan], frames: Int) -> [Bool] {
        var mask = [Bool](repeating: false, count: frames)
        let fps = Double(FrameClock.framesPerSecond)
        for span in spans {
            // Centre (i + 0.5)/fps in [start, end)  ⇔  i in [start·fps − 0.5, end·fps − 0.5).
            let first = max(0, Int((span.start * fps - 0.5).rounded(.up)))
            let last = min(frames, Int((span.end * fps - 0.5).rounded(.up)))
            if first < last { for i in first..<last { mask[i] = true } }
        }
        return mask
    }
}
