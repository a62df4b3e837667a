import EarshotCore
import Foundation
import Synchronization

/// A `MonitorOutput` whose writes run on a thread of their own (a serial queue), for `live`: a stalled
/// standard output (a paused terminal, a slow `--json` reader) then holds up only this thread, not the engine
/// thread that drains the capture ring, so capture loses nothing while the output waits. Events and alerts
/// are kept in order; of the status lines only the newest waiting one is shown. `finish` waits for everything
/// queued before it.
final class BackgroundOutput: MonitorOutput, @unchecked Sendable {
    private let inner: any MonitorOutput
    private let queue = DispatchQueue(label: "earshot.output")
    /// The newest status not yet shown; a status queued while one waits replaces it.
    private let pendingStatus = Mutex<MonitorSnapshot?>(nil)

    /// - Parameter inner: the output that does the writing (the view, JSON Lines or plain lines).
    init(_ inner: any MonitorOutput) { self.inner = inner }

    var offsetSeconds: Double {
        get { queue.sync { inner.offsetSeconds } }
        set { queue.sync { inner.offsetSeconds = newValue } }
    }

    func event(_ event: ConversationEvent, mediaSeconds: Double) {
        queue.async { self.inner.event(event, mediaSeconds: mediaSeconds) }
    }

    func alert(_ alert: Alert) {
        queue.async { self.inner.alert(alert) }
    }

    func status(_ snapshot: MonitorSnapshot) {
        let alreadyQueued = pendingStatus.withLock { pending in
            defer { pending = snapshot }
            return pending != nil
        }
        guard !alreadyQueued else { return }
        queue.async {
            guard
                let newest = self.pendingStatus.withLock({ pending in
                    defer { pending = nil }
                    return pending
                })
            else { return }
            self.inner.status(newest)
        }
    }

    func finish(_ report: Report, file: String, stats: CaptureStats?) {
        queue.sync { inner.finish(report, file: file, stats: stats) }
    }
}
