import Foundation

/// The shards of a batch that were analysed into an output folder (`analyze --shard K/N`), noted in the folder's
/// `shard` file, a line each, so that `merge` can say when none of its folders notes a shard of the split, or notes
/// one only as started: `K/N unfinished` while a run takes its files (and after a run stopped or killed part-way),
/// `K/N` once a run has taken every one. A run without `--shard` leaves the note as it is: it may have added a late
/// file, or done every file. (An Earshot before the `unfinished` mark skips such lines, and so reads the shard as
/// missing.)
enum ShardNote {
    /// The note's file name in an output folder.
    static let fileName = "shard"

    /// A shard noted in a folder: `index` of `count`, and whether a run took every file of it.
    struct Shard: Equatable {
        var index: Int
        var count: Int
        var finished: Bool
    }

    /// Notes shard `index` of `count` in `folder` as started (a run is taking its files) or `finished` (a run took
    /// every one), in place of what the note said of it. - Throws: `OutputError` naming the file.
    static func note(index: Int, count: Int, finished: Bool, in folder: URL) throws {
        var noted = read(in: folder)
        if let i = noted.firstIndex(where: { $0.index == index && $0.count == count }) {
            noted[i].finished = finished  // in its place: the note's lines keep their order
        } else {
            noted.append(Shard(index: index, count: count, finished: finished))
        }
        try write(noted, in: folder)
    }

    /// Adds `shards` to the note in `folder` (a merged folder notes its folders' shards, so that merging it again
    /// says what it holds); one finished in any of them is finished. - Throws: `OutputError` naming the file.
    static func add(_ shards: [Shard], in folder: URL) throws {
        let before = read(in: folder)
        let noted = shards.reduce(into: before, merge)
        guard noted != before else { return }
        try write(noted, in: folder)
    }

    /// Adds `shard` to `noted`, or, noted already, marks it finished if it is (a line's place is kept).
    private static func merge(_ noted: inout [Shard], _ shard: Shard) {
        if let i = noted.firstIndex(where: { $0.index == shard.index && $0.count == shard.count }) {
            noted[i].finished = noted[i].finished || shard.finished
        } else {
            noted.append(shard)
        }
    }

    private static func write(_ shards: [Shard], in folder: URL) throws {
        let lines = shards.map { "\($0.index)/\($0.count)\($0.finished ? "" : " unfinished")\n" }
        try AtomicFile.write(lines.joined(), to: folder.appendingPathComponent(fileName).path)
    }

    /// The shards `folder` notes (none when it has no note; lines that are not `K/N` with 1 <= K <= N, or `K/N
    /// unfinished`, are skipped; a shard noted twice is finished if either line says so).
    static func read(in folder: URL) -> [Shard] {
        guard let text = try? String(contentsOf: folder.appendingPathComponent(fileName), encoding: .utf8) else {
            return []
        }
        var shards: [Shard] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count == 1 || (words.count == 2 && words[1] == "unfinished") else { continue }
            let parts = words[0].split(separator: "/", omittingEmptySubsequences: false)
            // Digits only, as --shard takes them (Int("+1") would take a sign).
            guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
                let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, index >= 1, index <= count
            else { continue }
            merge(&shards, Shard(index: index, count: count, finished: words.count == 1))
        }
        return shards
    }

    /// What `merge` says of the shards its folders note: shards of a split that none of them notes (if they were
    /// not merged, the tables lack their calls), and shards noted only as unfinished (stopped part-way: the tables
    /// lack the calls they did not reach), at most five named each; splits of different sizes; nil when every shard
    /// of the split is noted finished, or none is noted. A sentence for a warning and the merged page, without
    /// "earshot: warning:".
    static func warning(_ shards: [Shard]) -> String? {
        guard let first = shards.first else { return nil }
        let counts = Set(shards.map(\.count))
        guard counts.count == 1 else {
            let sizes = counts.sorted().map(String.init).joined(separator: ", ")
            return "the folders note shards of splits of different sizes (into \(sizes)): check "
                + "that every file of the batch is in one of them"
        }
        let held = Set(shards.map(\.index))
        let finished = Set(shards.filter(\.finished).map(\.index))
        let unfinished = held.subtracting(finished).sorted()
        var sentences: [String] = []
        let missingCount = first.count - held.count
        if missingCount > 0 {
            // The first few missing: walking up from 1 stops after five, however large the split.
            var missing: [Int] = []
            var index = 1
            while missing.count < 5 && index <= first.count {
                if !held.contains(index) { missing.append(index) }
                index += 1
            }
            let one = missingCount == 1
            sentences.append(
                "no folder merged notes shard\(one ? "" : "s") \(names(missing, of: first.count, all: missingCount)) "
                    + "(a --shard run notes its shard in the folder's file 'shard'): if \(one ? "it was" : "they were") "
                    + "not analysed into a folder merged, the merged tables lack \(one ? "its" : "their") calls")
        }
        if !unfinished.isEmpty {
            let one = unfinished.count == 1
            sentences.append(
                "shard\(one ? "" : "s") \(names(Array(unfinished.prefix(5)), of: first.count, all: unfinished.count)) "
                    + "\(one ? "was" : "were") stopped before the end (noted 'unfinished'): the merged tables lack "
                    + "the calls \(one ? "it" : "they") did not reach; the same analyze command with --resume into "
                    + "\(one ? "its folder finishes it" : "their folders finishes them"), then merge again")
        }
        return sentences.isEmpty ? nil : sentences.joined(separator: "; ")
    }

    /// `shown` shards of a split into `count` as `K/N`, then how many more of `all`.
    private static func names(_ shown: [Int], of count: Int, all: Int) -> String {
        shown.map { "\($0)/\(count)" }.joined(separator: ", ")
            + (all > shown.count ? " and \(all - shown.count) more" : "")
    }
}
