import Foundation
import Glibc
import Testing

@testable import earshot

@Suite("Shards and earshot merge")
struct MergeCommandTests {
    @Test("shards split by file name: each file in one shard, shards near even, a new file moves no other")
    func shardsByName() {
        let items = (0..<4_000).map { BatchItem(path: "/recordings/day\($0 % 7)/call-\($0).wav") }
        let shards = (1...4).map { BatchInputs.shard(items, index: $0, count: 4) }
        #expect(shards.map(\.count).reduce(0, +) == items.count)
        #expect(Set(shards.flatMap { $0.map(\.path) }).count == items.count)
        #expect(shards.allSatisfy { abs($0.count - 1_000) < 100 }, "\(shards.map(\.count))")
        // A recording arrives between two shards' runs: every other file stays in its shard.
        let later = [BatchItem(path: "/recordings/day0/call-00000.wav")] + items
        let again = (1...4).map { BatchInputs.shard(later, index: $0, count: 4).filter { $0.path != later[0].path } }
        #expect(again == shards)
        // Mounted elsewhere on another machine: the same split.
        let moved = items.map { BatchItem(path: "/mnt" + $0.path) }
        #expect((1...4).map { BatchInputs.shard(moved, index: $0, count: 4).count } == shards.map(\.count))
    }

    @Test("shards of a batch merge into the same tables as one run; merging mixed settings or duplicates warns")
    func shardsAndMerge() throws {
        let input = try BatchFixture.inputs("shards")
        let whole = try BatchFixture.folder("whole")
        let one = try BatchFixture.folder("shard1")
        let two = try BatchFixture.folder("shard2")
        let merged = try BatchFixture.folder("merged")
        let db = { (folder: URL) in folder.appendingPathComponent("calls.sqlite").path }
        _ = try EarshotProcess.run(["analyze", input.path, "--output", whole.path, "--db", db(whole)])
        _ = try EarshotProcess.run(["analyze", input.path, "--output", one.path, "--shard", "1/2"])
        _ = try EarshotProcess.run(["analyze", input.path, "--output", two.path, "--shard", "2/2"])
        let shardRows = try BatchFixture.csv(one.appendingPathComponent("calls.csv")).count - 1
        #expect(shardRows == 2)
        let result = try EarshotProcess.run(["merge", one.path, two.path, "--output", merged.path, "--db", db(merged)])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("4 calls in \(merged.path), 1 of them failed when analysed"), "\(result.stderr)")
        let mergedTable = try String(contentsOf: merged.appendingPathComponent("calls.csv"), encoding: .utf8)
        let wholeTable = try String(contentsOf: whole.appendingPathComponent("calls.csv"), encoding: .utf8)
        #expect(mergedTable == wholeTable, "merged:\n\(mergedTable)\none run:\n\(wholeTable)")
        // The databases too, the failed call's row included (its modification time was kept to the microsecond
        // in one and the millisecond in the other), each `record` in its own folder.
        let rows = { (folder: URL) in
            try SQLiteQuery.rows(db(folder), "SELECT * FROM calls ORDER BY resolved_path").map { row in
                row.map { $0?.replacingOccurrences(of: folder.path, with: "OUT") }
            }
        }
        #expect(try rows(merged) == rows(whole))
        #expect(!result.stderr.contains("warning"), "\(result.stderr)")
        // The merged folder notes its folders' shards: merged again with one of them, no shard is missing; a
        // folder given twice (another spelling) is merged once.
        #expect(try String(contentsOf: merged.appendingPathComponent("shard"), encoding: .utf8) == "1/2\n2/2\n")
        let remerged = try EarshotProcess.run([
            "merge", merged.path, one.path, one.path + "/", "--output", try BatchFixture.folder("remerged").path,
        ])
        #expect(remerged.status == 0, "\(remerged.stderr)")
        #expect(!remerged.stderr.contains("notes shard"), "\(remerged.stderr)")
        #expect(remerged.stderr.contains("'\(one.path)/' is given more than once: merged once"), "\(remerged.stderr)")
        #expect(remerged.stderr.contains("2 call(s) were in more than one folder"), "\(remerged.stderr)")
        // A folder analysed with other settings, holding the same calls: both are said.
        let other = try BatchFixture.folder("shard1-other")
        _ = try EarshotProcess.run([
            "analyze", input.path, "--output", other.path, "--shard", "1/2", "--silence-gap", "4",
        ])
        let mixed = try EarshotProcess.run([
            "merge", one.path, two.path, other.path, "--output", try BatchFixture.folder("mixed").path,
        ])
        #expect(mixed.status == 0, "\(mixed.stderr)")
        #expect(mixed.stderr.contains("2 call(s) were in more than one folder"), "\(mixed.stderr)")
        #expect(mixed.stderr.contains("mix calls analysed with 2 different settings"), "\(mixed.stderr)")
        // Of the two, one is the shard's bad file, which failed under both settings: only the other call differs.
        #expect(mixed.stderr.contains("1 call(s) were analysed with different settings"), "\(mixed.stderr)")
        // The same calls under two settings and nothing else: the tables hold one setting, so they do not mix,
        // but which one depends on the order of the folders, and that is said.
        let target = try BatchFixture.folder("replaced")
        let replaced = try EarshotProcess.run(["merge", one.path, other.path, "--output", target.path])
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(!replaced.stderr.contains("mix calls"), "\(replaced.stderr)")
        // Both folders are shard 1 of 2 (each notes its shard in the file 'shard'): the second is said to be missing.
        #expect(replaced.stderr.contains("earshot: warning: no folder merged notes shard 2/2"), "\(replaced.stderr)")
        // The merged page says so too, above its tables: a QA lead reading it may never see the terminal.
        let page = try String(contentsOf: target.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(page.contains("<p class=\"notice\">No folder merged notes shard 2/2"), "\(page.prefix(3000))")
        #expect(try String(contentsOf: one.appendingPathComponent("shard"), encoding: .utf8) == "1/2\n")
        #expect(replaced.stderr.contains("so they depend on the folders' order"), "\(replaced.stderr)")
        // Merged again into the same folder: its own copies are not an input's, so the count stays the same.
        let again = try EarshotProcess.run(["merge", one.path, other.path, "--output", target.path])
        #expect(again.stderr.contains("1 call(s) were analysed with different settings"), "\(again.stderr)")
        // A folder that says another agent and agent channel for the same call: which is kept is said, per call.
        let swapped = try BatchFixture.folder("shard1-swapped")
        _ = try EarshotProcess.run([
            "analyze", input.path, "--output", swapped.path, "--shard", "1/2", "--agent", "bob", "--agent-channel", "1",
        ])
        let rolesTarget = try BatchFixture.folder("swapped-merged")
        let roles = try EarshotProcess.run(["merge", swapped.path, one.path, "--output", rolesTarget.path])
        #expect(roles.status == 0, "\(roles.stderr)")
        // The shard's bad file failed in both: only the analysed call is named, on a line of its own.
        let warning = "1 call(s) were analysed with another agent or agent channel in another folder"
        #expect(roles.stderr.contains(warning), "\(roles.stderr)")
        let line = "wav: kept agent (none), agent channel 0; also agent bob, agent channel 1\n"
        #expect(roles.stderr.contains(line), "\(roles.stderr)")
        // Merged again into the same folder, the other way round: still one call, its other copy named once.
        let reversed = try EarshotProcess.run(["merge", one.path, swapped.path, "--output", rolesTarget.path])
        #expect(reversed.stderr.contains(warning), "\(reversed.stderr)")
        #expect(
            reversed.stderr.contains("wav: kept agent bob, agent channel 1; also agent (none), agent channel 0\n"),
            "\(reversed.stderr)")
    }

    @Test("a call record edited by hand (spans that end before they start, times out of range) does not stop merge")
    func editedRecord() throws {
        let output = try BatchFixture.analysed("call-02-interruptions.wav", into: "edited")
        let calls = output.appendingPathComponent("calls")
        let name = try #require(
            try FileManager.default.contentsOfDirectory(atPath: calls.path).first { $0.hasSuffix(".json") })
        let url = calls.appendingPathComponent(name)
        var record = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        record["opening_account"] = ["start": 20.0]  // no end: read as 0, before the start
        record["lost_capture"] = [["start": 5.0, "end": 1e300]]
        try JSONSerialization.data(withJSONObject: record).write(to: url)
        let merged = try BatchFixture.folder("edited-merged")
        let result = try EarshotProcess.run(["merge", output.path, "--output", merged.path])
        #expect(result.status == 0, "\(result.stderr)")
        let page = try String(contentsOf: merged.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(page.contains("call-02-interruptions.wav") && page.hasSuffix("</html>\n"))
    }

    @Test("merge never replaces an analysed call by a failed one, also one already in the output folder")
    func mergeKeepsAnalysis() throws {
        let input = try Scratch.folder("merge-keep-input")
        let recording = input.appendingPathComponent("call.wav")
        try FileManager.default.copyItem(atPath: EarshotProcess.sample("call-01-calm.wav"), toPath: recording.path)
        let analysed = try Scratch.folder("merge-keep-analysed")
        #expect(try EarshotProcess.run(["analyze", recording.path, "--output", analysed.path]).status == 0)
        // The same path, now unreadable, in another folder.
        try FileManager.default.removeItem(at: recording)
        try "not audio".write(to: recording, atomically: false, encoding: .utf8)
        let failed = try Scratch.folder("merge-keep-failed")
        #expect(try EarshotProcess.run(["analyze", recording.path, "--output", failed.path]).status == 1)
        for (inputs, target) in [([analysed, failed], Scratch.url("merge-keep-both")), ([failed], analysed)] {
            let merged = try EarshotProcess.run(["merge"] + inputs.map(\.path) + ["--output", target.path])
            #expect(merged.status == 0, "\(merged.stderr)")
            let calls = target.appendingPathComponent("calls.csv")
            #expect(try BatchFixture.column("error", of: calls) == [""], "\(target.lastPathComponent)")
        }
    }

    @Test("merge keeps the call it had when the copy that would replace it cannot be written")
    func mergeWritesBeforeRemoving() throws {
        let target = try BatchFixture.analysed("call-01-calm.wav", into: "merge-replace-target")
        let shard = try BatchFixture.analysed("call-01-calm.wav", into: "merge-replace-shard")
        let calls = { (folder: URL) in
            try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("calls").path)
        }
        let kept = try #require(try calls(target).first { $0.hasSuffix(".json") })
        // The shard's record under another name (as an earlier Earshot named it), and in the target a folder of
        // that name where the copy must go: the write fails, as on a full disk.
        let record = try #require(try calls(shard).first { $0.hasSuffix(".json") })
        try FileManager.default.moveItem(
            at: shard.appendingPathComponent("calls/" + record), to: shard.appendingPathComponent("calls/other.json"))
        try FileManager.default.createDirectory(
            at: target.appendingPathComponent("calls/other.json/in-the-way"), withIntermediateDirectories: true)
        let merged = try EarshotProcess.run(["merge", shard.path, "--output", target.path])
        #expect(merged.status != 0, "\(merged.stderr)")
        #expect(FileManager.default.fileExists(atPath: target.appendingPathComponent("calls/" + kept).path))
    }

    @Test("merge checks every folder before writing anything, and names a record it cannot read")
    func mergeChecksFirst() throws {
        let shard = try BatchFixture.analysed("call-01-calm.wav", into: "merge-shard")
        let target = Scratch.url("merge-target")
        try? FileManager.default.removeItem(at: target)
        let missing = try EarshotProcess.run([
            "merge", shard.path, Scratch.url("no-such-shard").path, "--output", target.path,
        ])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no-such-shard': no such file or folder"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target.path))
        // A folder that is not an output folder is named as such.
        let plain = try EarshotProcess.run(["merge", shard.path, Scratch.url("").path, "--output", target.path])
        #expect(plain.status == 1)
        #expect(plain.stderr.contains("is not an earshot output folder (no calls/ inside)"), "\(plain.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target.path))
        // Nor is a recordings folder that has a calls/ folder of its own (of audio, not records).
        let recordings = try Scratch.folder("merge-recordings")
        try FileManager.default.createDirectory(
            at: recordings.appendingPathComponent("calls"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: EarshotProcess.sample("call-01-calm.wav"),
            toPath: recordings.appendingPathComponent("calls/call-01-calm.wav").path)
        let audio = try EarshotProcess.run(["merge", shard.path, recordings.path, "--output", target.path])
        #expect(audio.status == 1)
        #expect(audio.stderr.contains("no call records in its calls/, no calls.csv of Earshot's"), "\(audio.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target.path))
        // Nor with sidecar JSON beside the audio and a manifest of its own named calls.csv.
        try "{\"caller\": \"x\"}".write(
            to: recordings.appendingPathComponent("calls/call-01-calm.json"), atomically: true, encoding: .utf8)
        try "path,agent\ncalls/call-01-calm.wav,ann\n".write(
            to: recordings.appendingPathComponent("calls.csv"), atomically: true, encoding: .utf8)
        let sidecars = try EarshotProcess.run(["merge", shard.path, recordings.path, "--output", target.path])
        #expect(sidecars.status == 1, "\(sidecars.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target.path))
        let corrupt = shard.appendingPathComponent("calls/broken.json")
        try "{ not json".write(to: corrupt, atomically: false, encoding: .utf8)
        let merged = try EarshotProcess.run(["merge", shard.path, "--output", target.path])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stderr.contains("skipped '\(corrupt.path)': not an earshot call record"))
        #expect(try BatchFixture.column("file", of: target.appendingPathComponent("calls.csv")).count == 1)
    }

    @Test("merge tells who is who by the channels chosen, and not by the agent channel of a mono call")
    func mergeRoles() throws {
        let root = try Scratch.folder("merge-roles")
        let folder = { (name: String) in root.appendingPathComponent(name).path }
        // A mono call analysed with and without --agent-channel 1: one channel, the same roles.
        let mono = folder("mono.wav")
        try SampleAudio.firstChannel(of: "call-01-calm.wav", to: mono)
        _ = try EarshotProcess.run(["analyze", mono, "--output", folder("m1"), "--agent-channel", "1"])
        _ = try EarshotProcess.run(["analyze", mono, "--output", folder("m2")])
        let monoMerge = try EarshotProcess.run(["merge", folder("m1"), folder("m2"), "--output", folder("mm")])
        #expect(monoMerge.status == 0, "\(monoMerge.stderr)")
        #expect(!monoMerge.stderr.contains("another agent or agent channel"), "\(monoMerge.stderr)")
        // Three channels, the parties on 0 and 2, analysed as 0,2 and as 2,0: the parties swapped, said so.
        try SampleAudio.threeChannels(of: "call-02-interruptions.wav", to: folder("three.wav"))
        _ = try EarshotProcess.run(["analyze", folder("three.wav"), "--output", folder("c1"), "--channels", "0,2"])
        _ = try EarshotProcess.run(["analyze", folder("three.wav"), "--output", folder("c2"), "--channels", "2,0"])
        let swapped = try EarshotProcess.run(["merge", folder("c1"), folder("c2"), "--output", folder("cm")])
        #expect(swapped.status == 0, "\(swapped.stderr)")
        let roles = "kept agent (none), agent channel 0, channels 2,0; also agent (none), agent channel 0, channels 0,2"
        #expect(swapped.stderr.contains(roles), "\(swapped.stderr)")
    }

    @Test("merge --db refuses a file that is not an Earshot database before it writes anything")
    func mergeBadDatabase() throws {
        let shard = try BatchFixture.analysed("call-01-calm.wav", into: "merge-db-shard")
        let notDatabase = try Scratch.folder("merge-db").appendingPathComponent("notes.csv")
        try "a,b\n1,2\n".write(to: notDatabase, atomically: false, encoding: .utf8)
        let output = Scratch.url("merge-db-out")
        try? FileManager.default.removeItem(at: output)
        let result = try EarshotProcess.run(["merge", shard.path, "--output", output.path, "--db", notDatabase.path])
        #expect(result.status == 3)
        #expect(result.stderr.contains(notDatabase.path), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.path), "nothing half-built")
        #expect(try String(contentsOf: notDatabase, encoding: .utf8) == "a,b\n1,2\n")
    }
}
