import Foundation

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
    /// `emptyFolders` gets the folders among `inputs` that hold no audio file, `searched` the resolved paths of the
    /// folders among them, `skipped` the recordings in formats Earshot cannot read.
    static func expand(
        _ inputs: [String], manifest: String?, emptyFolders: inout [String], searched: inout [String],
        skipped: inout [String]
    ) throws(Failure) -> [BatchItem] {
        var items: [BatchItem] = []
        for input in inputs {
            if let found = audioFiles(ifFolder: input, skipped: &skipped) {
                searched.append(resolved(input))
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
            var conflicting: [BatchItem] = []
            for item in try read(manifest: manifest) {
                let key = PathKey(resolved(item.path))
                if let first = listed[key] {
                    // An unusable first row (or one whose path cannot reach the file) gives way to a usable one.
                    let usable = { (row: BatchItem) in
                        row.manifestError == nil && unreachableSpelling(row.path) == nil
                    }
                    let says = { (row: BatchItem) in (row.agent, row.callID, row.agentChannel) }
                    if !usable(first) && usable(item) {
                        listed[key] = item
                        // What it says is not used: said, as a later row's would be, with its own error if it has one.
                        if first.manifestError != nil || says(first) != says(item) { conflicting.append(first) }
                        continue
                    }
                    if says(first) != says(item) || item.manifestError != nil { conflicting.append(item) }
                    continue
                }
                listed[key] = item
            }
            if !conflicting.isEmpty {
                // Each by its line (two rows of one path are told apart), in the manifest's order, an unusable one with
                // what is wrong with it.
                let rows = conflicting.sorted { ($0.line ?? 0) < ($1.line ?? 0) }.map { row in
                    let line = "line \(row.line ?? 0)"
                    let prefix = "manifest '\(manifest)' \(line): "  // as `read(manifest:)` words its errors
                    let wrong = row.manifestError.map { $0.hasPrefix(prefix) ? $0.dropFirst(prefix.count) : $0[...] }
                    return "\(line) ('\(row.path)'\(wrong.map { ": \($0)" } ?? ""))"
                }
                StandardError.print(
                    "earshot: warning: manifest '\(manifest)' lists files on more than one row, with another agent, call "
                        + "id or agent channel, or on a row that cannot be used; one row of each file is used, the first "
                        + "that can be; not used: \(ReportText.someOf(rows, unquoted: true))")
            }
            // "Alice" and "alice" are two agents in every table: said, as a typo in a manifest usually is one.
            let names = Set(listed.values.compactMap(\.agent))
            let alike = Dictionary(grouping: names) { $0.lowercased() }.values.filter { $0.count > 1 }
                .map { $0.sorted() }.sorted { $0[0] < $1[0] }
            if !alike.isEmpty {
                let shown = alike.prefix(3).map { ReportText.someOf($0).replacingOccurrences(of: ", ", with: " and ") }
                StandardError.print(
                    "earshot: warning: manifest '\(manifest)' names agents that differ only in case, each counted apart "
                        + "in every table: \(shown.joined(separator: "; "))"
                        + (alike.count > 3 ? "; and \(alike.count - 3) more" : ""))
            }
        }
        // A row whose path cannot reach its file (`absent/../a.wav`) takes the spelling given otherwise that can, one
        // without a link first (as one call per file below keeps).
        // Only files the manifest lists are looked at, each row's path tried once (not every file of a folder).
        var unreachableRows = Set(listed.filter { unreachableSpelling($0.value.path) != nil }.keys)
        var filled: Set<PathKey> = []
        for item in items where !unreachableRows.isEmpty || !filled.isEmpty {
            let key = PathKey(resolved(item.path))
            guard let row = listed[key], unreachableRows.contains(key) || filled.contains(key) else { continue }
            let realer = filled.contains(key) && isReal(item.path) && !isReal(row.path)
            guard unreachableRows.contains(key) || realer, unreachableSpelling(item.path) == nil else { continue }
            listed[key]?.path = item.path
            unreachableRows.remove(key)
            filled.insert(key)
        }
        items = items.filter { listed[PathKey(resolved($0.path))] == nil } + listed.values
        // One call per file: under its real path when it was reached that way too (a link's name gives way to it),
        // else under its first name. A name that reaches it through a link (not only another spelling of the same
        // path, `./x.wav`) is said: that name is in no table.
        var unique: [BatchItem] = []
        var index: [PathKey: Int] = [:]
        var linked: [String] = []
        for item in items.sorted(by: { PathKey.precedes($0.path, $1.path) }) {
            let key = PathKey(resolved(item.path))
            guard let at = index[key] else {
                index[key] = unique.count
                unique.append(item)
                continue
            }
            var (kept, dropped) = (unique[at], item)
            // A spelling that can be opened first (`nodir/../x.wav` names x.wav but cannot), then one without a link.
            let opens = { (path: String) in access(path, R_OK) == 0 }
            if opens(dropped.path) != opens(kept.path) {
                if opens(dropped.path) { (kept, dropped) = (dropped, kept) }
            } else if isReal(dropped.path) && !isReal(kept.path) {
                (kept, dropped) = (dropped, kept)
            }
            unique[at] = kept
            if standardized(dropped.path) != standardized(kept.path) {
                linked.append("'\(dropped.path)' is '\(kept.path)'")
            }
        }
        if !linked.isEmpty {
            StandardError.print(
                "earshot: warning: \(linked.count) file(s) reached through a link are a recording already listed, "
                    + "analysed once under its real path or first name: \(linked.prefix(5).joined(separator: ", "))"
                    + (linked.count > 5 ? " and \(linked.count - 5) more" : ""))
        }
        return unique.sorted { PathKey.precedes($0.path, $1.path) }
    }

    /// `path` made absolute, `.` and `..` taken out as text (links not followed).
    private static func standardized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Whether `path` names its file with no link on the way.
    private static func isReal(_ path: String) -> Bool { standardized(path) == resolved(path) }

    /// `path` made absolute, with `.`, `..` and symbolic links resolved: one spelling per file, where the kernel
    /// finds it or a file written through `path` is made. An existing path as `realpath` gives it; otherwise part by
    /// part, as the kernel will once the missing folders are made (`mkdir -p`): each existing name through its
    /// links (`L/..` is the folder above L's target, not the one above L), a link to nothing as where it leads, each
    /// missing name as a new folder, so a `..` after it comes back to where it was made (`new/../L/..` is L's
    /// target's parent too).
    static func resolved(_ path: String) -> String {
        var links = 40  // links followed in all, as the kernel's limit: a loop (`d -> d/../d`) ends there
        return walk(path, links: &links)
    }

    private static func walk(_ path: String, links: inout Int) -> String {
        if let real = realPath(path) { return real }
        var current = path.hasPrefix("/") ? "/" : realPath(".") ?? FileManager.default.currentDirectoryPath
        var missing = 0  // names at the end of `current` that do not exist: nothing under them does either
        for part in path.split(separator: "/") where part != "." {
            if part == ".." {
                current = ParentPath.of(current)  // `current` holds no link: its parent is its text's
                missing = max(0, missing - 1)
                continue
            }
            let next = (current == "/" ? "/" : current + "/") + part
            var info = stat()
            if missing > 0 || lstat(next, &info) != 0 {
                (current, missing) = (next, missing + 1)
            } else if info.st_mode & S_IFMT != S_IFLNK {
                current = next
            } else if links > 0, let target = try? FileManager.default.destinationOfSymbolicLink(atPath: next) {
                links -= 1  // more than 40 (a path of links a thousand deep) is the kernel's ELOOP: no more followed
                if let real = realPath(next) {
                    current = real
                } else {
                    current = walk(target.hasPrefix("/") ? target : current + "/" + target, links: &links)
                    missing = realPath(current) == nil ? 1 : 0
                }
            } else {
                (current, missing) = (next, missing + 1)
            }
        }
        return current
    }

    /// Why `path` cannot be opened as written though the file it names as text is there, or `nil`: the kernel stops
    /// at a missing folder before a `..` (`nn/../a.wav`), a file taken for a folder (`f/../a.wav`), a loop of links or a
    /// folder it may not search, while `resolved(_:)` takes `nn/..` out as `mkdir -p` would and keys the path as
    /// `a.wav`.
    static func unreachableSpelling(_ path: String) -> String? {
        guard access(path, F_OK) != 0 else { return nil }
        let code = errno
        let target = resolved(path)
        guard access(target, F_OK) == 0 else { return nil }
        let why =
            switch code {
            case ENOENT: "a folder on its way is missing"
            case ENOTDIR: "a part of it taken for a folder is a file"
            case EACCES: "a folder on its way cannot be searched (permission denied)"
            default: String(cString: strerror(code)).lowercased()
            }
        return "cannot open '\(path)': \(why) (it names '\(target)' only as text)"
    }

    /// Whether nothing is at `path` (no such file, or a link to none).
    static func isMissing(_ path: String) -> Bool {
        access(path, F_OK) != 0 && errno == ENOENT
    }

    /// The output folder `path` as a URL of its resolved spelling: Foundation takes `..` out of a URL's path as
    /// text, so `URL(fileURLWithPath: "L/../out")` would name `./out` where the kernel makes the folder above L's
    /// target.
    static func folderURL(_ path: String) -> URL {
        URL(fileURLWithPath: resolved(path), isDirectory: true)
    }

    /// `path` with every link, `.` and `..` resolved by the kernel (`realpath`), or `nil` when it cannot be.
    static func realPath(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }

    /// Shard `index` (1-based) of `count`: the items whose file name hashes to it. The name alone decides, not
    /// the item's place in the list nor the folder it was found in: a recording that arrives while the shards
    /// run, or a machine that mounts the recordings elsewhere, moves no other file to another shard.
    static func shard(_ items: [BatchItem], index: Int, count: Int) -> [BatchItem] {
        items.filter { Fingerprint.spread(($0.path as NSString).lastPathComponent) % UInt64(count) == index - 1 }
    }

    /// What to say of the recordings `audioFiles` skipped, counted by extension and the first few named (for a
    /// warning and the batch page), or `nil` when there were none.
    static func skippedSentence(_ skipped: [String]) -> String? {
        guard !skipped.isEmpty else { return nil }
        let byExtension = Dictionary(grouping: skipped) { ($0 as NSString).pathExtension.lowercased() }
        let counts = byExtension.sorted { $0.key < $1.key }.map { ".\($0.key): \($0.value.count)" }
        let formats = counts.joined(separator: ", ")
        return "skipped \(skipped.count) recording(s) in formats Earshot cannot read (\(formats)): "
            + "\(ReportText.someOf(skipped)); convert them to WAV or FLAC (e.g. with ffmpeg) to include them"
    }
}
