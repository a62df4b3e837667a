import Foundation
import Testing

@testable import earshot

@Suite("The shard note of a batch output folder")
struct ShardNoteTests {
    @Test("shards run into one folder are all noted, once each; lines that are not K/N are skipped")
    func noted() throws {
        let folder = try Scratch.folder("shard-note")
        try ShardNote.add(index: 1, count: 2, in: folder)
        try ShardNote.add(index: 2, count: 2, in: folder)
        try ShardNote.add(index: 1, count: 2, in: folder)
        #expect(ShardNote.read(in: folder).map { "\($0.index)/\($0.count)" } == ["1/2", "2/2"])
        #expect(ShardNote.warning(ShardNote.read(in: folder)) == nil)
        try "1/0\n0/0\n1/-3\n3/2\nx\n+1/4\n2/4 \n".write(
            to: folder.appendingPathComponent("shard"), atomically: true, encoding: .utf8)
        #expect(ShardNote.read(in: folder).map { "\($0.index)/\($0.count)" } == ["2/4"])
    }

    @Test("merge's warning names the shards no folder notes, five at most however large the split")
    func warning() {
        #expect(ShardNote.warning([]) == nil)
        #expect(ShardNote.warning([(1, 2), (2, 2)]) == nil)
        let one = ShardNote.warning([(1, 3), (3, 3)]) ?? ""
        #expect(one.contains("no folder merged notes shard 2/3 ") && one.contains("lack its calls"), "\(one)")
        let many = ShardNote.warning([(2, 9_000_000_000_000)]) ?? ""
        #expect(many.contains("shards 1/9000000000000, 3/9000000000000, 4/9000000000000, 5/9000000000000, "))
        #expect(many.contains("6/9000000000000 and 8999999999994 more"), "\(many)")
        #expect(many.count < 400)
        let sizes = ShardNote.warning([(1, 2), (2, 3)]) ?? ""
        #expect(sizes.contains("splits of different sizes (into 2, 3)"), "\(sizes)")
    }
}
