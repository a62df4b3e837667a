import Foundation
import Testing

@testable import earshot

/// The order of a batch's rows, and the shard note of a batch that did not take every file.
@Suite("Batch row order and unfinished shards")
struct BatchOrderTests {
    @Test("one name given from several folders into one output: rows by the paths they resolve to, on every run")
    func sameNameFromSeveralFolders() throws {
        let root = try BatchFixture.folder("same-name")
        let output = root.appendingPathComponent("out")
        let samples = ["call-01-calm.wav", "call-02-interruptions.wav", "call-03-monologue.wav", "call-04-noisy.wav"]
        // Run from each folder in an order other than the resolved paths', so that neither order is a given.
        for index in [2, 0, 3, 1] {
            let folder = root.appendingPathComponent("d\(index)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                atPath: EarshotProcess.sample(samples[index]), toPath: folder.appendingPathComponent("x.wav").path)
            let result = try EarshotProcess.run(
                ["analyze", "x.wav", "--output", output.path, "--resume"], workingDirectory: folder.path)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let calls = output.appendingPathComponent("calls.csv")
        let first = try String(contentsOf: calls, encoding: .utf8)
        for _ in 0..<3 {
            let again = try EarshotProcess.run(
                ["analyze", "x.wav", "--output", output.path, "--resume"],
                workingDirectory: root.appendingPathComponent("d0").path)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try String(contentsOf: calls, encoding: .utf8) == first)
        }
        #expect(try BatchFixture.column("file", of: calls) == Array(repeating: "x.wav", count: 4))
        // Each row's record says which folder its file was in: d0, d1, d2, d3 in turn.
        let resolved = try BatchFixture.column("record", of: calls).map { name in
            let record = try JSONFile.object(at: output.appendingPathComponent(name).path)
            return ((record["source"] as? [String: Any])?["resolved_path"] as? String) ?? ""
        }
        #expect(resolved == (0..<4).map { root.appendingPathComponent("d\($0)/x.wav").path }, "\(resolved)")
    }

    @Test("a shard stopped part-way is noted unfinished, and merge says so, alone too; --resume finishes it")
    func stoppedShardNotedUnfinished() throws {
        let input = try BatchFixture.shortCalls("shard-stop", count: 200)
        let one = try BatchFixture.folder("out-shard-stop-1")
        let (status, stderr) = try BatchFixture.stopped(
            ["analyze", input.path, "--output", one.path, "--shard", "1/2", "--jobs", "1"], output: one)
        #expect(status == 130, "\(stderr)")
        #expect(ShardNote.read(in: one) == [ShardNote.Shard(index: 1, count: 2, finished: false)])
        // Merged alone, the split is known from its note: the other shard is missing, this one unfinished.
        let alone = try EarshotProcess.run([
            "merge", one.path, "--output", try BatchFixture.folder("merged-shard-alone").path,
        ])
        #expect(alone.stderr.contains("no folder merged notes shard 2/2"), "\(alone.stderr)")
        #expect(alone.stderr.contains("shard 1/2 was stopped before the end"), "\(alone.stderr)")
        let two = try BatchFixture.folder("out-shard-stop-2")
        let second = try EarshotProcess.run(["analyze", input.path, "--output", two.path, "--shard", "2/2"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(ShardNote.read(in: two) == [ShardNote.Shard(index: 2, count: 2, finished: true)])
        let merged = try EarshotProcess.run([
            "merge", one.path, two.path, "--output", try BatchFixture.folder("merged-shard-stop").path,
        ])
        #expect(merged.stderr.contains("shard 1/2 was stopped before the end"), "\(merged.stderr)")
        #expect(!merged.stderr.contains("no folder merged notes"), "\(merged.stderr)")
        let resumed = try EarshotProcess.run([
            "analyze", input.path, "--output", one.path, "--shard", "1/2", "--resume",
        ])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(ShardNote.read(in: one) == [ShardNote.Shard(index: 1, count: 2, finished: true)])
        let whole = try EarshotProcess.run([
            "merge", one.path, two.path, "--output", try BatchFixture.folder("merged-shard-whole").path,
        ])
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(!whole.stderr.contains("notes shard") && !whole.stderr.contains("stopped"), "\(whole.stderr)")
    }
}
