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
    /// Whether the output redraws itself in place on the terminal (the live view): lines of others must then
    /// come through `note` rather than straight to the terminal, or the next redraw draws over them.
    var drawsInPlace: Bool { get }
    /// Shows a line that is not the output's own (an `--on-alert` command's output).
    func note(_ line: String)
}

extension MonitorOutput {
    var drawsInPlace: Bool { false }
    func note(_ line: String) { StandardError.print(line) }
}
