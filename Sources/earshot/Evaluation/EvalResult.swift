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

    init(file: String, labels: String, report: Report, contents: LabelFile.Contents, channel: Int) {
        self.file = file
        self.labels = labels
        let frames = Int((report.durationSeconds * Double(FrameClock.framesPerSecond)).rounded())
        switch contents {
        case .speech(let spans):
            let found = report.segments.filter { $0.channel == channel }.map(CallEvaluation.span)
            score = .speech(
                FrameScore(labelled: spans, detected: found, frames: frames),
                BoundaryError(labelled: spans, detected: found))
        case .call(let truth, _, _):
            score = .call(CallEvaluation(report: report, truth: truth), variant: truth.variant ?? "calls")
        }
    }
}
