import Foundation

/// Lines for people on stderr (errors, progress), kept apart from report output on stdout.
enum StandardError {
    /// Writes `line`, control characters shown as `?` (a file named with a newline or an escape sequence must
    /// not split the line or reach the terminal); a stderr that cannot be written (closed, on a full disk) loses the
    /// line, nothing else.
    /// Whether stderr is a terminal (the live view's, or one a person watches): a warning shown in the view is then
    /// not written there again.
    static let isTerminal = isatty(STDERR_FILENO) == 1

    static func print(_ line: String) {
        try? FileHandle.standardError.write(contentsOf: Data((ReportText.printable(line) + "\n").utf8))
    }
}
