import Foundation

/// The shard of a batch that an output folder holds (`analyze --shard K/N`), noted in the folder's `shard` file, so
/// that `merge` can say when the folders it is given leave a shard out.
enum ShardNote {
    static let fileName = "shard"

    /// Notes shard `index` of `count` in `folder`; or, for a batch of every input (`nil`), removes a note an earlier
    /// shard's run left. - Throws: `OutputError` naming the file.
    static func record(_ shard: (index: Int, count: Int)?, in folder: URL) throws {
        let path = folder.appendingPathComponent(fileName).path
        guard let shard else {
            unlink(path)
            return
        }
        try AtomicFile.write("\(shard.index)/\(shard.count)\n", to: path)
    }

    /// The shard `folder` holds, if it notes one.
    static func read(in folder: URL) -> (index: Int, count: Int)? {
        guard let text = try? String(contentsOf: folder.appendingPathComponent(fileName), encoding: .utf8) else {
            return nil
        }
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), (1...count).contains(index)
        else { return nil }
        return (index, count)
    }

    /// What `merge` says of the shards its folders note: the shards of a split that none of them holds (the merged
    /// tables lack their calls), and splits of different sizes; nil when nothing is missing.
    static func warning(_ shards: [(index: Int, count: Int)]) -> String? {
        guard let first = shards.first else { return nil }
        let counts = Set(shards.map(\.count))
        guard counts.count == 1 else {
            let named = Set(shards.map { "\($0.index)/\($0.count)" }).sorted().joined(separator: ", ")
            return "earshot: warning: the folders hold shards of splits of different sizes (\(named)): check that "
                + "every file of the batch is in one of them"
        }
        let held = Set(shards.map(\.index))
        let missing = (1...first.count).filter { !held.contains($0) }
        guard !missing.isEmpty else { return nil }
        let names = missing.map { "\($0)/\(first.count)" }.joined(separator: ", ")
        return "earshot: warning: shard\(missing.count == 1 ? "" : "s") \(names) \(missing.count == 1 ? "is" : "are") "
            + "not among the folders merged: the merged tables lack \(missing.count == 1 ? "its" : "their") calls"
    }
}
