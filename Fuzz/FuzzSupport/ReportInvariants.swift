public import EarshotCore

/// What every report must satisfy whatever the input; a violation stops the fuzzer with a crash.
public enum ReportInvariants {
    /// Checks `report`; traps (so the fuzzer records the input) when one does not hold.
    public static func check(_ report: Report) {
        let frames = (report.sampleCount * FrameClock.framesPerSecond + report.sampleRate - 1) / report.sampleRate
        for segment in report.segments {
            precondition(segment.startFrame >= 0 && segment.startFrame < segment.endFrame, "empty segment")
            precondition(segment.endFrame <= frames + 1, "segment past the end: \(segment) of \(frames) frames")
            precondition(segment.channel >= 0 && segment.channel < report.channelCount, "segment on no channel")
        }
        for event in report.events {
            precondition(event.startFrame >= 0 && event.startFrame <= event.endFrame, "event backwards")
            precondition(event.endFrame <= frames + 1, "event past the end")
            // A backchannel or interruption is one of its party's segments, decided once.
            if event.kind != .silenceGap, report.lostCapture.isEmpty {
                let segment = report.segments.filter {
                    $0.role == event.by && $0.startFrame == event.startFrame && $0.endFrame == event.endFrame
                }
                precondition(segment.count == 1, "event without its segment: \(event)")
                let decided = report.events.filter {
                    $0.kind != .silenceGap && $0.by == event.by && $0.startFrame == event.startFrame
                }
                precondition(decided.count == 1, "segment decided twice: \(decided)")
            }
        }
        let summary = report.summary
        let talk = [
            summary.agentTalkSeconds, summary.customerTalkSeconds, summary.overlapSeconds, summary.silenceSeconds,
        ]
        for seconds in talk {
            precondition(seconds.isFinite && seconds >= 0, "talk time \(seconds)")
            precondition(seconds <= report.durationSeconds + 0.02, "talk time \(seconds) > \(report.durationSeconds)")
        }
        if let share = summary.agentShare { precondition(share >= 0 && share <= 1, "agent share \(share)") }
        precondition(summary.switchesPerMinute.isFinite, "switches per minute")
    }
}
