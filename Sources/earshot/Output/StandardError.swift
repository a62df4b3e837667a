import Foundation

/// Lines for people on stderr (errors, progress), kept apart from report output on stdout.
enum StandardError {
    /// Writes `line`; a stderr that cannot be written (closed, on a full disk) loses the line, nothing else.
    static func print(_ line: String) {
        try? FileHandle.standardError.write(contentsOf: Data((line + "\n").utf8))
    }
}
