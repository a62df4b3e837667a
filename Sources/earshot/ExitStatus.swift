import ArgumentParser

/// The exit statuses of every command (README, "Exit codes"), so that a script can tell a bad recording from
/// outputs that were not written.
enum ExitStatus {
    /// An input could not be read or used; in a batch the others were analysed and written.
    static let inputFailed = ExitCode(1)
    /// A capture or playback device could not be opened.
    static let deviceFailed = ExitCode(2)
    /// An output could not be written: a report, recording, table, page, call record, the database or standard
    /// output (what could be written was, and nothing is left half-written).
    static let outputFailed = ExitCode(3)
    /// A bad option or value, or options that do not go together.
    static let usage = ExitCode(64)
    /// A batch stopped by Ctrl-C, SIGTERM or SIGHUP, its finished part written (a second stop signal ends any
    /// command at once, with 128 plus the signal's number).
    static let interrupted = ExitCode(130)
}
