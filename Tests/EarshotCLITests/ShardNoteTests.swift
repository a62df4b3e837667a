import Foundation
import Testing

@testable import earshot

@Suite("The shard note of a batch output folder")
struct ShardNoteTests {
    private typealias Shard = ShardNote.Shard

    private static func text(_ shards: [Shard]) -> [String] {
        shards.map { "\($0.index)/\($0.count)\($0.finished ? "" : " unfinished")" }
    }

    @Test("shards run into one folder are all noted, once each, started then finished; lines not K/N are skipped")
    func noted() throws {
        let folder = try Scratch.folder("shard-note")
        try ShardNote.note(index: 1, count: 2, finished: false, in: folder)
        #expect(try String(contentsOf: folder.appendingPathComponent("shard"), encoding: .utf8) == "1/2 unfinished\n")
        try ShardNote.note(index: 1, count: 2, finished: true, in: folder)
        try ShardNote.note(index: 2, count: 2, finished: false, in: folder)
        #expect(Self.text(ShardNote.read(in: folder)) == ["1/2", "2/2 unfinished"])
        try ShardNote.note(index: 2, count: 2, finished: true, in: folder)
        #expect(try String(contentsOf: folder.appendingPathComponent("shard"), encoding: .utf8) == "1/2\n2/2\n")
        #expect(ShardNote.warning(ShardNote.read(in: folder)) == nil)
        // A run started again (a late file) is unfinished until it has taken every file.
        try ShardNote.note(index: 1, count: 2, finished: false, in: folder)
        #expect(Self.text(ShardNote.read(in: folder)) == ["1/2 unfinished", "2/2"])
        try "1/0\n0/0\n1/-3\n3/2\nx\n+1/4\n2/4 \n/4\n3/4 done\n3/4 unfinished x\n4/4 unfinished\n".write(
            to: folder.appendingPathComponent("shard"), atomically: true, encoding: .utf8)
        #expect(Self.text(ShardNote.read(in: folder)) == ["2/4", "4/4 unfinished"])
        // Merged folders: a shard finished in any of them is finished.
        try ShardNote.add(
            [Shard(index: 4, count: 4, finished: true), Shard(index: 1, count: 4, finished: false)], in: folder)
        #expect(Self.text(ShardNote.read(in: folder)) == ["2/4", "4/4", "1/4 unfinished"])
    }

    @Test("merge's warning names the shards no folder notes and those noted only unfinished, five at most")
    func warning() {
        let finished = { (index: Int, count: Int) in Shard(index: index, count: count, finished: true) }
        let started = { (index: Int, count: Int) in Shard(index: index, count: count, finished: false) }
        #expect(ShardNote.warning([]) == nil)
        #expect(ShardNote.warning([finished(1, 2), finished(2, 2)]) == nil)
        let one = ShardNote.warning([finished(1, 3), finished(3, 3)]) ?? ""
        #expect(one.contains("no folder merged notes shard 2/3 ") && one.contains("lack its calls"), "\(one)")
        #expect(!one.contains("stopped"), "\(one)")
        let many = ShardNote.warning([finished(2, 9_000_000_000_000)]) ?? ""
        #expect(many.contains("shards 1/9000000000000, 3/9000000000000, 4/9000000000000, 5/9000000000000, "))
        #expect(many.contains("6/9000000000000 and 8999999999994 more"), "\(many)")
        #expect(many.count < 400)
        let sizes = ShardNote.warning([finished(1, 2), started(2, 3)]) ?? ""
        #expect(sizes.contains("splits of different sizes (into 2, 3)"), "\(sizes)")
        // Every shard stopped part-way: the split is known from the unfinished notes, and each is named.
        let stopped = ShardNote.warning([started(1, 2), started(2, 2)]) ?? ""
        #expect(stopped.hasPrefix("shards 1/2, 2/2 were stopped before the end"), "\(stopped)")
        #expect(!stopped.contains("no folder merged notes"), "\(stopped)")
        // One folder finished what another left unfinished: nothing to say of it.
        #expect(ShardNote.warning([started(1, 2), finished(1, 2), finished(2, 2)]) == nil)
        let both = ShardNote.warning([started(1, 3), finished(2, 3)]) ?? ""
        #expect(both.contains("no folder merged notes shard 3/3 "), "\(both)")
        #expect(both.contains("; shard 1/3 was stopped before the end"), "\(both)")
    }
}
