import Foundation

/// What a running tool writes to a pipe (its standard output or error), read as it comes: for a test that waits for
/// a line of a live session before it acts on the session.
final class OutputReader {
    private let handle: FileHandle
    /// Everything read so far.
    private(set) var data = Data()
    /// The part of `data` not yet taken as whole lines by `readStatuses`.
    private var pending = Data()
    /// When the last chunk arrived.
    private var arrived = Date()

    /// A reader of `pipe`'s reading end.
    init(_ pipe: Pipe) {
        handle = pipe.fileHandleForReading
    }

    /// Everything read so far, as text.
    var text: String { String(decoding: data, as: UTF8.self) }

    /// Reads until what was read holds `needle`, or the output ends.
    /// - Returns: whether `needle` was found.
    @discardableResult
    func read(until needle: String) -> Bool {
        while !text.contains(needle) {
            guard readChunk() != nil else { return false }
        }
        return true
    }

    /// Reads `--json` status lines as they come, giving `each` the media time of each (infinity where it is not a
    /// number) and when the output that finished the line arrived, until `each` returns `true` or the output ends.
    /// - Returns: whether `each` returned `true`.
    @discardableResult
    func readStatuses(until each: (_ seconds: Double, _ arrived: Date) -> Bool) -> Bool {
        while true {
            while let newline = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                guard line.hasPrefix(EarshotProcess.statusPrefix) else { continue }
                if each(EarshotProcess.statusSeconds(line[...]) ?? .infinity, arrived) { return true }
            }
            guard readChunk() != nil else { return false }
        }
    }

    /// Reads the rest of the output, to its end.
    /// - Returns: everything read, as text.
    @discardableResult
    func readToEnd() -> String {
        let rest = handle.readDataToEndOfFile()
        data.append(rest)
        pending.append(rest)
        return text
    }

    /// Waits for the next chunk of output and keeps it; `nil` at the end of the output.
    private func readChunk() -> Data? {
        let chunk = handle.availableData
        guard !chunk.isEmpty else { return nil }
        arrived = Date()
        data.append(chunk)
        pending.append(chunk)
        return chunk
    }
}
