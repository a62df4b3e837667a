import EarshotCore
import Foundation

/// When stdout is not a terminal: one plain line per event and alert, a status line every 10 s and a "final status"
/// line with the report's figures.
final class PlainLinesOutput: MonitorOutput {
    private var lastStatus = -10.0
    /// The unheard parties last said (`MonitorSnapshot.unheardName`).
    private var unheard: String?
    var offsetSeconds = 0.0

    func event(_ event: ConversationEvent, mediaSeconds: Double) {
        let who = event.by.map { " by \($0.rawValue)" } ?? ""
        line(
            "\(clock(mediaSeconds))  \(event.kind.rawValue)\(who) "
                + "\(clock(FrameClock.seconds(ofFrame: event.startFrame)))-"
                + "\(clock(FrameClock.seconds(ofFrame: event.endFrame)))")
    }

    func alert(_ alert: Alert) { line(Self.line(alert, offsetSeconds: offsetSeconds)) }

    /// An alert's line: when it fired, its rule, since when, and its advice, as the terminal view gives it.
    static func line(_ alert: Alert, offsetSeconds: Double) -> String {
        let clock = { (frame: Int) in ReportText.clock(FrameClock.seconds(ofFrame: frame) + offsetSeconds) }
        return "\(clock(alert.firedFrame))  ALERT \(alert.rule.rawValue) (\(ReportText.span(alert, clock: clock))): "
            + ReportText.advice(alert)
    }

    func status(_ snapshot: MonitorSnapshot) {
        if snapshot.unheardName != unheard {  // said when it begins, and when the party is heard
            let now = clock(snapshot.mediaSeconds)
            let heard = unheard == "both" ? "speech heard" : "\(unheard ?? "") channel heard"
            line(snapshot.unheardWarning.map { "\(now)  WARNING \($0)" } ?? "\(now)  \(heard)")
            unheard = snapshot.unheardName
        }
        // In each new 10 s of media (a step of 10 s from the last would drift), and at the close: the last status
        // line a script reads is the report's.
        let time = snapshot.mediaSeconds + offsetSeconds  // the file's time (replay --from)
        guard snapshot.closing || (time / 10).rounded(.down) > (lastStatus / 10).rounded(.down) else { return }
        lastStatus = time
        let summary = snapshot.summary
        // The last, after the engine finished, is the report's: said so (a 10 s status may have come at the same
        // media time, before the last words were settled).
        let status = snapshot.closing ? "final status" : "status"
        // Counted as the view counts them: an agent's cut-in and a dead air from their alerts on.
        let gaps = snapshot.silenceGapsShown
        guard snapshot.twoParties else {  // one speaker: no share, nobody to interrupt
            line(
                "\(clock(snapshot.mediaSeconds))  \(status): talk \(ReportText.duration(summary.agentTalkSeconds)), "
                    + "silence gaps \(gaps)")
            return
        }
        let cutIns = snapshot.agentInterruptionsShown
        let share = summary.agentShare.map { "\(Int(($0 * 100).rounded())) %" } ?? "-"
        line(
            "\(clock(snapshot.mediaSeconds))  \(status): agent share \(share), "
                + "interruptions by agent \(cutIns), "
                + "by customer \(summary.interruptionsByCustomer), silence gaps \(gaps)")
    }

    func finish(_ report: Report, file: String, stats: CaptureStats?) {
        line("")
        line(ReportText.render(report, file: file, offsetSeconds: offsetSeconds, newest: true))
    }

    private func clock(_ seconds: Double) -> String { ReportText.clock(seconds + offsetSeconds) }

    private func line(_ text: String) {
        StandardOutput.line(text)
    }
}
