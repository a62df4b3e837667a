import Foundation
import Synchronization

/// Lines for people on stderr (errors, progress), kept apart from report output on stdout.
enum StandardError {
    /// Whether stderr is a terminal (the live view's, or one a person watches): a warning shown in the view is then
    /// not written there again.
    static let isTerminal = isatty(STDERR_FILENO) == 1

    /// Writes `line`, control characters shown as `?` (a file named with a newline or an escape sequence must
    /// not split the line or reach the terminal); a stderr that cannot be written (closed, on a full disk) loses the
    /// line, nothing else. After `giveUp(at:)`, a stderr that takes nothing (a reader that stopped reading) loses the
    /// lines that find it so at the deadline, rather than holding the process.
    static func print(_ line: String) {
        let deadline = deadlineNanoseconds.load(ordering: .relaxed)
        if deadline != 0 && !writable(until: deadline) { return }
        try? FileHandle.standardError.write(contentsOf: Data((ReportText.printable(line) + "\n").utf8))
    }

    /// From now on, lines wait for a stderr that takes nothing only until `deadline` (the end of a `live` or `replay`
    /// session: it must end even when stdout and stderr both go to a reader that stopped, as in `2>&1 | reader`).
    static func giveUp(at deadline: DispatchTime) {
        deadlineNanoseconds.store(deadline.uptimeNanoseconds, ordering: .relaxed)
    }

    /// `giveUp(at:)`'s deadline in `DispatchTime` nanoseconds; 0 while there is none.
    private static let deadlineNanoseconds = Atomic<UInt64>(0)

    /// Whether stderr can take a line (a line of up to 4 KiB goes to a pipe whole, without waiting, once it can) before
    /// `deadline`; an error or hang-up counts as yes: the write then fails on its own, quickly.
    private static func writable(until deadline: UInt64) -> Bool {
        var descriptor = pollfd(fd: STDERR_FILENO, events: Int16(POLLOUT), revents: 0)
        while true {
            let now = DispatchTime.now().uptimeNanoseconds
            let milliseconds = deadline > now ? Int32(min((deadline - now) / 1_000_000, 60_000)) : 0
            let ready = poll(&descriptor, 1, milliseconds)
            if ready > 0 || (ready < 0 && errno != EINTR) { return true }
            if ready == 0 && milliseconds == 0 { return false }  // the deadline has passed; else poll again
        }
    }
}
