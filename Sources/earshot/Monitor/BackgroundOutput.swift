import EarshotCore
import Foundation
import Synchronization

/// A `MonitorOutput` whose writes run on a thread of their own (a serial queue), for `live` and `replay`: a
/// stalled standard output (a paused terminal, a slow `--json` reader) then holds up only this thread, not the
/// engine thread that drains the capture ring (so capture loses nothing while the output waits) or reads the
/// file (so Ctrl-C still ends the session and writes its report). Events and alerts
/// are kept in order; of the status lines only the newest waiting one is shown. `finish` waits for everything
/// queued before it.
final class BackgroundOutput: MonitorOutput, @unchecked Sendable {
    private let inner: any MonitorOutput
    private let queue = DispatchQueue(label: "earshot.output")
    /// The newest status not yet shown (a status that comes while one waits replaces it), and the number of the
    /// queued block that is to show it: an event or alert takes the waiting status and sends it ahead of
    /// itself, and that block then shows nothing.
    private let waiting = Mutex<(snapshot: MonitorSnapshot?, block: Int)>((nil, 0))
    private let keepsEveryStatus: Bool

    /// - Parameters:
    ///   - inner: the output that does the writing (the view, JSON Lines or plain lines).
    ///   - keepsEveryStatus: queue every status rather than only the newest waiting one (`replay`, whose
    ///     `--json` stream has a status line for every second of media, however fast it runs).
    init(_ inner: any MonitorOutput, keepsEveryStatus: Bool = false) {
        self.inner = inner
        self.keepsEveryStatus = keepsEveryStatus
    }

    /// Set before the session starts (nothing queued yet), read by nobody while it runs.
    var offsetSeconds: Double {
        get { queue.sync { inner.offsetSeconds } }
        set { queue.sync { inner.offsetSeconds = newValue } }
    }

    var drawsInPlace: Bool { inner.drawsInPlace }

    /// May come from any thread (an `--on-alert` command's runner): queued in order with the rest.
    func note(_ line: String) {
        queue.async { self.inner.note(line) }
    }

    func event(_ event: ConversationEvent, mediaSeconds: Double) {
        let status = takePendingStatus()
        queue.async {
            if let status { self.inner.status(status) }
            self.inner.event(event, mediaSeconds: mediaSeconds)
        }
    }

    func alert(_ alert: Alert) {
        let status = takePendingStatus()
        queue.async {
            if let status { self.inner.status(status) }
            self.inner.alert(alert)
        }
    }

    func status(_ snapshot: MonitorSnapshot) {
        if keepsEveryStatus {
            queue.async { self.inner.status(snapshot) }
            return
        }
        let block: Int? = waiting.withLock { state in
            defer { state.snapshot = snapshot }
            return state.snapshot == nil ? state.block : nil  // nil: a queued block will show this one
        }
        guard let block else { return }
        queue.async {
            let newest = self.waiting.withLock { state -> MonitorSnapshot? in
                guard state.block == block else { return nil }  // taken by an event or alert meanwhile
                defer { state.snapshot = nil }
                return state.snapshot
            }
            if let newest { self.inner.status(newest) }
        }
    }

    /// Waits for everything queued and the closing output, at most `finishSeconds`: if standard output does not
    /// move by then (a reader that stopped), the session ends without it, as when a write fails.
    func finish(_ report: Report, file: String, stats: CaptureStats?) {
        let done = DispatchSemaphore(value: 0)
        queue.async {
            self.inner.finish(report, file: file, stats: stats)
            done.signal()
        }
        if done.wait(timeout: .now() + Self.finishSeconds) == .timedOut {
            StandardOutputCheck.recordFailure(StandardOutputCheck.tookNothing)
        }
    }

    /// How long `finish` waits for a standard output that does not move.
    static let finishSeconds = 10.0

    /// Waits, at most `seconds`, until what is queued so far has been written: a report written next to the
    /// same standard output (`--report /dev/stdout`) then comes after the lines that came before it.
    func waitForQueued(seconds: Double) {
        let done = DispatchSemaphore(value: 0)
        queue.async { done.signal() }
        _ = done.wait(timeout: .now() + seconds)
    }

    /// The status waiting to be shown, taken so that it goes out before what is queued next: a status is never
    /// shown after an event or alert that came after it, nor shown twice.
    private func takePendingStatus() -> MonitorSnapshot? {
        waiting.withLock { state in
            defer {
                state.snapshot = nil
                state.block += 1
            }
            return state.snapshot
        }
    }
}
