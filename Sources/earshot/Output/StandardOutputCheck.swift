import ArgumentParser
import Foundation
import Synchronization

/// Whether everything written to standard output got there. A full disk, a closed pipe or a closed stdout
/// must end the command with an error, not with status 0 and a cut-off report.
enum StandardOutputCheck {
    private static let failure = Atomic<Int32>(0)
    /// Whether standard output was a terminal at the start (after a hangup `isatty` itself fails).
    private static let toTerminal = Atomic<Bool>(false)

    /// Called first, by `Earshot.main` for every command (and `--help`): a reader that goes away makes writes fail
    /// with EPIPE instead of killing the process with SIGPIPE (which would lose a live session's report). A handler
    /// that does nothing, not SIG_IGN: an ignored signal stays ignored in the `--on-alert` commands started later, a
    /// handler does not.
    static func begin() {
        toTerminal.store(isatty(STDOUT_FILENO) == 1, ordering: .relaxed)
        signal(SIGPIPE) { _ in }
    }

    /// The failure of a standard output that took nothing for `BackgroundOutput.finishSeconds` (its reader stopped
    /// reading): no `errno`.
    static let tookNothing: Int32 = -1

    /// Records a failed write (`code` is its errno, or `tookNothing`) and asks a live or replay session to stop:
    /// nobody reads its output any more.
    static func recordFailure(_ code: Int32) {
        _ = failure.compareExchange(expected: 0, desired: code == 0 ? EIO : code, ordering: .relaxed)
        StopSignal.requested.store(true, ordering: .relaxed)
    }

    /// Whether a write to standard output has failed.
    static var hasFailed: Bool { failure.load(ordering: .relaxed) != 0 }

    /// Checks that every write to standard output (all made through `StandardOutput`) reached it.
    /// - Throws: `ExitStatus.outputFailed` after an error naming the problem.
    static func finish() throws {
        let code = failure.load(ordering: .relaxed)
        // A terminal that was closed (hung up) takes no more writes: EIO. Nobody is left to read it, and the session
        // ended as asked (SIGHUP), its report written.
        guard code != 0, !(code == EIO && toTerminal.load(ordering: .relaxed)) else { return }
        let reason =
            code == tookNothing
            ? "it took nothing for \(Int(BackgroundOutput.finishSeconds)) s (its reader stopped reading)"
            : String(cString: strerror(code))
        StandardError.print(
            "earshot: error: cannot write to standard output: \(reason); what was printed is incomplete")
        throw ExitStatus.outputFailed
    }
}
