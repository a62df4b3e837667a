import Foundation

/// Every write to standard output goes through here, unbuffered (`write(2)`), so each line appears at once
/// (live output read by another program) and a failed write is noticed (`StandardOutputCheck`).
enum StandardOutput {
    /// Writes `text` followed by a newline.
    static func line(_ text: String) {
        write(text + "\n")
    }

    /// Writes `text` as it is.
    static func write(_ text: String) {
        write(bytes: Array(text.utf8))
    }

    /// Writes `bytes`; after a failed write nothing more is written.
    static func write(bytes: [UInt8]) {
        guard !StandardOutputCheck.hasFailed else { return }
        let code = Descriptor.writeAll(bytes, to: STDOUT_FILENO)
        if code != 0 { StandardOutputCheck.recordFailure(code) }
    }
}
