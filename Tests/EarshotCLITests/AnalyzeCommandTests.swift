import EarshotAudio
import Foundation
import Testing

@Suite("earshot analyze, end to end")
struct AnalyzeCommandTests {
    @Test("the quality section names the crosstalk the sample was made with, in JSON and in the text view")
    func qualitySection() throws {
        let truth = try EarshotProcess.sampleTruth("call-05-noisy-crosstalk")
        let madeDB = try #require(truth["crosstalk_db"] as? Double)
        let json = try EarshotProcess.run([
            "analyze", "--format", "json", EarshotProcess.sample("call-05-noisy-crosstalk.wav"),
        ])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let quality = try #require(object["quality"] as? [String: Any])
        let leaks = try #require(quality["crosstalk"] as? [[String: Any]])
        let agentLeak = try #require(leaks.first { $0["from"] as? String == "agent" }, "\(leaks)")
        #expect(agentLeak["to"] as? String == "customer")
        #expect(abs((agentLeak["level_db"] as? Double ?? 0) - madeDB) <= 1, "\(agentLeak)")
        #expect((quality["channels"] as? [[String: Any]])?.count == 2)
        #expect((quality["warnings"] as? [String])?.isEmpty == false)
        // Each warning's code, for scripts: the same words as the batch's flags.
        #expect(quality["findings"] as? [String] == ["crosstalk"], "\(quality)")
        let text = try EarshotProcess.run(["analyze", EarshotProcess.sample("call-05-noisy-crosstalk.wav")])
        #expect(text.stdout.contains("recording\n  agent voice leaks into the customer channel at"))
        let clean = try EarshotProcess.run(["analyze", EarshotProcess.sample("call-04-noisy.wav")])
        #expect(!clean.stdout.contains("recording\n"))
        // A clean call whose background is nearly digital silence: nothing leaks, so nothing is named (a leak
        // is not measured against silence: one 90 dB under its source would stand over it).
        let calm = try EarshotProcess.run([
            "analyze", "--format", "json", EarshotProcess.sample("call-01-calm.wav"),
        ])
        let calmReport = try #require(try JSONSerialization.jsonObject(with: Data(calm.stdout.utf8)) as? [String: Any])
        let calmLeaks = (calmReport["quality"] as? [String: Any])?["crosstalk"] as? [[String: Any]]
        #expect(calmLeaks?.isEmpty == true, "\(String(describing: calmLeaks))")
    }

    @Test("a silent channel makes the agent share doubtful, said only where a share is given")
    func silentChannels() throws {
        let muted = Scratch.url("muted-customer.wav").path
        try SampleAudio.mutedCustomer("call-02-interruptions.wav", to: muted)
        let one = try EarshotProcess.run(["analyze", muted])
        #expect(one.stdout.contains("the customer channel carries almost no speech of its own"), "\(one.stdout)")
        #expect(one.stdout.contains("the agent share means little"))
        // Both silent: no share is given, so none is called doubtful (it was, twice).
        let silence = Scratch.url("silence-both.wav").path
        let writer = try AudioFileWriter(path: silence, sampleRate: 8_000, channelCount: 2)
        try writer.write([Float](repeating: 0, count: 8_000 * 2 * 40))
        writer.close()
        let json = try EarshotProcess.run(["analyze", "--format", "json", silence])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["agent_share"] is NSNull)
        let quality = try #require(object["quality"] as? [String: Any])
        let warnings = try #require(quality["warnings"] as? [String])
        let findings = try #require(quality["findings"] as? [String])
        #expect(findings.filter { $0 == "silent_channel" }.count == 2 && findings.count == warnings.count, "\(quality)")
        #expect(!warnings.contains { $0.contains("agent share") }, "\(warnings)")
    }

    @Test("--format json prints the documented contract")
    func jsonContract() throws {
        let result = try EarshotProcess.run([
            "analyze", "--format", "json", EarshotProcess.sample("call-02-interruptions.wav"),
        ])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        // Every key the README's contract names, and no other: a key renamed or dropped, or one added without
        // its documentation, fails here.
        let (documented, documentedSummary) = try Self.contractKeys()
        #expect(Set(object.keys) == documented)
        #expect(Set((object["summary"] as? [String: Any] ?? [:]).keys) == documentedSummary)
        #expect(object["sample_rate"] as? Int == 8_000)
        #expect(object["channels"] as? Int == 2)
        #expect((object["roles"] as? [String: Int]) == ["agent": 0, "customer": 1])
        let segment = try #require((object["segments"] as? [[String: Any]])?.first)
        #expect(Set(segment.keys) == ["channel", "role", "start", "end"])
        let events = try #require(object["events"] as? [[String: Any]])
        for event in events {
            let type = try #require(event["type"] as? String)
            #expect(["interruption", "backchannel", "silence_gap"].contains(type))
            #expect((event["by"] == nil) == (type == "silence_gap"))
        }
        let alert = try #require((object["alerts"] as? [[String: Any]])?.first)
        #expect(Set(alert.keys) == ["type", "rule", "t", "start"])
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["interruptions_by_agent"] as? Int == 3)
    }

    /// The top-level and summary keys of the JSON contract block in README.md: the quoted names followed by
    /// `:` at the block's first level, and the quoted names inside `"summary": {...}`.
    static func contractKeys() throws -> (Set<String>, Set<String>) {
        let readme = try String(contentsOf: EarshotProcess.root.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "```\n{\"file\": str"))
        let block = readme[start.upperBound...].prefix { $0 != "`" }
        let text = "{\"file\": str" + block
        var top = Set<String>()
        var depth = 0
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "{" || character == "[" { depth += 1 }
            if character == "}" || character == "]" { depth -= 1 }
            if character == "\"", let close = text[text.index(after: index)...].firstIndex(of: "\"") {
                let name = String(text[text.index(after: index)..<close])
                if depth == 1 && text[text.index(after: close)...].hasPrefix(":") { top.insert(name) }
                index = text.index(after: close)
                continue
            }
            index = text.index(after: index)
        }
        let summaryStart = try #require(text.range(of: "\"summary\": {"))
        let summaryBlock = text[summaryStart.upperBound...].prefix { $0 != "}" }
        let summary = Set(
            summaryBlock.split(separator: "\"", omittingEmptySubsequences: false).enumerated().filter {
                $0.offset % 2 == 1
            }.map { String($0.element) })
        return (top, summary)
    }

    @Test("--agent-channel 1 swaps the roles in the report")
    func agentChannel() throws {
        let result = try EarshotProcess.run([
            "analyze", "--format", "json", "--agent-channel", "1", EarshotProcess.sample("call-02-interruptions.wav"),
        ])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])
        #expect((object["roles"] as? [String: Int]) == ["agent": 1, "customer": 0])
        #expect(summary["interruptions_by_customer"] as? Int == 3)
        #expect(summary["interruptions_by_agent"] as? Int == 1)
    }

    @Test("text output shows the table and the events")
    func text() throws {
        let result = try EarshotProcess.run(["analyze", EarshotProcess.sample("call-01-calm.wav")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("agent share"))
        #expect(result.stdout.contains("backchannel by agent"))
        #expect(result.stdout.contains("silence_gap"))
    }

    @Test("csv output has a header and one row per file")
    func csv() throws {
        let result = try EarshotProcess.run([
            "analyze", "--format", "csv", EarshotProcess.sample("call-01-calm.wav"),
            EarshotProcess.sample("call-03-monologue.wav"),
        ])
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix("file,duration_s,agent_talk_s") == true)
        let columns = lines[0].split(separator: ",", omittingEmptySubsequences: false).count
        #expect(
            lines.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == columns }
        )
    }

    @Test("a csv row carries the JSON report's summary, coach figures included, column for column")
    func csvMatchesJSON() throws {
        let file = EarshotProcess.sample("call-02-interruptions.wav")
        let csv = try EarshotProcess.run(["analyze", "--format", "csv", file]).stdout.split(separator: "\n")
        let json = try EarshotProcess.run(["analyze", "--format", "json", file]).stdout
        let report = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let summary = try #require(report["summary"] as? [String: Any])
        let names = csv[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let values = csv[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(names.prefix(2) == ["file", "duration_s"] && values.count == names.count)
        #expect(Set(names.dropFirst(2)) == Set(summary.keys))
        for (name, value) in zip(names.dropFirst(), values.dropFirst()) {
            let expected = name == "duration_s" ? report[name] : summary[name]
            switch expected {
            case is NSNull, nil: #expect(value == "", "\(name)")
            case let flag as Bool where value == "true" || value == "false": #expect(value == String(flag), "\(name)")
            case let number as NSNumber: #expect(Double(value) == number.doubleValue, "\(name): \(value)")
            default: Issue.record("\(name): unexpected JSON value")
            }
        }
    }

    @Test("a missing file is named on stderr and exits 1, after the other files were analysed")
    func badFileInBatch() throws {
        let result = try EarshotProcess.run([
            "analyze", "--format", "csv", "/no/such/call.wav", EarshotProcess.sample("call-01-calm.wav"),
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("earshot: error: cannot open '/no/such/call.wav': no such file"))
        #expect(result.stdout.contains("call-01-calm.wav"))
    }

    @Test("a file that is not audio gets a clear error naming it")
    func notAudio() throws {
        let path = Scratch.url("not-audio.wav").path
        try "hello".write(toFile: path, atomically: false, encoding: .utf8)
        let result = try EarshotProcess.run(["analyze", path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot read '\(path)': not an audio file"))
    }

    @Test("usage errors exit 64 and show usage")
    func usageError() throws {
        let result = try EarshotProcess.run([
            "analyze", "--agent-channel", "2", EarshotProcess.sample("call-01-calm.wav"),
        ])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--agent-channel must be 0 or 1"))
        #expect(result.stderr.contains("Usage:"))
        // Options that would be silently ignored are usage errors too.
        let file = EarshotProcess.sample("call-01-calm.wav")
        let ignored: [([String], String)] = [
            (["analyze", "--jobs", "2", file], "need --output DIR"),
            (["analyze", "--agent", "ann", file], "need --output DIR"),
            (["analyze", "--format", "json", "--output", Scratch.url("format-batch").path, file], "--format is for"),
            (["live", "--device", "x", "--agent-device", "a", "--customer-device", "c"], "leave it out"),
        ]
        for (arguments, message) in ignored {
            let refused = try EarshotProcess.run(arguments)
            #expect(refused.status == 64, "\(arguments)")
            #expect(refused.stderr.contains(message), "\(arguments): \(refused.stderr)")
        }
    }

    @Test("a negative or huge number is refused with the option's own rule, not taken for an option or a crash")
    func negativeValues() throws {
        let file = EarshotProcess.sample("call-01-calm.wav")
        let refused: [([String], String)] = [
            (["analyze", "--silence-gap", "-1", file], "--silence-gap must be 0.1 ... 600 s, got -1.0"),
            (["analyze", "--bridge", "6", file], "--bridge must be 0 ... 5 s, got 6.0"),
            (["analyze", "--monologue-alert", "0.5", file], "--monologue-alert must be 1 ... 36000 s, got 0.5"),
            (["analyze", "--agent-channel", "-1", file], "--agent-channel must be 0 or 1, got -1"),
            (["analyze", "--channels", "-1,0", file], "--channels takes one or two different channel numbers"),
            (["eval", "--labels", ".", "--channel", "-1"], "--channel must be 0 or more, got -1"),
            (["analyze", "--jobs", "-2", "--output", Scratch.url("negative-jobs").path, file], "--jobs must be"),
            (["replay", "--from", "-5", file], "--from must be 0 or more seconds"),
            (["replay", "--speed", "-2", file], "--speed takes a number from 0.05 to 100000, or max; got '-2'"),
            (["live", "--duration", "-3"], "--duration must be a positive number of seconds"),
            // Out of range the other way: values that would overflow a frame count or a sleep.
            (["replay", "--from", "1e19", file], "--from must be 0 or more seconds, less than 1e9"),
            (["replay", "--from", "inf", file], "--from must be"),
            (["replay", "--speed", "1e-300", file], "--speed takes a number from 0.05"),
            (["live", "--duration", "1e15"], "--duration must be a positive number of seconds, at most 1e8"),
            // In the option's own terms, not the engine setting derived from it.
            (["analyze", "--dominance-window", "5", file], "--dominance-window must be 20 ... 3600 s"),
            (["analyze", "--dominance-share", "0.05", file], "--dominance-share must be 0.2 ... 0.99, got 0.05"),
            // Under 0.2 the alert could never re-arm (0.1 below the threshold is a share under 0).
            (["analyze", "--dominance-share", "0.1", file], "--dominance-share must be 0.2 ... 0.99, got 0.1"),
            (["analyze", "--output", Scratch.url("shard").path, "--shard", "-1/4", file], "--shard takes K/N"),
            (["analyze", "--output", Scratch.url("shard").path, "--shard", "+1/+4", file], "--shard takes K/N"),
        ]
        for (arguments, message) in refused {
            let result = try EarshotProcess.run(arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Missing value"), "\(arguments)")
        }
    }

    @Test("a bridge longer than the silence gap is refused: a pause it joins would be talk and a gap at once")
    func bridgeAgainstSilenceGap() throws {
        let file = EarshotProcess.sample("call-02-interruptions.wav")
        let refused: [([String], String)] = [
            (["analyze", "--bridge", "5", file], "--bridge (5.0 s) must not be longer than --silence-gap (3.0 s)"),
            (
                ["analyze", "--silence-gap", "0.2", file],
                "--bridge (0.3 s by default) must not be longer than --silence-gap"
            ),
            (["analyze", "--bridge", "2.5", "--silence-gap", "2", file], "--bridge (2.5 s) must not be longer"),
            (["replay", "--speed", "max", "--bridge", "3.5", file], "--bridge (3.5 s) must not be longer"),
        ]
        for (arguments, message) in refused {
            let result = try EarshotProcess.run(arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        // Equal is consistent: a pause of exactly the bridge is not bridged, and is a gap.
        for (bridge, gap) in [("0.1", "0.2"), ("3", "3")] {
            let accepted = try EarshotProcess.run(["analyze", "--bridge", bridge, "--silence-gap", gap, file])
            #expect(accepted.status == 0, "\(accepted.stderr)")
        }
    }

    @Test("the text report rounds as the JSON does (half up from hundredths) and shows '-' for what mono lacks")
    func textRounding() throws {
        for name in ["call-01-calm", "call-04-noisy", "call-06-phone-line"] {
            let file = EarshotProcess.sample(name + ".wav")
            let json = try EarshotProcess.run(["analyze", "--format", "json", file])
            let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let summary = try #require(report["summary"] as? [String: Any])
            let silence = try #require(summary["silence_s"] as? Double)
            let hundredths = Int((silence * 100).rounded())
            let expected = "\((hundredths + 5) / 100).\((hundredths + 5) / 10 % 10) s\n"
            let text = try EarshotProcess.run(["analyze", file])
            #expect(text.stdout.contains("silence             \(expected)"), "\(name): \(silence)")
        }
        // A figure that is not on the 10 ms grid (the crosstalk level) reads as in the JSON's one decimal.
        let crosstalk = EarshotProcess.sample("call-05-noisy-crosstalk.wav")
        let json = try EarshotProcess.run(["analyze", "--format", "json", crosstalk])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let leaks = try #require((report["quality"] as? [String: Any])?["crosstalk"] as? [[String: Any]])
        try #require(!leaks.isEmpty)
        let text = try EarshotProcess.run(["analyze", crosstalk]).stdout
        for leak in leaks {
            let level = try #require(leak["level_db"] as? Double)
            #expect(text.contains("at \(String(format: "%.1f", level)) dB"), "\(level)")
        }
        let mono = try EarshotProcess.run([
            "analyze",
            EarshotProcess.root.appendingPathComponent("../shared/data/vad-testset/testset-audio-01.wav").path,
        ])
        #expect(mono.stdout.contains("interruptions       -"))
        #expect(!mono.stderr.contains("warning"))
        // --agent-channel 1 cannot apply to one channel: said, and the one speaker is still the agent.
        let swapped = try EarshotProcess.run([
            "analyze", "--agent-channel", "1",
            EarshotProcess.root.appendingPathComponent("../shared/data/vad-testset/testset-audio-01.wav").path,
        ])
        #expect(swapped.status == 0)
        #expect(swapped.stderr.contains("has one channel, so agent channel 1 does not apply"), "\(swapped.stderr)")
        #expect(swapped.stdout == mono.stdout)
        #expect(mono.stdout.contains("overlap             -"))
        // In a batch, the row gives the channel the agent was on: 0, not the 1 asked for.
        let output = try Scratch.folder("mono-agent-channel")
        let batch = try EarshotProcess.run([
            "analyze", "--agent-channel", "1", "--output", output.path, "--db", output.path + "/calls.sqlite",
            EarshotProcess.root.appendingPathComponent("../shared/data/vad-testset/testset-audio-01.wav").path,
        ])
        #expect(batch.status == 0, "\(batch.stderr)")
        let rows = try BatchFixture.csv(output.appendingPathComponent("calls.csv"))
        let column = try #require(rows.first?.firstIndex(of: "agent_channel"))
        #expect(rows.dropFirst().map { $0[column] } == ["0"])
        #expect(try SQLiteQuery.rows(output.path + "/calls.sqlite", "SELECT agent_channel FROM calls") == [["0"]])
    }

    @Test("a folder stands for its audio files, sorted; an empty folder is an error naming it")
    func folderInput() throws {
        let samples = EarshotProcess.root.appendingPathComponent("Samples").path
        let result = try EarshotProcess.run(["analyze", "--format", "csv", samples])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) }
        #expect(rows.count >= 7)
        #expect(rows == rows.sorted())
        let empty = Scratch.url("empty-folder").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        for extra in [[String](), ["--output", Scratch.url("empty-folder-out").path]] {
            let none = try EarshotProcess.run(["analyze", empty] + extra)
            #expect(none.status == 1)
            #expect(none.stderr.contains("'\(empty)'"))
        }
        #expect(!FileManager.default.fileExists(atPath: Scratch.url("empty-folder-out").path))
    }

    @Test("--channels names two different channels, agent first, and does not go with --agent-channel")
    func channelChoice() throws {
        let file = EarshotProcess.sample("call-01-calm.wav")
        for bad in [["--channels", "1,1"], ["--channels", "1,0", "--agent-channel", "1"], ["--channels", "x"]] {
            let result = try EarshotProcess.run(["analyze"] + bad + [file])
            #expect(result.status == 64, "\(bad)")
            #expect(result.stderr.contains("--channels"), "\(bad)")
        }
        // Agent first: picking 1,0 on a stereo file is the same as --agent-channel 1.
        let picked = try EarshotProcess.run(["analyze", "--format", "csv", "--channels", "1,0", file])
        let swapped = try EarshotProcess.run(["analyze", "--format", "csv", "--agent-channel", "1", file])
        #expect(picked.status == 0 && swapped.status == 0)
        #expect(picked.stdout == swapped.stdout)
    }
}
