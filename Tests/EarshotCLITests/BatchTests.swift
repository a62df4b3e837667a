import Foundation
import Testing

@testable import earshot

@Suite("earshot analyze in batch mode")
struct BatchTests {
    static func folder(_ name: String) throws -> URL { try Scratch.folder("batch-\(name)") }

    static func csv(_ url: URL) throws -> [[String]] {
        try CSVReader.rows(try String(contentsOf: url, encoding: .utf8)).map(\.fields)
    }

    /// A new output folder `name` holding the batch analysis of one sample.
    static func analysed(_ sample: String, into name: String) throws -> URL {
        let output = try Scratch.folder(name)
        let result = try EarshotProcess.run(["analyze", EarshotProcess.sample(sample), "--output", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        return output
    }

    /// Samples plus one broken file in an input folder.
    static func inputs(_ name: String) throws -> URL {
        let input = try folder("inputs-\(name)")
        for name in ["call-01-calm", "call-02-interruptions", "call-03-monologue"] {
            try FileManager.default.copyItem(
                atPath: EarshotProcess.sample(name + ".wav"), toPath: input.appendingPathComponent(name + ".wav").path)
        }
        try "not audio".write(to: input.appendingPathComponent("broken.wav"), atomically: false, encoding: .utf8)
        return input
    }

    @Test("a folder is analysed in parallel into per-call JSON, three tables and a database; a bad file is a row")
    func batch() throws {
        let input = try Self.inputs("batch")
        let recorded = Date(timeIntervalSince1970: 1_704_164_645)  // 2024-01-02T03:04:05Z
        try FileManager.default.setAttributes(
            [.modificationDate: recorded], ofItemAtPath: input.appendingPathComponent("call-01-calm.wav").path)
        let output = try Self.folder("out")
        let db = output.appendingPathComponent("results.sqlite").path
        let result = try EarshotProcess.run(["analyze", input.path, "--output", output.path, "--jobs", "2", "--db", db])
        #expect(result.status == 1)  // one file failed
        #expect(result.stderr.contains("broken.wav"))
        let calls = try Self.csv(output.appendingPathComponent("calls.csv"))
        #expect(calls.count == 5)
        let flags = try #require(calls[0].firstIndex(of: "flags"))
        #expect(calls.contains { $0[0].hasSuffix("broken.wav") && $0[flags] == "failed" })
        #expect(calls.contains { $0[0].hasSuffix("call-03-monologue.wav") && $0[flags].contains("monologue") })
        // Each row says when its file was last changed and where its saved record is.
        let modified = try #require(calls[0].firstIndex(of: "file_modified"))
        let record = try #require(calls[0].firstIndex(of: "record"))
        #expect(calls.contains { $0[0].hasSuffix("call-01-calm.wav") && $0[modified] == "2024-01-02T03:04:05Z" })
        for row in calls.dropFirst() {
            #expect(row[modified].range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"#, options: .regularExpression) != nil)
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(row[record]).path), "\(row)")
        }
        let events = try Self.csv(output.appendingPathComponent("events.csv"))
        #expect(events.filter { $0.count > 3 && $0[3] == "interruption" && $0[4] == "agent" }.count == 3)
        let agents = try Self.csv(output.appendingPathComponent("agents.csv"))
        #expect(agents.count == 2 && agents[1][1] == "4")
        let saved = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("calls").path)
        #expect(saved.filter { $0.hasSuffix(".json") }.count == 4)
        #expect(try SQLiteQuery.count(db, "SELECT COUNT(*) FROM calls") == 4)
        #expect(
            try SQLiteQuery.count(
                db,
                "SELECT COUNT(*) FROM events e JOIN calls c ON e.call = c.id WHERE e.type = 'interruption' AND e.by = 'agent'"
            ) == 3)
        #expect(try SQLiteQuery.count(db, "SELECT COUNT(*) FROM alerts WHERE rule = 'agent_monologue'") == 1)
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("report.html").path))
    }

    @Test("the conduct flags follow --dominance-share and --monologue-alert, need 20 s of talk and two parties")
    func conductFlags() throws {
        let input = try Self.folder("inputs-conduct")
        try FileManager.default.copyItem(
            atPath: EarshotProcess.sample("call-03-monologue.wav"), toPath: input.appendingPathComponent("a.wav").path)
        try SampleAudio.firstChannel(of: "call-03-monologue.wav", to: input.appendingPathComponent("mono.wav").path)
        try SampleAudio.prefix(
            of: "call-03-monologue.wav", seconds: 10, to: input.appendingPathComponent("short.wav").path)
        func flags(_ options: [String]) throws -> [String: String] {
            let output = try Scratch.folder("out-conduct-\(options.count)")
            let result = try EarshotProcess.run(["analyze", input.path, "--output", output.path] + options)
            #expect(result.status == 0, "\(result.stderr)")
            let calls = output.appendingPathComponent("calls.csv")
            return Dictionary(
                uniqueKeysWithValues: zip(
                    try BatchInputTests.column("file", of: calls).map { ($0 as NSString).lastPathComponent },
                    try BatchInputTests.column("flags", of: calls)))
        }
        let standard = try flags([])
        #expect(standard["a.wav"]?.split(separator: ";").contains("monologue") == true, "\(standard)")
        // One channel (often both voices mixed): its long talk is not the agent's monologue.
        #expect(standard["mono.wav"]?.split(separator: ";").contains("mono") == true, "\(standard)")
        #expect(standard["mono.wav"]?.split(separator: ";").contains("monologue") == false, "\(standard)")
        let strict = try flags(["--monologue-alert", "200", "--dominance-share", "0.3"])
        #expect(strict["a.wav"]?.split(separator: ";").contains("monologue") == false, "\(strict)")
        #expect(strict["a.wav"]?.split(separator: ";").contains("dominant") == true, "\(strict)")
        // 10 s of call: less talk than the live alert needs to call the agent dominant.
        #expect(strict["short.wav"]?.split(separator: ";").contains("dominant") == false, "\(strict)")
    }

    @Test("calls.csv flags what makes a call's figures less certain: crosstalk on call-05, nothing on call-04")
    func qualityFlags() throws {
        let input = try Self.folder("inputs-quality")
        for name in ["call-04-noisy", "call-05-noisy-crosstalk"] {
            try FileManager.default.copyItem(
                atPath: EarshotProcess.sample(name + ".wav"), toPath: input.appendingPathComponent(name + ".wav").path)
        }
        let output = try Self.folder("out-quality")
        let result = try EarshotProcess.run(["analyze", input.path, "--output", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        let calls = try Self.csv(output.appendingPathComponent("calls.csv"))
        let flags = try #require(calls[0].firstIndex(of: "flags"))
        let crosstalk = try #require(calls.first { $0[0].hasSuffix("call-05-noisy-crosstalk.wav") })
        let clean = try #require(calls.first { $0[0].hasSuffix("call-04-noisy.wav") })
        #expect(crosstalk[flags].contains("crosstalk"), "\(crosstalk[flags])")
        #expect(!clean[flags].contains("crosstalk"), "\(clean[flags])")
    }

    @Test("--resume skips what was analysed with the same settings and redoes it when settings change")
    func resume() throws {
        let input = try Self.inputs("resume")
        let output = try Self.folder("resume")
        _ = try EarshotProcess.run(["analyze", input.path, "--output", output.path])
        let again = try EarshotProcess.run(["analyze", input.path, "--output", output.path, "--resume"])
        #expect(again.stderr.contains("0 analysed, 3 already done, 1 failed"))  // the broken file is retried
        let changed = try EarshotProcess.run([
            "analyze", input.path, "--output", output.path, "--resume", "--silence-gap", "4",
        ])
        #expect(changed.stderr.contains("3 analysed, 0 already done, 1 failed"))
        #expect(!changed.stderr.contains("other settings"))
        // One file again with the default settings: the tables now mix settings, and say so.
        let mixed = try EarshotProcess.run([
            "analyze", input.appendingPathComponent("call-01-calm.wav").path, "--output", output.path,
        ])
        #expect(mixed.status == 0)
        #expect(mixed.stderr.contains("also hold 2 call(s) analysed earlier with other settings"))
        // Another agent channel is not other settings: each call keeps its own (a manifest sets it per call).
        let swapped = try EarshotProcess.run([
            "analyze", input.appendingPathComponent("call-02-interruptions.wav").path, "--output", output.path,
            "--agent-channel", "1", "--silence-gap", "4",
        ])
        #expect(swapped.status == 0)
        let others = "also hold 1 call(s) analysed earlier with other settings"
        #expect(swapped.stderr.contains(others), "\(swapped.stderr)")
        // The folder collects runs: calls of earlier runs that this one was not given are counted.
        #expect(swapped.stderr.contains("also hold 3 call(s) of earlier runs that are not among this run's inputs"))
        #expect(!changed.stderr.contains("of earlier runs"), "\(changed.stderr)")
        // calls.csv says which rows were analysed with which settings: two fingerprints now, one per setting.
        let settings = try BatchInputTests.column("settings", of: output.appendingPathComponent("calls.csv"))
        #expect(Set(settings.filter { !$0.isEmpty }).count == 2 && settings.allSatisfy { $0.count == 16 || $0.isEmpty })
    }

    @Test("a call analysed in part (a file cut short) is counted in the summary line, not hidden among the analysed")
    func truncatedCounted() throws {
        let input = try Self.folder("truncated-in")
        let whole = try Data(contentsOf: URL(fileURLWithPath: EarshotProcess.sample("call-01-calm.wav")))
        try whole.prefix(whole.count / 2).write(to: input.appendingPathComponent("cut.wav"))
        let output = try Self.folder("truncated-out")
        let result = try EarshotProcess.run(["analyze", input.path, "--output", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("1 analysed (1 truncated), 0 already done, 0 failed"), "\(result.stderr)")
    }

    @Test("--resume keeps the saved analysis of a listed recording that is gone, rather than a failure over it")
    func resumeKeepsMissing() throws {
        let input = try Self.inputs("resume-missing")
        let output = try Self.folder("resume-missing")
        let recording = input.appendingPathComponent("call-02-interruptions.wav").path
        _ = try EarshotProcess.run(["analyze", recording, "--output", output.path])
        let before = try Self.csv(output.appendingPathComponent("calls.csv"))
        try FileManager.default.removeItem(atPath: recording)  // the share went offline, or it was purged
        let again = try EarshotProcess.run(["analyze", recording, "--output", output.path, "--resume"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("0 analysed, 1 already done, 0 failed"), "\(again.stderr)")
        #expect(again.stderr.contains("missing now; their saved analyses are kept: '\(recording)'"))
        #expect(try Self.csv(output.appendingPathComponent("calls.csv")) == before)
        // Without --resume it is an error for the missing file, as any unreadable input is.
        let fresh = try EarshotProcess.run(["analyze", recording, "--output", output.path])
        #expect(fresh.status == 1)
    }

    @Test("an agent whose only call failed has no figures in agents.csv, not zeros")
    func failedAgent() throws {
        let input = try Self.inputs("failed-agent")
        let output = try Self.folder("failed-agent")
        let result = try EarshotProcess.run([
            "analyze", input.appendingPathComponent("broken.wav").path, "--output", output.path, "--agent", "bob",
        ])
        #expect(result.status == 1)
        let rows = try Self.csv(output.appendingPathComponent("agents.csv"))
        let row = try #require(rows.last)
        #expect(row.prefix(3) == ["bob", "1", "1"])
        #expect(row.dropFirst(5).allSatisfy { $0.isEmpty }, "\(row)")
    }

    @Test("one file under several spellings of its path is one call, for a run and for --resume")
    func pathSpellings() throws {
        let input = try Self.inputs("spellings")
        let output = try Self.folder("spellings")
        let plain = input.appendingPathComponent("call-01-calm.wav").path
        let dotted = input.path + "/./call-01-calm.wav"
        let detour = input.path + "/sub/../call-01-calm.wav"
        try FileManager.default.createDirectory(
            at: input.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let first = try EarshotProcess.run(["analyze", plain, dotted, "--output", output.path])
        #expect(first.stderr.contains("1 analysed, 0 already done"), "\(first.stderr)")
        let again = try EarshotProcess.run(["analyze", detour, "--output", output.path, "--resume"])
        #expect(again.stderr.contains("0 analysed, 1 already done"), "\(again.stderr)")
        let redone = try EarshotProcess.run(["analyze", dotted, "--output", output.path])
        #expect(redone.stderr.contains("1 analysed"), "\(redone.stderr)")
        #expect(try Self.csv(output.appendingPathComponent("calls.csv")).count == 2)  // header and one call
        // Under a link of another name the record's name changes: the folder keeps the newest record (and page) alone,
        // so it holds the call once, as its tables do, and a merge of it finds no duplicate.
        let alias = input.appendingPathComponent("alias.wav").path
        try FileManager.default.createSymbolicLink(atPath: alias, withDestinationPath: plain)
        let linked = try EarshotProcess.run(["analyze", alias, "--output", output.path])
        #expect(linked.status == 0, "\(linked.stderr)")
        let saved = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("calls").path)
        #expect(saved.filter { $0.hasSuffix(".json") }.map { $0.hasPrefix("alias-") } == [true], "\(saved)")
        #expect(saved.filter { $0.hasSuffix(".html") }.map { $0.hasPrefix("alias-") } == [true], "\(saved)")
        let merged = try EarshotProcess.run(["merge", output.path, "--output", Self.folder("spellings-merged").path])
        #expect(merged.status == 0 && !merged.stderr.contains("warning"), "\(merged.stderr)")
    }

    @Test(
        "Ctrl-C or SIGTERM part-way through a batch: said, files in progress finish, tables of every saved call, 130",
        arguments: [SIGINT, SIGTERM])
    func stopped(signal: Int32) throws {
        let input = try Self.folder("inputs-stop-\(signal)")
        let first = input.appendingPathComponent("c000.wav").path
        try SampleAudio.prefix(of: "call-02-interruptions.wav", seconds: 4, to: first)
        let count = 150
        for i in 1..<count {
            try FileManager.default.linkItem(
                atPath: first, toPath: input.appendingPathComponent(String(format: "c%03d.wav", i)).path)
        }
        let output = try Self.folder("out-stop-\(signal)")
        let calls = output.appendingPathComponent("calls")
        let saved = {
            ((try? FileManager.default.contentsOfDirectory(atPath: calls.path)) ?? []).filter { $0.hasSuffix(".json") }
        }
        let (process, err) = try EarshotProcess.start(["analyze", input.path, "--output", output.path, "--jobs", "2"])
        let deadline = Date().addingTimeInterval(60)
        while saved().count < 3 && process.isRunning && Date() < deadline { usleep(5_000) }
        kill(process.processIdentifier, signal)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130, "\(stderr)")
        #expect(stderr.contains("earshot: stopping: no new files"), "\(stderr)")
        #expect(stderr.contains("not started"), "\(stderr)")
        let done = saved()
        #expect(done.count >= 3 && done.count < count, "\(done.count)")
        // Every saved call is whole and in the table, and nothing else is.
        for name in done {
            let data = try Data(contentsOf: calls.appendingPathComponent(name))
            #expect((try? JSONSerialization.jsonObject(with: data)) is [String: Any], "\(name)")
        }
        #expect(try Self.csv(output.appendingPathComponent("calls.csv")).count == done.count + 1)
        guard signal == SIGINT else { return }
        let resumed = try EarshotProcess.run(["analyze", input.path, "--output", output.path, "--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("\(done.count) already done"), "\(resumed.stderr)")
        #expect(try Self.csv(output.appendingPathComponent("calls.csv")).count == count + 1)
    }

    @Test("the stop is said within a second of Ctrl-C, while a long file is still being analysed")
    func stopSaidAtOnce() throws {
        let input = try Self.folder("inputs-stop-long")
        try SampleAudio.looped("call-04-noisy.wav", times: 40, to: input.appendingPathComponent("a-long.wav").path)
        for name in ["b", "c"] {
            try FileManager.default.copyItem(
                atPath: EarshotProcess.sample("call-01-calm.wav"),
                toPath: input.appendingPathComponent(name + ".wav").path)
        }
        let output = try Self.folder("out-stop-long")
        let (process, err) = try EarshotProcess.start(["analyze", input.path, "--output", output.path, "--jobs", "1"])
        // The calls folder is made after the handlers are in place, just before the first file starts.
        let calls = output.appendingPathComponent("calls").path
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: calls) && Date() < deadline { usleep(5_000) }
        usleep(200_000)
        kill(process.processIdentifier, SIGINT)
        let signalled = Date()
        var said = ""
        while !said.contains("\n") && Date().timeIntervalSince(signalled) < 5 {
            said += String(decoding: err.fileHandleForReading.availableData, as: UTF8.self)
        }
        let running = process.isRunning
        let delay = Date().timeIntervalSince(signalled)
        _ = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(said.contains("earshot: stopping: no new files; the 1 in progress finish"), "\(said)")
        #expect(running && delay < 1, "said after \(delay) s, still analysing: \(running)")
        #expect(process.terminationStatus == 130)
    }

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
        let input = try Self.inputs("shards")
        let whole = try Self.folder("whole")
        let one = try Self.folder("shard1")
        let two = try Self.folder("shard2")
        let merged = try Self.folder("merged")
        let db = { (folder: URL) in folder.appendingPathComponent("calls.sqlite").path }
        _ = try EarshotProcess.run(["analyze", input.path, "--output", whole.path, "--db", db(whole)])
        _ = try EarshotProcess.run(["analyze", input.path, "--output", one.path, "--shard", "1/2"])
        _ = try EarshotProcess.run(["analyze", input.path, "--output", two.path, "--shard", "2/2"])
        let shardRows = try Self.csv(one.appendingPathComponent("calls.csv")).count - 1
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
        // A folder analysed with other settings, holding the same calls: both are said.
        let other = try Self.folder("shard1-other")
        _ = try EarshotProcess.run([
            "analyze", input.path, "--output", other.path, "--shard", "1/2", "--silence-gap", "4",
        ])
        let mixed = try EarshotProcess.run([
            "merge", one.path, two.path, other.path, "--output", try Self.folder("mixed").path,
        ])
        #expect(mixed.status == 0, "\(mixed.stderr)")
        #expect(mixed.stderr.contains("2 call(s) were in more than one folder"), "\(mixed.stderr)")
        #expect(mixed.stderr.contains("mix calls analysed with 2 different settings"), "\(mixed.stderr)")
        // Of the two, one is the shard's bad file, which failed under both settings: only the other call differs.
        #expect(mixed.stderr.contains("1 call(s) were analysed with different settings"), "\(mixed.stderr)")
        // The same calls under two settings and nothing else: the tables hold one setting, so they do not mix,
        // but which one depends on the order of the folders, and that is said.
        let target = try Self.folder("replaced")
        let replaced = try EarshotProcess.run(["merge", one.path, other.path, "--output", target.path])
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(!replaced.stderr.contains("mix calls"), "\(replaced.stderr)")
        // Both folders are shard 1 of 2 (each notes its shard in the file 'shard'): the second is said to be missing.
        #expect(replaced.stderr.contains("no folder merged notes shard 2/2"), "\(replaced.stderr)")
        #expect(try String(contentsOf: one.appendingPathComponent("shard"), encoding: .utf8) == "1/2\n")
        #expect(replaced.stderr.contains("so they depend on the folders' order"), "\(replaced.stderr)")
        // Merged again into the same folder: its own copies are not an input's, so the count stays the same.
        let again = try EarshotProcess.run(["merge", one.path, other.path, "--output", target.path])
        #expect(again.stderr.contains("1 call(s) were analysed with different settings"), "\(again.stderr)")
    }

    @Test("a damaged call record is left out of the tables with a warning, and the next run of its recording redoes it")
    func damagedRecord() throws {
        let output = try Self.analysed("call-02-interruptions.wav", into: "damaged")
        let calls = output.appendingPathComponent("calls")
        let name = try #require(
            try FileManager.default.contentsOfDirectory(atPath: calls.path).first { $0.hasSuffix(".json") })
        let record = calls.appendingPathComponent(name)
        try Data(try Data(contentsOf: record).prefix(300)).write(to: record)
        let other = try EarshotProcess.run([
            "analyze", EarshotProcess.sample("call-01-calm.wav"), "--output", output.path,
        ])
        #expect(other.status == 0)
        #expect(other.stderr.contains("warning: 1 file(s) in \(calls.path) are not call records"), "\(other.stderr)")
        #expect(other.stderr.contains("'\(name)'") && other.stderr.contains("tables of 1 call in"), "\(other.stderr)")
        let redo = try EarshotProcess.run([
            "analyze", EarshotProcess.sample("call-02-interruptions.wav"), "--output", output.path, "--resume",
        ])
        #expect(redo.status == 0 && !redo.stderr.contains("not call records"), "\(redo.stderr)")
        #expect(redo.stderr.contains("1 analysed, 0 already done, 0 failed; tables of 2 calls"), "\(redo.stderr)")
    }

    @Test("a call record edited by hand (spans that end before they start, times out of range) does not stop merge")
    func editedRecord() throws {
        let output = try Self.analysed("call-02-interruptions.wav", into: "edited")
        let calls = output.appendingPathComponent("calls")
        let name = try #require(
            try FileManager.default.contentsOfDirectory(atPath: calls.path).first { $0.hasSuffix(".json") })
        let url = calls.appendingPathComponent(name)
        var record = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        record["opening_account"] = ["start": 20.0]  // no end: read as 0, before the start
        record["lost_capture"] = [["start": 5.0, "end": 1e300]]
        try JSONSerialization.data(withJSONObject: record).write(to: url)
        let merged = try Self.folder("edited-merged")
        let result = try EarshotProcess.run(["merge", output.path, "--output", merged.path])
        #expect(result.status == 0, "\(result.stderr)")
        let page = try String(contentsOf: merged.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(page.contains("call-02-interruptions.wav") && page.hasSuffix("</html>\n"))
    }

    @Test("a manifest names agents and call ids; agents.csv has one row per agent")
    func manifest() throws {
        let output = try Self.folder("manifest")
        let manifest = output.appendingPathComponent("calls.csv.in")
        try """
        path,agent,call_id,agent_channel
        \(EarshotProcess.sample("call-01-calm.wav")),alice,c1,
        \(EarshotProcess.sample("call-02-interruptions.wav")),bob,c2,0
        "\(EarshotProcess.sample("call-03-monologue.wav"))",alice,c3,0
        """.write(to: manifest, atomically: false, encoding: .utf8)
        let result = try EarshotProcess.run(["analyze", "--manifest", manifest.path, "--output", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        let agents = try Self.csv(output.appendingPathComponent("agents.csv"))
        #expect(agents.map { $0[0] } == ["agent", "alice", "bob"])
        #expect(agents[1][1] == "2")
        // report.html shows the same agents above the calls, with the same mean share.
        let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        let table = try #require(html.components(separatedBy: "<table class=\"sortable agents\">").dropFirst().first)
        let rows = table.components(separatedBy: "</tbody>")[0].split(separator: "\n").filter { $0.hasPrefix("<tr>") }
        #expect(rows.count == 2 && rows[0].contains("data-v=\"alice\">alice<") && rows[0].contains(">2</td>"))
        let share = try #require(Double(agents[1][5]))
        #expect(rows[0].contains(">\(Int((share * 100).rounded()))</td>"), "\(rows[0]) against \(share)")
        #expect(html.range(of: "<h2>Agents</h2>")!.lowerBound < html.range(of: "<h2>Calls</h2>")!.lowerBound)
        // Without agent ids there is no such table (one anonymous row would say nothing the calls do not).
        let anonymous = try Self.analysed("call-01-calm.wav", into: "no-agents")
        let plain = try String(contentsOf: anonymous.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(!plain.contains("<h2>Agents</h2>"))
    }
}
