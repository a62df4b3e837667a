import Foundation

/// Text kept on disk rather than in memory while a large output is built (the parts of a batch page that come
/// after parts not yet known). An unlinked file in the output's folder: it takes no name and goes when closed,
/// also when the process is killed.
final class ScratchFile {
    private let file: UnsafeMutablePointer<FILE>
    /// The `errno` of the first write that failed.
    private(set) var failure: Int32 = 0

    /// - Throws: `OutputError` when no file can be made in `folder`.
    init(in folder: String) throws {
        let name = (folder as NSString).appendingPathComponent(".scratch.\(UUID().uuidString).\(getpid()).tmp")
        // A new file of its own (never one that exists, nor a link), readable by no one else while it exists.
        let descriptor = open(name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0, let file = fdopen(descriptor, "w+") else {
            let reason = String(cString: strerror(errno))
            if descriptor >= 0 {
                close(descriptor)
                unlink(name)
            }
            throw OutputError(.outputFailed, "cannot write in '\(folder)': \(reason)")
        }
        unlink(name)
        self.file = file
    }

    deinit { fclose(file) }

    func append(_ text: String) {
        guard failure == 0 else { return }
        var text = text
        text.withUTF8 { bytes in
            if !bytes.isEmpty && fwrite(bytes.baseAddress, 1, bytes.count, file) != bytes.count {
                failure = errno == 0 ? EIO : errno
            }
        }
    }

    /// Hands what was written to `sink` in pieces, from the start; returns 0 or the `errno` of what failed.
    func copy(to sink: (UnsafeRawBufferPointer) -> Void) -> Int32 {
        guard failure == 0 else { return failure }
        guard fflush(file) == 0 else { return errno }
        rewind(file)
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count == 0 { break }
            buffer.withUnsafeBytes { sink(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        let code: Int32 = ferror(file) != 0 ? EIO : 0
        fseek(file, 0, SEEK_END)
        return code
    }
}
