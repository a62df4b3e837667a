import Foundation

/// Writes a file completely or not at all: a temporary file beside it, then a rename. A symbolic link is
/// followed (the file it points to is replaced, the link stays) when `OutputLinks` allows it: one that another user
/// put there is refused. The file put in place keeps the permissions of the one it replaces, if that was the user's
/// own. A pipe, device or socket (a FIFO a script reads, `/dev/null`), and a name for an open descriptor
/// (`/dev/stdout`, `/proc/self/fd/3`, whose file a shell opened), are written in place, appended to: they cannot be
/// replaced, and truncating would lose what was written through the descriptor.
enum AtomicFile {
    static func write(_ text: String, to path: String) throws {
        let writer = try AtomicFileWriter(path: path)
        writer.append(text)
        try writer.commit()
    }

    /// Throws when `path` ends as only a folder's name can (`x.json/`, `x.json/.`, `x.json/..`): the temporary file
    /// beside it could be made, and only the rename at the end failed, after a whole session.
    static func refuseFolderName(_ path: String) throws {
        guard path.hasSuffix("/") || path.hasSuffix("/.") || path.hasSuffix("/.."),
            !FileManager.default.isFolder(atPath: path)  // a folder that is there: "it is a folder"
        else { return }
        throw OutputError(.outputFailed, "cannot write '\(path)': a name ending in '/', '/.' or '/..' names a folder")
    }

    /// Checks, before long work, that `write(_:to:)` will be able to write `path`: not a folder, and a file
    /// can be created beside it (tried and removed at once), or, for a pipe or device, that it is writable.
    static func checkWritable(_ path: String) throws {
        guard !path.isEmpty else { throw OutputError(.outputFailed, "cannot write '': an empty path names no file") }
        if FileManager.default.isFolder(atPath: path) {
            throw OutputError(.outputFailed, "cannot write '\(path)': it is a folder")
        }
        try refuseFolderName(path)
        guard case .replace(let target) = try destination(path) else {
            guard access(path, W_OK) == 0 else {
                throw OutputError(.outputFailed, "cannot write '\(path)': \(String(cString: strerror(errno)))")
            }
            return
        }
        let (probe, file) = try openTemporary(for: target, named: path)
        fclose(file)
        unlink(probe)
    }

    /// How `write(_:to:)` reaches a path: by replacing the file at the end of its links, or in place.
    enum Destination {
        case replace(String)
        case inPlace
    }

    static func destination(_ path: String) throws -> Destination {
        let chain = try OutputLinks.chain(from: path)
        if chain.contains(where: { $0.hasPrefix("/proc/") || $0.hasPrefix("/dev/fd/") }) { return .inPlace }
        var info = stat()
        if stat(path, &info) == 0 && info.st_mode & S_IFMT != S_IFREG && info.st_mode & S_IFMT != S_IFDIR {
            return .inPlace
        }
        return .replace(chain[chain.count - 1])
    }

    /// Removes the temporary files that a killed process (`kill -9`, power loss) left in `folder`: those named
    /// as `write(_:to:)` names them (`.NAME.PID.RANDOM.tmp`, or `.NAME.PID.tmp` before) whose process is gone (or
    /// whose process id now belongs to a process started after the file was last written), and that are the user's
    /// own regular files.
    static func removeAbandonedTemporaries(in folder: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            let parts = name.dropLast(4).split(separator: ".")
            // The process id last (older names, scratch files), or before the 8 random letters.
            let random = parts.last.map { $0.count == 8 && $0.allSatisfy { ("a"..."z").contains($0) } } ?? false
            guard let pid = random ? parts.dropLast().last.flatMap({ Int32($0) }) : parts.last.flatMap({ Int32($0) }),
                pid != getpid()
            else { continue }
            let path = (folder as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == geteuid() else { continue }
            if kill(pid, 0) == 0 || errno == EPERM {
                // A process of that id runs: the writer, unless it started after the file was last written (a
                // second's margin for the clock ticks the start is counted in).
                let written = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
                guard let start = ProcessStartTime.of(pid), start > written + 1 else { continue }
            }
            unlink(path)
        }
    }

    /// Creates the hidden temporary file beside `path` that `write(_:to:)` fills and renames: a new file (never one
    /// that exists, nor a link), under a name no other process can guess, with the permissions of the user's own
    /// file at `path` if there is one (else the usual ones, under the umask). Errors name `name`, the path as the
    /// user gave it.
    static func openTemporary(
        for path: String, named name: String
    ) throws -> (String, UnsafeMutablePointer<FILE>) {
        // The folder as the kernel reads the path (`URL` would take a `..` after a link out as text).
        let folder = ParentPath.of(path)
        let base = path.split(separator: "/").last.map(String.init) ?? path
        var existing = stat()
        let keepsMode =
            stat(path, &existing) == 0 && existing.st_mode & S_IFMT == S_IFREG && existing.st_uid == geteuid()
        var code: Int32 = 0
        for _ in 0..<16 {
            let random = String((0..<8).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement()! })
            let temporary = (folder.isEmpty ? "" : folder + "/") + ".\(base).\(getpid()).\(random).tmp"
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
            code = errno
            if descriptor < 0 && code == EEXIST { continue }
            guard descriptor >= 0 else { break }
            if keepsMode { fchmod(descriptor, existing.st_mode & 0o7777) }
            guard let file = fdopen(descriptor, "w") else {
                code = errno
                close(descriptor)
                unlink(temporary)
                break
            }
            return (temporary, file)
        }
        throw OutputError(
            AtomicFileWriter.kind(of: code),
            "cannot write '\(name)': \(String(cString: strerror(code))); check that its folder exists and is writable"
        )
    }

    /// Creates `path` (and its parents) as a folder, with an error that names it as `role` and says what is in the
    /// way. As `mkdir -p`, a failure leaves the folders made before it: another run may be making its own folder in
    /// one of them.
    static func createFolder(_ path: String, as role: String = "output folder") throws {
        guard !path.isEmpty else {
            throw OutputError(.outputFailed, "cannot use '' as \(role): the path is empty")
        }
        do {
            _ = try OutputLinks.chain(from: path)
        } catch let error as OutputError {
            throw OutputError(.outputFailed, error.message.replacingOccurrences(of: "cannot write", with: "cannot use"))
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw OutputError(.outputFailed, "cannot use '\(path)' as \(role): it is a file")
            }
            return
        }
        let code = makeFolders(path)
        guard code != 0 else { return }
        // The nearest part of the path that exists (the working folder for a relative path of new folders).
        var ancestor = ParentPath.of(path)
        while !ancestor.isEmpty && !FileManager.default.fileExists(atPath: ancestor, isDirectory: &isFolder) {
            ancestor = ParentPath.of(ancestor)
        }
        if ancestor.isEmpty { ancestor = "." }
        let reason =
            if let blocker = inTheWay(of: path) {
                blocker
            } else {
                switch code {
                case EACCES, EPERM: "no permission to create it in '\(ancestor)'"
                case EROFS: "'\(ancestor)' is on a read-only file system"
                default: String(cString: strerror(code))  // no space left on device, file name too long, ...
                }
            }
        throw OutputError(.outputFailed, "cannot create \(role) '\(path)': \(reason)")
    }

    /// What stands where a folder of `path` should be, part by part from its start: a file, or a link to nothing
    /// (`nil` when every part that exists is a folder).
    private static func inTheWay(of path: String) -> String? {
        for part in leadingParts(of: path) {
            var info = stat()
            guard lstat(part, &info) == 0 else { return nil }
            if info.st_mode & S_IFMT == S_IFLNK, stat(part, &info) != 0 {
                guard errno == ENOENT else { return nil }  // a folder it cannot search: the permission says it
                // The end of the chain of links, where the name leads to nothing.
                var link = part
                var target = "?"  // where the last link leads, from the working folder (as its text, when absolute)
                for _ in 0..<40 {
                    let text = (try? FileManager.default.destinationOfSymbolicLink(atPath: link)) ?? "?"
                    target =
                        text.hasPrefix("/") || ParentPath.of(link).isEmpty ? text : ParentPath.of(link) + "/" + text
                    var nextInfo = stat()
                    guard lstat(target, &nextInfo) == 0, nextInfo.st_mode & S_IFMT == S_IFLNK else { break }
                    link = target
                }
                let through = link == part ? "" : " (through '\(link)')"
                return "'\(part)' is a link to '\(target)'\(through), which does not exist"
            }
            if info.st_mode & S_IFMT != S_IFDIR { return "'\(part)' is a file, not a folder" }
        }
        return nil
    }

    /// Creates each missing folder of `path` in turn (as `mkdir -p`); returns 0, or the error number of the one that
    /// could not be made.
    private static func makeFolders(_ path: String) -> Int32 {
        for part in leadingParts(of: path) {
            if mkdir(part, 0o777) != 0 && errno != EEXIST { return errno }
        }
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue ? 0 : ENOTDIR
    }

    /// `path` cut after each of its components, in order: "a/b/c" → "a", "a/b", "a/b/c"; "/a/b" → "/a", "/a/b".
    private static func leadingParts(of path: String) -> [String] {
        var part = path.hasPrefix("/") ? "/" : ""
        return path.split(separator: "/").map { name in
            part += (part.isEmpty || part.hasSuffix("/") ? "" : "/") + name
            return part
        }
    }
}

/// An output file could not be written (kind `.outputFailed`).
typealias OutputError = EarshotError
