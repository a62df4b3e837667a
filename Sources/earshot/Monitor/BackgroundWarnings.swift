import Foundation

/// A session's own warnings on stderr (capture stalls and drops, a stop signal, failed `--on-alert` commands),
/// written on a thread of their own: a standard error that takes nothing (a `2>&1 | reader` that stopped reading)
/// then holds up only that thread, not the engine thread that drains the capture ring or reads the file, so capture
/// loses nothing and a stop still writes the report. Lines keep their order; `flush` waits for them, within a limit.
final class BackgroundWarnings: Sendable {
    private let queue = DispatchQueue(label: "earshot.warnings")
    private let write: @Sendable (String) -> Void

    /// - Parameter write: writes one line (to standard error, waiting at most 10 s for it to take anything; a test's
    ///   own).
    init(
        write: @escaping @Sendable (String) -> Void = {
            StandardError.print($0, waitingAtMost: StandardError.stallSeconds)
        }
    ) {
        self.write = write
    }

    /// Queues `line` and returns at once.
    func say(_ line: String) {
        queue.async { [write] in write(line) }
    }

    /// Waits, until `deadline` at the latest, for the lines queued so far to be written (before lines written
    /// straight to standard error at the end of a session, which then come after them). Returns whether they were.
    @discardableResult
    func flush(until deadline: DispatchTime) -> Bool {
        let done = DispatchSemaphore(value: 0)
        queue.async { done.signal() }
        return done.wait(timeout: deadline) == .success
    }
}
