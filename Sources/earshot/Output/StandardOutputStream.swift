import Foundation

/// Standard output as a `TextOutputStream` that passes text on in 64 KiB pieces, so a long call's JSON
/// report is written while it is rendered instead of being held whole in memory.
struct StandardOutputStream: TextOutputStream {
    private static let chunkBytes = 1 << 16
    private var buffer: [UInt8] = []

    init() { buffer.reserveCapacity(Self.chunkBytes) }

    mutating func write(_ string: String) {
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= Self.chunkBytes { flush() }
    }

    /// Writes what is buffered (a failed write is recorded for `StandardOutputCheck.finish()`).
    mutating func flush() {
        StandardOutput.write(bytes: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
