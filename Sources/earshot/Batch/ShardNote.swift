import Foundation

/// The shards of a batch that were analysed into an output folder (`analyze --shard K/N`), noted in the folder's
/// `shard` file, one `K/N` a line, so that `merge` can say when none of its folders notes a shard of the split. A
/// shard is noted once a run has taken every file of it (one stopped or killed part-way is not). A run without
/// `--shard` leaves the note as it is: it may have added a late file, or done every file.
enum ShardNote {
    /// The note's file name in an output folder.
    static let fileName = "shard"

    /// Adds shard `index` of `count` to the note in `folder`, once. - Throws: `OutputError` naming the file.
    static func add(index: Int, count: Int, in folder: URL) throws {
        try add([(index, count)], in: folder)
    }

    /// Adds each of `shards` not noted yet to the note in `folder` (a merged folder notes its folders' shards, so
    /// that merging it again says what it holds). - Throws: `OutputError` naming the file.
    static func add(_ shards: [(index: Int, count: Int)], in folder: URL) throws {
        var noted = read(in: folder)
        let before = noted.count
        for shard in shards where !noted.contains(where: { $0 == shard }) { noted.append(shard) }
        guard noted.count > before else { return }
        let lines = noted.map { "\($0.index)/\($0.count)\n" }
        try AtomicFile.write(lines.joined(), to: folder.appendingPathComponent(fileName).path)
    }

    /// The shards `folder` notes (none when it has no note; lines that are not `K/N` with 1 <= K <= N are skipped).
    static func read(in folder: URL) -> [(index: Int, count: Int)] {
        guard let text = try? String(contentsOf: folder.appendingPathComponent(fileName), encoding: .utf8) else {
            return []
        }
        return text.split(whereSeparator: \.isNewline).compactMap { line in
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: "/")
            // Digits only, as --shard takes them (Int("+1") would take a sign).
            guard parts.count == 2, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
                let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, index >= 1, index <= count
            else { return nil }
            return (index, count)
        }
    }

    /// What `merge` says of the shards its folders note: shards of a split that none of them notes (if they were
    /// not merged, the tables lack their calls), at most five named; splits of different sizes; nil when every
    /// shard of the split is noted, or none is. A sentence for a warning and the merged page, without "earshot: warning:".
    static func warning(_ shards: [(index: Int, count: Int)]) -> String? {
        guard let first = shards.first else { return nil }
        let counts = Set(shards.map(\.count))
        guard counts.count == 1 else {
            let sizes = counts.sorted().map(String.init).joined(separator: ", ")
            return "the folders note shards of splits of different sizes (into \(sizes)): check "
                + "that every file of the batch is in one of them"
        }
        let held = Set(shards.map(\.index))
        let missingCount = first.count - held.count
        guard missingCount > 0 else { return nil }
        // The first few missing: walking up from 1 stops after five, however large the split.
        var missing: [Int] = []
        var index = 1
        while missing.count < 5 && index <= first.count {
            if !held.contains(index) { missing.append(index) }
            index += 1
        }
        let names =
            missing.map { "\($0)/\(first.count)" }.joined(separator: ", ")
            + (missingCount > missing.count ? " and \(missingCount - missing.count) more" : "")
        return "no folder merged notes shard\(missingCount == 1 ? "" : "s") \(names) (a --shard run "
            + "notes its shard in the folder's file 'shard' once it has taken every file of it): if "
            + "\(missingCount == 1 ? "it was" : "they were") not analysed, or not to the end, into a folder merged, "
            + "the merged tables lack \(missingCount == 1 ? "its" : "their") calls"
    }
}
