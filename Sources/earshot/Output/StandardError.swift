import Foundation
import Synchronization

/// Lines for people on stderr (errors, progress), kept apart from report output on stdout.
enum StandardError {
    /// Whether stderr is a terminal (the live view's, or one a person watches): a warning shown in the view is then
    /// not written there again.
    static let isTerminal = isatty(STDERR_FILENO) == 1

    /// Writes `line`, control characters shown as `?` (a file named with a newline or an escape sequence must
    /// not split the line or reach the terminal); a stderr that cannot be written (closed, on a full disk) loses the
    /// line, nothing else. After `limitWaits()`, a stderr that takes nothing for `stallSeconds` (a reader that stopped
    /// reading) loses that line and every later one, rather than holding the process; a slow reader loses nothing.
    static func print(_ line: String) {
        if waitsLimited.load(ordering: .relaxed) {
            print(line, waitingAtMost: stallSeconds)
        } else {
            write(line)
        }
    }

    /// Writes `line` if stderr takes it within `seconds` (at once if it took nothing that long before), else drops
    /// it: the session's warnings are written so, from a thread of their own, which then never waits in a write.
    static func print(_ line: String, waitingAtMost seconds: Double) {
        guard writable(within: stuck.load(ordering: .relaxed) ? 0 : seconds) else {
            stuck.store(true, ordering: .relaxed)
            return
        }
        stuck.store(false, ordering: .relaxed)
        write(line)
    }

    private static func write(_ line: String) {
        try? FileHandle.standardError.write(contentsOf: Data((ReportText.printable(line) + "\n").utf8))
    }

    /// From now on a line waits for stderr at most `stallSeconds` (the end of a `live` or `replay` session: it must
    /// end even when stdout and stderr both go to a reader that stopped, as in `2>&1 | reader`).
    static func limitWaits() { waitsLimited.store(true, ordering: .relaxed) }

    /// How long a line waits for a stderr that takes nothing, once waits are limited (as long as stdout is waited for).
    static let stallSeconds = 10.0

    private static let waitsLimited = Atomic<Bool>(false)
    /// Set while stderr has taken nothing for as long as a line waited.
    private static let stuck = Atomic<Bool>(false)

    /// Whether stderr can take a line (a line of up to 4 KiB goes to a pipe whole, without waiting, once it can) within
    /// `seconds`; an error or hang-up counts as yes: the write then fails on its own, quickly.
    private static func writable(within seconds: Double) -> Bool {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        var descriptor = pollfd(fd: STDERR_FILENO, events: Int16(POLLOUT), revents: 0)
        while true {
            let now = DispatchTime.now().uptimeNanoseconds
            let milliseconds = deadline > now ? Int32(min((deadline - now) / 1_000_000, 60_000)) : 0
            let ready = poll(&descriptor, 1, milliseconds)
            if ready > 0 || (ready < 0 && errno != EINTR) { return true }
            if ready == 0 && milliseconds == 0 { return false }  // the time has run out; else poll again
        }
    }
}
