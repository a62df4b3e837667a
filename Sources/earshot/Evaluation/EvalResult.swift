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
    /// The channel single-channel labels were scored on (0 for a call's truth, scored on both).
    var channel: Int

    /// Whether this is a two-party call's score (against truth), not a single channel's speech.
    var isCall: Bool {
        if case .call = score { true } else { false }
    }

    init(file: String, labels: String, report: Report, contents: LabelFile.Contents, channel: Int) {
        self.file = file
        self.labels = labels
        if case .call = contents { self.channel = 0 } else { self.channel = channel }
        let frames = Int((report.durationSeconds * Double(FrameClock.framesPerSecond)).rounded())
        // Labelled speech past the audio's end is cut there, as the detections are: speech the file does not hold
        // would count as a late offset of the segment that ends with the audio.
        let end = report.durationSeconds
        let cut = { (spans: [TimeSpan]) in
            spans.compactMap { $0.start < end ? TimeSpan(start: $0.start, end: min($0.end, end)) : nil }
        }
        switch contents {
        case .speech(let labelled, _):
            let spans = cut(labelled)
            let found = report.segments.filter { $0.channel == channel }.map(CallEvaluation.span)
            score = .speech(
                FrameScore(labelled: spans, detected: found, frames: frames),
                BoundaryError(labelled: spans, detected: found))
        case .call(var truth, _, _):
            truth.speech = truth.speech.mapValues(cut)
            score = .call(CallEvaluation(report: report, truth: truth), variant: truth.variant ?? "calls")
        }
    }
}
