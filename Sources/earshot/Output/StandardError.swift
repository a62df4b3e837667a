import Foundation

/// Lines for people on stderr (errors, progress), kept apart from report output on stdout.
enum StandardError {
    /// Writes `line`, control characters shown as `?` (a file named with a newline or an escape sequence must
    /// not split the line or reach the terminal); a stderr that cannot be written (closed, on a full disk) loses the
    /// line, nothing else.
    /// Whether stderr is the same file, pipe or terminal as stdout (as when both are a terminal).
    static let isStandardOutput: Bool = {
        var error = stat()
        var output = stat()
        guard fstat(STDERR_FILENO, &error) == 0, fstat(STDOUT_FILENO, &output) == 0 else { return false }
        return error.st_dev == output.st_dev && error.st_ino == output.st_ino && error.st_rdev == output.st_rdev
    }()

    static func print(_ line: String) {
        try? FileHandle.standardError.write(contentsOf: Data((ReportText.printable(line) + "\n").utf8))
    }
}
