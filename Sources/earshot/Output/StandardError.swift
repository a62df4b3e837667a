import Foundation

/// Lines for people on stderr (errors, progress), kept apart from report output on stdout.
enum StandardError {
    static func print(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// Lines on stdout that must appear at once (live output read by another program).
enum StandardOutput {
    static func line(_ text: String) {
        print(text)
        fflush(nil)
    }
}
