import Foundation

extension BatchInputs {
    /// The audio files under `input`, sorted, when it is a folder; `nil` when it is not (a file, or missing).
    /// `skipped` gets the recordings there in formats Earshot cannot read.
    /// A file whose name is not UTF-8 is listed under its name with the odd bytes written `\xE9`, with `error`
    /// saying so (it cannot be opened by that name, and is not left out unsaid); so is a folder that cannot be
    /// searched (unreadable, or so named), with the error that its recordings are left out: a failed input, never a
    /// batch that looks whole.
    static func audioFiles(
        ifFolder input: String, skipped: inout [String]
    ) -> [(path: String, error: String?)]? {
        guard FileManager.default.isFolder(atPath: input) else { return nil }
        return audioFiles(under: input, skipped: &skipped).sorted { PathKey.precedes($0.path, $1.path) }
    }

    /// The names in `folder` that are not UTF-8 text, their odd bytes written `\xE9`, and whether each is a
    /// folder (hidden ones left out).
    private static func undecodableNames(in folder: String) -> [(name: String, isFolder: Bool)] {
        guard let handle = opendir(folder) else { return [] }
        defer { closedir(handle) }
        var names: [(name: String, isFolder: Bool)] = []
        while let entry = readdir(handle) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            guard bytes.first != UInt8(ascii: "."), String(validating: bytes, as: UTF8.self) == nil else { continue }
            var name = ""
            var rest = bytes[...]
            while !rest.isEmpty {
                // The longest valid UTF-8 run, then one odd byte escaped.
                var end = rest.endIndex
                while end > rest.startIndex && String(validating: rest[rest.startIndex..<end], as: UTF8.self) == nil {
                    end -= 1
                }
                name += String(decoding: rest[rest.startIndex..<end], as: UTF8.self)
                if end < rest.endIndex { name += String(format: "\\x%02X", rest[end]) }
                rest = rest[min(end + 1, rest.endIndex)...]
            }
            // A folder, or a link to one (d_type says only "link", or nothing on some file systems): by its target.
            var info = stat()
            let isFolder =
                withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    fstatat(dirfd(handle), raw.baseAddress!.assumingMemoryBound(to: CChar.self), &info, 0) == 0
                } && (info.st_mode & S_IFMT) == S_IFDIR
            names.append((name, isFolder))
        }
        return names
    }

    /// Why `folder` cannot be listed, in the system's words.
    private static func unlistable(_ folder: String) -> String {
        guard let handle = opendir(folder) else { return String(cString: strerror(errno)) }
        closedir(handle)
        return "it cannot be read"
    }

    /// Audio files by extension under `folder`, through linked folders too (a recordings share mounted and
    /// linked into place). Folders are searched breadth first in name order, linked ones after every real one,
    /// so a file reached both ways keeps its real path whatever the order on disk; a folder already searched,
    /// or a link that leads back up the tree, is skipped.
    private static func audioFiles(
        under folder: String, skipped: inout [String]
    ) -> [(path: String, error: String?)] {
        var out: [(path: String, error: String?)] = []
        var searched = Set<PathKey>()
        var real = [folder]
        var linked: [String] = []
        while !real.isEmpty || !linked.isEmpty {
            let current = real.isEmpty ? linked.removeFirst() : real.removeFirst()
            let here = resolved(current)
            guard searched.insert(PathKey(here)).inserted else { continue }
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: current) else {
                // Never silently: a folder left out is recordings left out of the tables.
                out.append(
                    (current, "cannot search this folder: \(unlistable(current)); the recordings in it are left out"))
                continue
            }
            var undecodable = false
            for name in names.sorted(by: PathKey.precedes) {
                // Hidden files and folders (macOS `._x.wav` resource forks, `.Trash`) are not recordings.
                if name.hasPrefix(".") { continue }
                let path = (current as NSString).appendingPathComponent(name)
                var info = stat()
                let statError = stat(path, &info) == 0 ? 0 : errno
                if statError == ENOENT && name.contains("\u{FFFD}") {
                    // A name that is not UTF-8 (Latin-1 from an old recorder or share) reads back with its bytes
                    // replaced, so it names no file, and two such names may read the same: listed apart below.
                    undecodable = true
                    continue
                }
                if statError != 0 && statError != ENOENT {  // a dangling link is no recording
                    if audioExtensions.contains((name as NSString).pathExtension.lowercased()) {
                        out.append((path, nil))  // a recording by its name (a loop of links): opening it says why not
                    } else {
                        let reason = String(cString: strerror(statError))
                        out.append((path, "cannot search it: \(reason); the recordings in it are left out"))
                    }
                    continue
                }
                if FileManager.default.isFolder(atPath: path) {
                    let target = resolved(path)
                    let upTheTree = target == "/" || here == target || here.hasPrefix(target + "/")
                    if upTheTree { continue }
                    let isLink = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
                    if isLink { linked.append(path) } else { real.append(path) }
                } else {
                    let ext = (name as NSString).pathExtension.lowercased()
                    if audioExtensions.contains(ext) {
                        out.append((path, nil))
                    } else if unreadableAudioExtensions.contains(ext) {
                        skipped.append(path)
                    }
                }
            }
            if undecodable { out += undecodableEntries(in: current) }
        }
        return out
    }

    /// The audio files in `folder` whose names are not UTF-8, each with the error that says so (under a spelling
    /// that is never a real file's), and the folders so named, each with the error that it cannot be searched.
    private static func undecodableEntries(in folder: String) -> [(path: String, error: String?)] {
        var out: [(path: String, error: String?)] = []
        for (name, isFolder) in undecodableNames(in: folder) {
            let path = (folder as NSString).appendingPathComponent(name)
            guard isFolder || audioExtensions.contains((name as NSString).pathExtension.lowercased()) else { continue }
            // Never the spelling of a real file (one literally named `caf\xE9.wav`): it would take its row.
            var shown = path
            while FileManager.default.fileExists(atPath: shown) { shown += " (name not UTF-8)" }
            let consequence =
                isFolder
                ? "this folder cannot be searched: the recordings in it are left out" : "it cannot be opened by name"
            out.append(
                (
                    shown,
                    "its name is not valid UTF-8 (the bytes written \\xNN here; an old Latin-1 name?), so \(consequence): "
                        + "rename it to UTF-8 (e.g. convmv -f latin1 -t utf8 --notest)"
                ))
        }
        return out
    }
}
