import Foundation

/// One recording to analyse in a batch, with what the manifest or the options say about it.
struct BatchItem: Equatable {
    var path: String
    var agent: String?
    var callID: String?
    var agentChannel: Int?
    /// What is wrong with the manifest's row for it (no path, an agent channel that is not 0 or 1): the row is not
    /// analysed, counts as failed, and the batch goes on.
    var manifestError: String? = nil
    /// What is known to be wrong with the file before it is opened (a name that is not UTF-8): it gets a failed
    /// row with this error.
    var inputError: String? = nil
}

/// Expands the batch inputs: files, folders (recursive, audio files only) and a manifest CSV.
enum BatchInputs {
    /// The extensions of the formats libsndfile reads, searched for in folders.
    static let audioExtensions: Set<String> = [
        "wav", "wave", "wavex", "flac", "ogg", "oga", "opus", "mp3", "mp2", "aif", "aiff", "aifc", "au", "snd", "caf",
        "w64", "rf64", "raw", "sph", "nist", "voc", "paf", "iff", "svx", "sf", "ircam", "avr", "htk", "wve",
    ]

    /// Extensions of audio formats libsndfile does not read (AAC, AMR, WMA ...): recordings a folder search
    /// skips, and says so.
    static let unreadableAudioExtensions: Set<String> = [
        "m4a", "m4b", "aac", "mp4", "3gp", "amr", "awb", "wma", "asf", "webm", "mka", "ape", "wv", "ac3",
    ]

    typealias Failure = EarshotError

    /// Every item, sorted by path (so shards and runs are deterministic), each file once however it is spelt;
    /// `emptyFolders` gets the folders among `inputs` that hold no audio file, `skipped` the count of recordings
    /// in formats Earshot cannot read, by extension.
    static func expand(
        _ inputs: [String], manifest: String?, emptyFolders: inout [String], skipped: inout [String: Int]
    ) throws(Failure) -> [BatchItem] {
        var items: [BatchItem] = []
        for input in inputs {
            if let found = audioFiles(ifFolder: input, skipped: &skipped) {
                if found.isEmpty { emptyFolders.append(input) }
                items += found.map { BatchItem(path: $0.path, inputError: $0.error) }
            } else {
                items.append(BatchItem(path: input))  // a missing file becomes a failed row, not a stop
            }
        }
        // A file the manifest lists takes its agent, call id and agent channel from the manifest, however
        // else it was named; of two manifest rows for one file, the first.
        var listed: [PathKey: BatchItem] = [:]
        if let manifest {
            var conflicting: [String] = []
            for item in try read(manifest: manifest) {
                let key = PathKey(resolved(item.path))
                if let first = listed[key] {
                    // An unusable first row gives way to a usable one for the same file.
                    if first.manifestError != nil && item.manifestError == nil {
                        listed[key] = item
                        continue
                    }
                    let firstSays = (first.agent, first.callID, first.agentChannel)
                    if firstSays != (item.agent, item.callID, item.agentChannel) { conflicting.append(item.path) }
                    continue
                }
                listed[key] = item
            }
            if !conflicting.isEmpty {
                StandardError.print(
                    "earshot: warning: manifest '\(manifest)' lists \(conflicting.count) file(s) again with another agent, "
                        + "call id or agent channel; the first row of each is used: \(ReportText.someOf(conflicting))")
            }
        }
        var seen = Set<PathKey>()
        items = items.filter { listed[PathKey(resolved($0.path))] == nil } + listed.values
        return items.sorted { PathKey.precedes($0.path, $1.path) }.filter {
            seen.insert(PathKey(resolved($0.path))).inserted
        }
    }

    /// `path` made absolute, with `.`, `..` and symbolic links resolved: one spelling per file. Resolved as the
    /// kernel does (`realpath`: a `..` after a link leaves the link's target); a path that does not exist has its
    /// longest existing folder resolved so, and the rest added as text (a file about to be made through a link to
    /// a folder has the spelling it will have).
    static func resolved(_ path: String) -> String {
        if let real = realpath(path, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let parent = url.deletingLastPathComponent()
        guard parent.path != url.path, !url.lastPathComponent.isEmpty else { return url.path }
        return (resolved(parent.path) as NSString).appendingPathComponent(url.lastPathComponent)
    }

    /// Shard `index` (1-based) of `count`: the items whose file name hashes to it. The name alone decides, not
    /// the item's place in the list nor the folder it was found in: a recording that arrives while the shards
    /// run, or a machine that mounts the recordings elsewhere, moves no other file to another shard.
    static func shard(_ items: [BatchItem], index: Int, count: Int) -> [BatchItem] {
        items.filter { Fingerprint.spread(($0.path as NSString).lastPathComponent) % UInt64(count) == index - 1 }
    }

    /// The audio files under `input`, sorted, when it is a folder; `nil` when it is not (a file, or missing).
    /// `skipped` counts, by extension, the recordings there in formats Earshot cannot read.
    /// A file whose name is not UTF-8 is listed under its name with the odd bytes written `\xE9`, with `error`
    /// saying so (it cannot be opened by that name, and is not left out unsaid).
    static func audioFiles(
        ifFolder input: String, skipped: inout [String: Int]
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

    /// "earshot: warning: ..." for the recordings `audioFiles` skipped, or `nil` when there were none.
    static func skippedWarning(_ skipped: [String: Int]) -> String? {
        guard !skipped.isEmpty else { return nil }
        let counts = skipped.sorted { $0.key < $1.key }.map { ".\($0.key): \($0.value)" }.joined(separator: ", ")
        return "earshot: warning: skipped \(skipped.values.reduce(0, +)) recording(s) in formats Earshot cannot read "
            + "(\(counts)); convert them to WAV or FLAC (e.g. with ffmpeg) to include them"
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
        under folder: String, skipped: inout [String: Int]
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
                StandardError.print(
                    "earshot: warning: cannot search folder '\(current)': \(unlistable(current)); "
                        + "the recordings in it are left out")
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
                    StandardError.print(
                        "earshot: warning: cannot search '\(path)': \(String(cString: strerror(statError))); "
                            + "the recordings in it are left out")
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
                        skipped[ext, default: 0] += 1
                    }
                }
            }
            if undecodable {
                for (name, isFolder) in undecodableNames(in: current) {
                    let path = (current as NSString).appendingPathComponent(name)
                    if isFolder {
                        StandardError.print(
                            "earshot: warning: cannot search folder '\(path)': "
                                + "its name is not valid UTF-8 (the bytes written \\xNN here); the recordings in it "
                                + "are left out: rename it to UTF-8 (e.g. convmv -f latin1 -t utf8 --notest)")
                        continue
                    }
                    guard audioExtensions.contains((name as NSString).pathExtension.lowercased()) else { continue }
                    // Never the spelling of a real file (one literally named `caf\xE9.wav`): it would take its row.
                    var shown = path
                    while FileManager.default.fileExists(atPath: shown) { shown += " (name not UTF-8)" }
                    out.append(
                        (
                            shown,
                            "its name is not valid UTF-8 (the bytes written \\xNN here; an old Latin-1 name?), so "
                                + "it cannot be opened by name: rename it to UTF-8 (e.g. convmv -f latin1 -t utf8 "
                                + "--notest)"
                        ))
                }
            }
        }
        return out
    }

    /// `path,agent,call_id,agent_channel` with a header line; only `path` is required. Relative paths are
    /// taken from the manifest's folder.
    static func read(manifest: String) throws(Failure) -> [BatchItem] {
        guard let text = try? String(contentsOfFile: manifest, encoding: .utf8) else {
            throw Failure(.badManifest, "cannot read manifest '\(manifest)': missing or not UTF-8 text")
        }
        let rows: [CSVReader.Row]
        do {
            rows = try CSVReader.rows(text)
        } catch {
            throw Failure(.badManifest, "cannot read manifest '\(manifest)' \(error.message)")
        }
        guard let header = rows.first?.fields.map({ $0.lowercased().trimmingCharacters(in: .whitespaces) }),
            header.contains("path")
        else {
            throw Failure(
                .badManifest,
                "cannot read manifest '\(manifest)': its first line must name the columns, including 'path'")
        }
        let base = (manifest as NSString).deletingLastPathComponent
        let column = { (name: String, row: [String]) -> String? in
            guard let i = header.firstIndex(of: name), i < row.count else { return nil }
            let value = row[i].trimmingCharacters(in: .whitespaces)
            return value.isEmpty ? nil : value
        }
        var items: [BatchItem] = []
        // Blank lines and lines of empty fields (spreadsheet exports end with them) are skipped.
        for record in rows.dropFirst()
        where record.fields.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            let (number, row) = (record.line, record.fields)
            // A bad row fails alone, as a file that cannot be read does: one typo does not stop a night's batch.
            let problem = { (what: String) in "manifest '\(manifest)' line \(number): \(what)" }
            guard let given = column("path", row) else {
                items.append(
                    BatchItem(
                        path: "\(manifest) line \(number)", agent: column("agent", row), callID: column("call_id", row),
                        manifestError: problem("no path")))
                continue
            }
            var path = given
            if !path.hasPrefix("/") { path = (base as NSString).appendingPathComponent(path) }
            var channel: Int?
            var error: String?
            if let text = column("agent_channel", row) {
                if let value = Int(text), value == 0 || value == 1 {
                    channel = value
                } else {
                    error = problem("agent_channel must be 0 or 1, got '\(text)'")
                }
            }
            items.append(
                BatchItem(
                    path: path, agent: column("agent", row), callID: column("call_id", row), agentChannel: channel,
                    manifestError: error))
        }
        return items
    }
}
