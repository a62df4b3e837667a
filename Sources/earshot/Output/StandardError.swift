import Foundation

/// Lines for people on stderr (errors, progress), kept apart from report output on stdout.
enum StandardError {
    /// Writes `line`; a stderr that cannot be written (closed, on a full disk) loses the line, nothing else.
    static func print(_ line: String) {
        try? FileHandle.standardError.write(contentsOf: Data((line + "\n").utf8))
    }
}

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
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress! + sent, bytes.count - sent) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {  // a non-blocking stdout that is full
                var ready = pollfd(fd: STDOUT_FILENO, events: Int16(POLLOUT), revents: 0)
                _ = poll(&ready, 1, 1_000)
                continue
            }
            guard count > 0 else {
                StandardOutputCheck.recordFailure(count < 0 ? errno : EIO)
                return
            }
            sent += count
        }
    }
}
