internal import CSndFile
internal import Glibc

/// What FileSource checks of a path before opening it, and how it names an encoding.
extension FileSource {
    /// Maps a missing or unreadable path to a clear error before libsndfile's vaguer one; returns its size.
    static func checkReadable(_ path: String) throws(AudioError) -> Int {
        var status = stat()
        guard stat(path, &status) == 0 else {
            let code = errno
            let reason = String(cString: strerror(code))
            if code == EACCES {
                throw AudioError(
                    kind: .permissionDenied,
                    message: "cannot open '\(path)': permission denied; check the file's permissions", path: path,
                    underlying: reason)
            }
            // A name that is not valid UTF-8 on disk reaches Swift with U+FFFD in place of its odd bytes (a folder
            // listing does that), which names no file. What is not "no such file" is said as the system says it (a
            // loop of links, a name too long, a file taken for a folder on the way).
            let advice =
                code != ENOENT
                ? Self.reason(code)
                : path.unicodeScalars.contains("\u{FFFD}")
                    ? "no such file: its name on disk is probably not valid UTF-8 (an old Latin-1 name); rename it"
                    : "no such file; check the path"
            throw AudioError(
                kind: .fileNotFound, message: "cannot open '\(path)': \(advice)", path: path, underlying: reason)
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            let what =
                switch status.st_mode & S_IFMT {
                case S_IFDIR: "a folder"
                case S_IFIFO: "a pipe (FIFO)"
                case S_IFCHR, S_IFBLK: "a device"
                case S_IFSOCK: "a socket"
                default: "not a regular file"
                }
            throw AudioError(
                kind: .notAFile, message: "cannot analyse '\(path)': it is \(what), not a recording file", path: path)
        }
        guard status.st_size > 0 else {
            throw AudioError(
                kind: .unsupportedFormat, message: "cannot read '\(path)': the file is empty (0 bytes)", path: path)
        }
        guard access(path, R_OK) == 0 else {
            throw AudioError(
                kind: .permissionDenied,
                message: "cannot open '\(path)': permission denied; check the file's permissions", path: path,
                underlying: String(cString: strerror(errno)))
        }
        return Int(status.st_size)
    }

    /// Why a path cannot be reached, for an error message: the system's words, with what they mean where unclear.
    static func reason(_ code: Int32) -> String {
        switch code {
        case ELOOP: "too many levels of symbolic links (a loop of links)"
        case ENOTDIR: "a part of the path taken for a folder is a file"
        default: String(cString: strerror(code)).lowercased()
        }
    }

    /// The file's length as its RIFF header declares it (its size field plus the 8 bytes before it) when `path`
    /// starts as a RIFF WAVE file, else `nil`: a WAV shorter than that was cut off.
    static func declaredRIFFBytes(_ path: String) -> Int? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var head = [UInt8](repeating: 0, count: 12)
        guard read(descriptor, &head, 12) == 12, head[0..<4] == [0x52, 0x49, 0x46, 0x46],  // "RIFF"
            head[8..<12] == [0x57, 0x41, 0x56, 0x45]  // "WAVE"
        else { return nil }
        let size = head[4..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        return size + 8
    }

    static func describe(format: Int32) -> String {
        var info = SF_FORMAT_INFO()
        info.format = format & Int32(SF_FORMAT_TYPEMASK)
        var major = "audio"
        if sf_command(nil, Int32(SFC_GET_FORMAT_INFO), &info, Int32(MemoryLayout<SF_FORMAT_INFO>.size)) == 0,
            let name = info.name
        {
            major = String(cString: name)
        }
        info = SF_FORMAT_INFO()
        info.format = format & Int32(SF_FORMAT_SUBMASK)
        var minor = ""
        if sf_command(nil, Int32(SFC_GET_FORMAT_INFO), &info, Int32(MemoryLayout<SF_FORMAT_INFO>.size)) == 0,
            let name = info.name
        {
            minor = String(cString: name)
        }
        return minor.isEmpty ? major : "\(major), \(minor)"
    }
}
