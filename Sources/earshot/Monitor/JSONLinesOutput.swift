import EarshotCore
import Foundation

/// `--json`: one JSON object per line on stdout for every event, alert and once-a-second status, and a closing
/// status with the report's summary.
final class JSONLinesOutput: MonitorOutput {
    /// The last status line's media time (`nil` before the first) and when it was written, by the monotonic clock.
    private var lastStatusMedia: Double?
    private var lastStatusWritten = ContinuousClock.now
    /// Added to every media time (replay from part-way).
    var offsetSeconds = 0.0

    func event(_ event: ConversationEvent, mediaSeconds: Double) {
        var pairs: [(String, JSONValue)] = [("type", .string(event.kind.rawValue))]
        if let by = event.by { pairs.append(("by", .string(by.rawValue))) }
        pairs += [
            ("start", .seconds(FrameClock.seconds(ofFrame: event.startFrame) + offsetSeconds)),
            ("end", .seconds(FrameClock.seconds(ofFrame: event.endFrame) + offsetSeconds)),
            ("t", .seconds(mediaSeconds + offsetSeconds)),
        ]
        emit(.object(pairs))
    }

    func alert(_ alert: Alert) {
        emit(ReportJSON.alert(alert, offsetSeconds: offsetSeconds, advice: true))
    }

    func status(_ snapshot: MonitorSnapshot) {
        // One status in each second of media (media time never goes back).
        let second = { (media: Double) in Int((media + self.offsetSeconds).rounded(.down)) }
        let newSecond = lastStatusMedia.map { second(snapshot.mediaSeconds) > second($0) } ?? true
        // Live, while no audio comes (a device gone or silent), media time may stand still (a device that hangs
        // delivers nothing): a status each second of the wall clock then says so.
        let hearing = snapshot.stats?.isHearing ?? true
        let now = ContinuousClock.now
        let stalled =
            !hearing && now - lastStatusWritten >= .seconds(1)
            && snapshot.mediaSeconds - (lastStatusMedia ?? 0) < 0.5
        guard newSecond || snapshot.closing || stalled else { return }
        lastStatusWritten = now
        lastStatusMedia = snapshot.mediaSeconds
        // Nobody is heard while no audio comes (as the view shows it): the last state would stand frozen.
        let speaking = (agent: snapshot.agentSpeaking && hearing, customer: snapshot.customerSpeaking && hearing)
        var pairs: [(String, JSONValue)] = [
            ("type", .string("status")), ("t", .seconds(snapshot.mediaSeconds + offsetSeconds)),
            ("speaking", .object([("agent", .bool(speaking.agent)), ("customer", .bool(speaking.customer))])),
            ("agent_share_recent", snapshot.recentAgentShare.map { .number($0, decimals: 4) } ?? .null),
            ("unheard", snapshot.unheardName.map { .string($0) } ?? .null),
        ]
        if let stats = snapshot.stats { pairs += CaptureStatsJSON.pairs(stats) + CaptureStatsJSON.hearingPairs(stats) }
        pairs.append(("summary", ReportJSON.summary(snapshot.summary)))
        emit(.object(pairs))
    }

    /// A last line marks the end of the session (a reader can tell it from a process that died), with the
    /// final capture figures (live) and summary; the full report goes to `--report`.
    func finish(_ report: Report, file: String, stats: CaptureStats?) {
        var pairs: [(String, JSONValue)] = [
            ("type", .string("end")), ("t", .seconds(report.durationSeconds + offsetSeconds)),
        ]
        if let stats { pairs += CaptureStatsJSON.closingPairs(stats) }
        pairs.append(("summary", ReportJSON.summary(report.summary)))
        emit(.object(pairs))
    }

    private func emit(_ value: JSONValue) {
        StandardOutput.line(value.rendered())
    }
}
