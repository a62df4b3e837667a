import Foundation

/// Writing to a file descriptor with `write(2)`, unbuffered: for standard output and for pipes and devices
/// written in place.
enum Descriptor {
    /// Writes all of `bytes` to `descriptor`, again after a signal interrupts and, on a non-blocking descriptor
    /// that is full, after waiting for room. Returns 0, or the `errno` of the write that failed (`EIO` for one
    /// that wrote nothing).
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + sent, bytes.count - sent) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&ready, 1, 1_000)
                continue
            }
            guard count > 0 else { return count < 0 ? errno : EIO }
            sent += count
        }
        return 0
    }
}
