import Foundation

/// A file written piece by piece and put in place whole, as `AtomicFile.write(_:to:)` puts a text: the pieces go
/// to a temporary file beside it, renamed over it by `commit()`. Until then the old file stays as it was, and a
/// writer dropped without `commit()` (an error part-way) removes its temporary file. A pipe, device or open
/// descriptor's file is written in place, piece by piece (see `AtomicFile`). A failed write is reported by
/// `commit()`, which names the file.
final class AtomicFileWriter {
    private let path: String
    /// The file that `commit()` replaces, and the temporary file being filled; `nil` when writing in place.
    private let target: String?
    private var temporary: String?
    private var file: UnsafeMutablePointer<FILE>?
    private var descriptor: Int32 = -1
    /// The `errno` of the first write that failed.
    private var failure: Int32 = 0

    /// Opens the temporary file (or the pipe or device). - Throws: `OutputError` naming `path`.
    init(path: String) throws {
        self.path = path
        switch try AtomicFile.destination(path) {
        case .replace(let target):
            self.target = target
            let (temporary, file) = try AtomicFile.openTemporary(for: target, named: path)
            self.temporary = temporary
            self.file = file
        case .inPlace:
            target = nil
            descriptor = open(path, O_WRONLY | O_APPEND | O_NONBLOCK | O_CLOEXEC)
            guard descriptor >= 0 else {
                let reason = errno == ENXIO ? "no program is reading this pipe" : String(cString: strerror(errno))
                throw OutputError(.outputFailed, "cannot write '\(path)': \(reason)")
            }
            // A pipe nobody reads was an error at open; once open, wait for room like any writer.
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        }
    }

    deinit {
        if let file { fclose(file) }
        if let temporary { unlink(temporary) }
        if descriptor >= 0 { close(descriptor) }
    }

    /// Adds `text` at the end. A failure is kept for `commit()`; later pieces are then dropped.
    func append(_ text: String) {
        var text = text
        text.withUTF8 { append(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Adds everything in `scratch` (read from its start) at the end.
    func append(_ scratch: ScratchFile) {
        guard failure == 0 else { return }
        let code = scratch.copy { append(bytes: $0) }
        if code != 0 && failure == 0 { failure = code }
    }

    private func append(bytes: UnsafeRawBufferPointer) {
        guard failure == 0, !bytes.isEmpty else { return }
        if let file {
            if fwrite(bytes.baseAddress, 1, bytes.count, file) != bytes.count { failure = errno == 0 ? EIO : errno }
        } else {
            let code = Descriptor.writeAll(Array(bytes), to: descriptor)
            if code != 0 { failure = code }
        }
    }

    /// The kind of a write that failed with `code`: `.outputFull` for a full disk or quota.
    static func kind(of code: Int32) -> OutputError.Kind {
        code == ENOSPC || code == EDQUOT ? .outputFull : .outputFailed
    }

    /// Puts the file in place whole, or throws `OutputError` (nothing was left half-written).
    func commit() throws {
        guard let target, let temporary, let file else {
            if descriptor >= 0 {
                Self.moveStandardStreamsPastEnd(of: descriptor)
                close(descriptor)
            }
            descriptor = -1
            if failure != 0 {
                throw OutputError(
                    Self.kind(of: failure), "cannot write '\(path)': \(String(cString: strerror(failure)))")
            }
            return
        }
        let flushed = failure == 0 && fflush(file) == 0 && fsync(fileno(file)) == 0
        let code = failure != 0 ? failure : errno
        let closed = fclose(file) == 0
        self.file = nil
        guard flushed, closed else {
            throw OutputError(
                Self.kind(of: code),
                "cannot write '\(path)': \(String(cString: strerror(code))) (nothing was left half-written)")
        }
        // rename(2) replaces the old file in one step: readers see the old or the new, never half.
        guard rename(temporary, target) == 0 else {
            throw OutputError(.outputFailed, "cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        self.temporary = nil
    }

    /// A regular file written in place (appended to) through another descriptor of it, `--report /dev/stdout` with
    /// standard output sent to a file: standard output and error keep their own offsets, before what was appended,
    /// and what they wrote next would overwrite it. Moves those that point to the same file to its end.
    private static func moveStandardStreamsPastEnd(of descriptor: Int32) {
        var written = stat()
        guard fstat(descriptor, &written) == 0, written.st_mode & S_IFMT == S_IFREG else { return }
        for stream in [STDOUT_FILENO, STDERR_FILENO] {
            var info = stat()
            if fstat(stream, &info) == 0 && info.st_dev == written.st_dev && info.st_ino == written.st_ino {
                lseek(stream, 0, SEEK_END)
            }
        }
    }
}
