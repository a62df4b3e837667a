import EarshotAudio
import Foundation
import Testing

@testable import earshot

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

    @Test("a missing file is named on stderr, and in its CSV row, and exits 1, after the other files were analysed")
    func badFileInBatch() throws {
        let result = try EarshotProcess.run([
            "analyze", "--format", "csv", "/no/such/call.wav", EarshotProcess.sample("call-01-calm.wav"),
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("earshot: error: cannot open '/no/such/call.wav': no such file"))
        // One row a file in the order given, the failed one's with no figures, the "failed" flag and its error.
        let rows = try CSVReader.rows(result.stdout).map(\.fields)
        try #require(rows.count == 3 && rows.allSatisfy { $0.count == rows[0].count }, "\(rows)")
        #expect(rows[2][0].hasSuffix("call-01-calm.wav") && rows[2].last == "", "\(rows[2])")
        #expect(rows[1][0] == "/no/such/call.wav" && rows[1].dropFirst().dropLast(2).allSatisfy(\.isEmpty))
        #expect(rows[1].suffix(2).first == "failed", "\(rows[1])")
        #expect(rows[1].last?.hasPrefix("cannot open '/no/such/call.wav': no such file") == true, "\(rows[1])")
        // JSON Lines: a line for the failed file too, in its place (review A: it had none); one file alone, none.
        let json = try EarshotProcess.run([
            "analyze", "--format", "json", "/no/such/call.wav", EarshotProcess.sample("call-01-calm.wav"),
        ])
        #expect(json.status == 1)
        let lines = try json.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        try #require(lines.count == 2, "\(json.stdout)")
        #expect(lines[0]["file"] as? String == "/no/such/call.wav")
        #expect(lines[0]["flags"] as? [String] == ["failed"])
        #expect((lines[0]["error"] as? String)?.hasPrefix("cannot open '/no/such/call.wav': no such file") == true)
        #expect((lines[1]["file"] as? String)?.hasSuffix("call-01-calm.wav") == true && lines[1]["error"] == nil)
        let alone = try EarshotProcess.run(["analyze", "--format", "json", "/no/such/call.wav"])
        #expect(alone.status == 1 && alone.stdout.isEmpty, "\(alone.stdout)")
        // One file analysed and one failed in the folder search (a name that is not UTF-8): JSON Lines too, not an
        // indented object with a line after it (review R).
        let folder = try Scratch.folder("json-lines-latin1")
        try FileManager.default.copyItem(
            atPath: EarshotProcess.sample("call-01-calm.wav"), toPath: folder.appendingPathComponent("a.wav").path)
        let name = Array(folder.path.utf8) + Array("/b".utf8) + [0xE9] + Array(".wav".utf8)
        let descriptor = (name.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer {
            open($0.baseAddress!, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
        try #require(descriptor >= 0)
        close(descriptor)
        let searched = try EarshotProcess.run(["analyze", "--format", "json", folder.path])
        #expect(searched.status == 1)
        let parsed = searched.stdout.split(separator: "\n").map {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        #expect(parsed.count == 2 && parsed.allSatisfy { $0 != nil }, "\(searched.stdout)")
    }

    @Test("the closing line names the first 20 failed inputs and counts the rest")
    func manyFailures() throws {
        let missing = (1...22).map { "/no/such/call-\($0).wav" }
        let result = try EarshotProcess.run(["analyze"] + missing + [EarshotProcess.sample("call-01-calm.wav")])
        #expect(result.status == 1)
        let summary = try #require(result.stderr.split(separator: "\n").last.map(String.init))
        #expect(summary.hasPrefix("earshot: 22 of 23 input(s) failed: /no/such/call-1.wav, "), "\(summary)")
        #expect(summary.contains("call-20.wav") && !summary.contains("call-21.wav"), "\(summary)")
        #expect(summary.hasSuffix(" and 2 more (each said above)"), "\(summary)")
    }

    @Test("a file that is not audio gets a clear error naming it")
    func notAudio() throws {
        let path = Scratch.url("not-audio.wav").path
        try "hello".write(toFile: path, atomically: false, encoding: .utf8)
        let result = try EarshotProcess.run(["analyze", path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot read '\(path)': not an audio file"))
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

    @Test("a real voice copied a few milliseconds late onto the other channel is the same audio; 8 dB down, a leak")
    func sameAudioLate() throws {
        let voice = EarshotProcess.root.appendingPathComponent("../shared/data/vad-testset/testset-audio-01.wav").path
        // One frame compared to one found 45 % (5 ms) and 11 % (10 ms) of the frames the same, under the 90 % needed.
        for delay in [0.005, 0.010] {
            let path = Scratch.url("copied-late-\(Int(delay * 1000))ms.wav").path
            try SampleAudio.copiedLate(voice, delay: delay, to: path)
            let result = try EarshotProcess.run(["analyze", "--format", "json", path])
            #expect(result.status == 0, "\(result.stderr)")
            let quality = try #require(try JSONFile.object(from: result.stdout)["quality"] as? [String: Any])
            #expect(quality["findings"] as? [String] == ["same_audio"], "\(delay) s: \(quality)")
            #expect((quality["crosstalk"] as? [Any])?.isEmpty == true, "\(delay) s: \(quality)")
        }
        // A channel that carries nothing but the other's leak, 8 dB under it and 8 ms late, is a leak into a silent
        // channel, not a copy (matched one frame apart, it was taken for the same audio).
        let leak = Scratch.url("leak-only.wav").path
        try SampleAudio.copiedLate(voice, delay: 0.008, gain: 0.4, to: leak)
        let result = try EarshotProcess.run(["analyze", "--format", "json", leak])
        let quality = try #require(try JSONFile.object(from: result.stdout)["quality"] as? [String: Any])
        let findings = quality["findings"] as? [String] ?? []
        #expect(!findings.contains("same_audio") && findings.contains("crosstalk"), "\(quality)")
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

}
