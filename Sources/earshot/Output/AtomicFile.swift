import Foundation

/// Writes a file completely or not at all: a temporary file beside it, then a rename. A symbolic link is
/// followed (the file it points to is replaced, the link stays); a pipe, device or socket (`/dev/stdout`, a
/// FIFO a script reads) is written in place, since it cannot be replaced.
enum AtomicFile {
    static func write(_ text: String, to path: String) throws {
        let bytes = Array(text.utf8)
        if isStream(path) {
            try writeInPlace(bytes, to: path)
            return
        }
        let target = followingLinks(path)
        let (temporary, file) = try openTemporary(for: target, named: path)
        let written = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
        let flushed = fflush(file) == 0 && fsync(fileno(file)) == 0
        let code = errno
        let closed = fclose(file) == 0
        guard written == bytes.count, flushed, closed else {
            unlink(temporary)
            throw OutputError(
                message: "cannot write '\(path)': \(String(cString: strerror(code))) (nothing was left half-written)")
        }
        // rename(2) replaces the old file in one step: readers see the old or the new, never half.
        guard rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw OutputError(message: "cannot write '\(path)': \(reason)")
        }
    }

    /// Checks, before long work, that `write(_:to:)` will be able to write `path`: not a folder, and a file
    /// can be created beside it (tried and removed at once), or, for a pipe or device, that it is writable.
    static func checkWritable(_ path: String) throws {
        if FileManager.default.isFolder(atPath: path) {
            throw OutputError(message: "cannot write '\(path)': it is a folder")
        }
        if isStream(path) {
            guard access(path, W_OK) == 0 else {
                throw OutputError(message: "cannot write '\(path)': \(String(cString: strerror(errno)))")
            }
            return
        }
        let (probe, file) = try openTemporary(for: followingLinks(path), named: path)
        fclose(file)
        unlink(probe)
    }

    /// Whether `path` (links followed) exists and is neither a regular file nor a folder.
    private static func isStream(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        let type = info.st_mode & S_IFMT
        return type != S_IFREG && type != S_IFDIR
    }

    /// `path` with its symbolic links followed, also a link to a file not there yet (at most 40 links).
    private static func followingLinks(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK,
                let link = try? FileManager.default.destinationOfSymbolicLink(atPath: current)
            else { return current }
            current =
                link.hasPrefix("/") ? link : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(link)
        }
        return current
    }

    /// Writes a pipe or device directly (it cannot be replaced by a rename).
    private static func writeInPlace(_ bytes: [UInt8], to path: String) throws {
        guard let file = fopen(path, "w") else {
            throw OutputError(message: "cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        let written = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
        let flushed = fflush(file) == 0
        let code = errno
        let closed = fclose(file) == 0
        guard written == bytes.count, flushed, closed else {
            throw OutputError(message: "cannot write '\(path)': \(String(cString: strerror(code)))")
        }
    }

    /// Removes the temporary files that a killed process (`kill -9`, power loss) left in `folder`: those named
    /// as `write(_:to:)` names them whose process is gone.
    static func removeAbandonedTemporaries(in folder: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            let parts = name.dropLast(4).split(separator: ".")
            guard let pid = parts.last.flatMap({ Int32($0) }), pid != getpid() else { continue }
            if kill(pid, 0) == 0 || errno == EPERM { continue }  // that process is still running
            unlink((folder as NSString).appendingPathComponent(name))
        }
    }

    /// Creates the hidden temporary file beside `path` that `write(_:to:)` fills and renames; errors name
    /// `name`, the path as the user gave it.
    private static func openTemporary(for path: String, named name: String) throws -> (String, UnsafeMutablePointer<FILE>) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(getpid()).tmp"
        ).path
        guard let file = fopen(temporary, "w") else {
            throw OutputError(
                message:
                    "cannot write '\(name)': \(String(cString: strerror(errno))); check that its folder exists and is writable"
            )
        }
        return (temporary, file)
    }

    /// Creates `path` (and its parents) as a folder, with an error that says what is in the way.
    static func createFolder(_ path: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw OutputError(message: "cannot use '\(path)' as output folder: it is a file")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            let code = errno
            var ancestor = (path as NSString).deletingLastPathComponent
            while !ancestor.isEmpty && !FileManager.default.fileExists(atPath: ancestor, isDirectory: &isFolder) {
                ancestor = (ancestor as NSString).deletingLastPathComponent
            }
            let reason =
                !isFolder.boolValue
                ? "'\(ancestor)' is a file, not a folder"
                : code == EROFS
                    ? "'\(ancestor)' is on a read-only file system" : "no permission to create it in '\(ancestor)'"
            throw OutputError(message: "cannot create output folder '\(path)': \(reason)")
        }
    }
}

/// An output file could not be written.
struct OutputError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
