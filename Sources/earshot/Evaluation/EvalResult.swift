import EarshotCore

/// The score of one file.
struct EvalResult {
    enum Score {
        case speech(FrameScore, BoundaryError)
        case call(CallEvaluation, variant: String)
    }

    var file: String
    var labels: String
    var score: Score

    /// Whether this is a two-party call's score (against truth), not a single channel's speech.
    var isCall: Bool {
        if case .call = score { true } else { false }
    }

    init(file: String, labels: String, report: Report, contents: LabelFile.Contents, channel: Int) {
        self.file = file
        self.labels = labels
        let frames = Int((report.durationSeconds * Double(FrameClock.framesPerSecond)).rounded())
        switch contents {
        case .speech(let labelled):
            // Labels past the audio's end are cut there, as the detections are: speech the file does not hold
            // would count as a late offset of the segment that ends with the audio.
            let end = report.durationSeconds
            let spans = labelled.compactMap { $0.start < end ? TimeSpan(start: $0.start, end: min($0.end, end)) : nil }
            let found = report.segments.filter { $0.channel == channel }.map(CallEvaluation.span)
            score = .speech(
                FrameScore(labelled: spans, detected: found, frames: frames),
                BoundaryError(labelled: spans, detected: found))
        case .call(let truth, _, _):
            score = .call(CallEvaluation(report: report, truth: truth), variant: truth.variant ?? "calls")
        }
    }
}
