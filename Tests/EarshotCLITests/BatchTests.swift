import Foundation
import Testing

@testable import earshot

@Suite("earshot analyze in batch mode")
struct BatchTests {
    @Test("a folder is analysed in parallel into per-call JSON, three tables and a database; a bad file is a row")
    func batch() throws {
        let input = try BatchFixture.inputs("batch")
        let recorded = Date(timeIntervalSince1970: 1_704_164_645)  // 2024-01-02T03:04:05Z
        try FileManager.default.setAttributes(
            [.modificationDate: recorded], ofItemAtPath: input.appendingPathComponent("call-01-calm.wav").path)
        let output = try BatchFixture.folder("out")
        let db = output.appendingPathComponent("results.sqlite").path
        let result = try EarshotProcess.run(["analyze", input.path, "--output", output.path, "--jobs", "2", "--db", db])
        #expect(result.status == 1)  // one file failed
        #expect(result.stderr.contains("broken.wav"))
        let calls = try BatchFixture.csv(output.appendingPathComponent("calls.csv"))
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
        let events = try BatchFixture.csv(output.appendingPathComponent("events.csv"))
        #expect(events.filter { $0.count > 3 && $0[3] == "interruption" && $0[4] == "agent" }.count == 3)
        let agents = try BatchFixture.csv(output.appendingPathComponent("agents.csv"))
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
        // The broken file's row gives its error, the commands it names set as code.
        let page = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        let failed = try #require(
            page.split(separator: "\n").first { $0.contains("broken.wav") && $0.contains("class=\"err\"") })
        #expect(failed.contains("e.g. with <code>sox</code> or <code>ffmpeg</code>"), "\(failed)")
    }

    @Test("the closing list of failed files names the first 20 and counts the rest: a cron mail stays readable")
    func failedListCut() throws {
        let input = try BatchFixture.folder("inputs-many-failed")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for i in 0..<23 {
            try Data("not audio".utf8).write(to: input.appendingPathComponent(String(format: "f%02d.wav", i)))
        }
        let output = try BatchFixture.folder("out-many-failed")
        let result = try EarshotProcess.run(["analyze", input.path, "--output", output.path])
        #expect(result.status == 1)
        let line = try #require(result.stderr.split(separator: "\n").first { $0.hasPrefix("earshot: failed: ") })
        #expect(line.contains("f18.wav, ") && !line.contains("f20.wav"), "\(line)")
        #expect(line.hasSuffix("f19.wav and 3 more (calls.csv's error column)"), "\(line)")
        #expect(try BatchFixture.column("error", of: output.appendingPathComponent("calls.csv")).count == 23)
    }

    @Test("a batch or merge into an output folder another run is writing is refused, naming it; then it runs")
    func overlappingRuns() throws {
        let input = try BatchFixture.recordings("overlap", ["call-01-calm.wav"])
        let output = try BatchFixture.folder("out-overlap")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        // The lock of a run in progress (cron started the next night's before this one ended), held here.
        let lock = open(output.appendingPathComponent(".earshot-lock").path, O_RDWR | O_CREAT, 0o644)
        try #require(lock >= 0 && flock(lock, LOCK_EX) == 0)
        _ = "4242\n".withCString { write(lock, $0, 5) }
        let refused = try EarshotProcess.run(["analyze", input.path, "--output", output.path])
        let shard = try BatchFixture.folder("shard-overlap")
        try FileManager.default.createDirectory(
            at: shard.appendingPathComponent("calls"), withIntermediateDirectories: true)
        // An output folder of a shard that got no calls: its tables, its records' folder empty.
        try BatchTables.callsHeader.write(
            to: shard.appendingPathComponent("calls.csv"), atomically: true, encoding: .utf8)
        let merged = try EarshotProcess.run(["merge", shard.path, "--output", output.path])
        close(lock)
        for result in [refused, merged] {
            #expect(result.status == 3, "\(result.stderr)")
            #expect(
                result.stderr.contains(
                    "another Earshot run (process 4242) is writing the output folder '\(output.path)'"),
                "\(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("calls.csv").path))
        let ran = try EarshotProcess.run(["analyze", input.path, "--output", output.path])
        #expect(ran.status == 0, "\(ran.stderr)")
    }

    @Test("the conduct flags follow --dominance-share and --monologue-alert, need 30 s of talk and two parties")
    func conductFlags() throws {
        let input = try BatchFixture.folder("inputs-conduct")
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
                    try BatchFixture.column("file", of: calls).map { ($0 as NSString).lastPathComponent },
                    try BatchFixture.column("flags", of: calls)))
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
        let input = try BatchFixture.folder("inputs-quality")
        for name in ["call-04-noisy", "call-05-noisy-crosstalk"] {
            try FileManager.default.copyItem(
                atPath: EarshotProcess.sample(name + ".wav"), toPath: input.appendingPathComponent(name + ".wav").path)
        }
        let output = try BatchFixture.folder("out-quality")
        let result = try EarshotProcess.run(["analyze", input.path, "--output", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        let calls = try BatchFixture.csv(output.appendingPathComponent("calls.csv"))
        let flags = try #require(calls[0].firstIndex(of: "flags"))
        let crosstalk = try #require(calls.first { $0[0].hasSuffix("call-05-noisy-crosstalk.wav") })
        let clean = try #require(calls.first { $0[0].hasSuffix("call-04-noisy.wav") })
        #expect(crosstalk[flags].contains("crosstalk"), "\(crosstalk[flags])")
        #expect(!clean[flags].contains("crosstalk"), "\(clean[flags])")
    }

    @Test("a call analysed in part (a file cut short) is counted in the summary line, not hidden among the analysed")
    func truncatedCounted() throws {
        let input = try BatchFixture.folder("truncated-in")
        let whole = try Data(contentsOf: URL(fileURLWithPath: EarshotProcess.sample("call-01-calm.wav")))
        try whole.prefix(whole.count / 2).write(to: input.appendingPathComponent("cut.wav"))
        let output = try BatchFixture.folder("truncated-out")
        let result = try EarshotProcess.run(["analyze", input.path, "--output", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("1 analysed (1 truncated), 0 already done, 0 failed"), "\(result.stderr)")
    }

    @Test("a batch of one-channel files with --agent-channel 1 warns once and counts the rest, not a line per file")
    func monoWithAgentChannel() throws {
        let input = try Scratch.folder("inputs-mono")
        for n in 1...3 {
            try FileManager.default.copyItem(
                atPath: EarshotProcess.root.appendingPathComponent("../shared/data/vad-testset/testset-audio-0\(n).wav")
                    .path, toPath: input.appendingPathComponent("mono-\(n).wav").path)
        }
        let output = try Scratch.folder("out-mono")
        let result = try EarshotProcess.run(["analyze", input.path, "--agent-channel", "1", "--output", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        let warnings = result.stderr.split(whereSeparator: \.isNewline).filter { $0.contains("warning") }
        #expect(warnings.count == 2, "\(warnings)")
        #expect(result.stderr.contains("has one channel, so agent channel 1 does not apply"), "\(result.stderr)")
        #expect(result.stderr.contains("2 more one-channel file(s) with agent channel 1"), "\(result.stderr)")
    }

    @Test("an agent whose only call failed has no figures in agents.csv, not zeros")
    func failedAgent() throws {
        let input = try BatchFixture.inputs("failed-agent")
        let output = try BatchFixture.folder("failed-agent")
        let result = try EarshotProcess.run([
            "analyze", input.appendingPathComponent("broken.wav").path, "--output", output.path, "--agent", "bob",
        ])
        #expect(result.status == 1)
        let rows = try BatchFixture.csv(output.appendingPathComponent("agents.csv"))
        let row = try #require(rows.last)
        #expect(row.prefix(3) == ["bob", "1", "1"])
        #expect(row.dropFirst(5).allSatisfy { $0.isEmpty }, "\(row)")
    }

    @Test("one file under several spellings of its path is one call, for a run and for --resume")
    func pathSpellings() throws {
        let input = try BatchFixture.inputs("spellings")
        let output = try BatchFixture.folder("spellings")
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
        #expect(try BatchFixture.csv(output.appendingPathComponent("calls.csv")).count == 2)  // header and one call
        // Under a link of another name the record's name changes: the folder keeps the newest record (and page) alone,
        // so it holds the call once, as its tables do, and a merge of it finds no duplicate.
        let alias = input.appendingPathComponent("alias.wav").path
        try FileManager.default.createSymbolicLink(atPath: alias, withDestinationPath: plain)
        let linked = try EarshotProcess.run(["analyze", alias, "--output", output.path])
        #expect(linked.status == 0, "\(linked.stderr)")
        let saved = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("calls").path)
        #expect(saved.filter { $0.hasSuffix(".json") }.map { $0.hasPrefix("alias-") } == [true], "\(saved)")
        #expect(saved.filter { $0.hasSuffix(".html") }.map { $0.hasPrefix("alias-") } == [true], "\(saved)")
        let merged = try EarshotProcess.run([
            "merge", output.path, "--output", BatchFixture.folder("spellings-merged").path,
        ])
        #expect(merged.status == 0 && !merged.stderr.contains("warning"), "\(merged.stderr)")
    }

    @Test("a manifest names agents and call ids; agents.csv has one row per agent")
    func manifest() throws {
        let output = try BatchFixture.folder("manifest")
        let manifest = output.appendingPathComponent("calls.csv.in")
        try """
        path,agent,call_id,agent_channel
        \(EarshotProcess.sample("call-01-calm.wav")),alice,c1,
        \(EarshotProcess.sample("call-02-interruptions.wav")),bob,c2,0
        "\(EarshotProcess.sample("call-03-monologue.wav"))",alice,c3,0
        """.write(to: manifest, atomically: false, encoding: .utf8)
        let result = try EarshotProcess.run(["analyze", "--manifest", manifest.path, "--output", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        let agents = try BatchFixture.csv(output.appendingPathComponent("agents.csv"))
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
        let anonymous = try BatchFixture.analysed("call-01-calm.wav", into: "no-agents")
        let plain = try String(contentsOf: anonymous.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(!plain.contains("<h2>Agents</h2>"))
    }
}
