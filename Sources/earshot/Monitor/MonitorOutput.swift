import EarshotCore

/// What a running session shows as the call goes on: the live view, JSON Lines or plain lines.
protocol MonitorOutput: AnyObject {
    /// Media time of the session's first sample (a replay started part-way), added to every time shown,
    /// so times are those of the file.
    var offsetSeconds: Double { get set }
    /// A new event became certain; `mediaSeconds` is the media time it became known.
    func event(_ event: ConversationEvent, mediaSeconds: Double)
    /// An alert fired.
    func alert(_ alert: Alert)
    /// The running state, about once a second of media (and a few times a second of wall time for
    /// views that redraw).
    func status(_ snapshot: MonitorSnapshot)
    /// The session ended with this report; `file` names what was monitored (the file or the devices).
    func finish(_ report: Report, file: String, stats: CaptureStats?)
}
