import Foundation
import Testing

@Suite("earshot eval, end to end")
struct EvalCommandTests {
    /// A scratch folder holding a copy of call-01 as `call.wav`, for labels written beside it.
    static func callFolder(_ name: String) throws -> URL {
        let folder = try Scratch.folder(name)
        try FileManager.default.copyItem(
            atPath: EarshotProcess.sample("call-01-calm.wav"), toPath: folder.appendingPathComponent("call.wav").path)
        return folder
    }

    static let testset = EarshotProcess.root.deletingLastPathComponent()
        .appendingPathComponent("shared/data/vad-testset").path

    private func pooled(_ output: String) throws -> [String: Any] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        return try #require(object["pooled"] as? [String: Any])
    }

    @Test("on the labelled real-speech set, pooled F1 is at least 0.93 with precision at least 0.92")
    func accuracyTarget() throws {
        let result = try EarshotProcess.run(["eval", "--labels", Self.testset, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let pooled = try pooled(result.stdout)
        let f1 = try #require(pooled["f1"] as? Double)
        let precision = try #require(pooled["precision"] as? Double)
        #expect(f1 >= 0.93, "pooled F1 \(f1)")
        #expect(precision >= 0.92, "pooled precision \(precision)")
        #expect(pooled["frames"] as? Int ?? 0 > 15_000)
    }

    @Test("Audacity label tracks are read: labels made from a sample's truth score its agent channel")
    func audacityLabels() throws {
        let folder = try Scratch.folder("eval")
        let truth = try EarshotProcess.sampleTruth("call-01-calm")
        let segments = try #require(truth["segments"] as? [[String: Any]])
        let lines = segments.filter { $0["channel"] as? Int == 0 }.map {
            "\($0["start"] as! Double)\t\($0["end"] as! Double)\tagent"
        }
        try (lines.joined(separator: "\n") + "\n").write(
            to: folder.appendingPathComponent("call-01-calm.txt"), atomically: false, encoding: .utf8)
        let result = try EarshotProcess.run([
            "eval", "--labels", folder.path, "--format", "json", "--bridge", "0.3",
            EarshotProcess.sample("call-01-calm.wav"),
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let f1 = try #require(try pooled(result.stdout)["f1"] as? Double)
        #expect(f1 >= 0.93)
        // The labels are of one channel, the file of two: which one is scored is said, once a run (here the file is
        // given twice), unless --channel says it.
        let twice = try EarshotProcess.run([
            "eval", "--labels", folder.path, "--bridge", "0.3", EarshotProcess.sample("call-01-calm.wav"),
            EarshotProcess.sample("call-01-calm.wav"),
        ])
        #expect(twice.status == 0, "\(twice.stderr)")
        #expect(twice.stderr.components(separatedBy: "has 2 channels and its labels").count == 2, "\(twice.stderr)")
        #expect(
            result.stderr.contains("channel 0 is scored, here and in any other such file (--channel N for another)"))
        let named = try EarshotProcess.run([
            "eval", "--labels", folder.path, "--channel", "0", "--bridge", "0.3",
            EarshotProcess.sample("call-01-calm.wav"),
        ])
        #expect(named.status == 0 && !named.stderr.contains("channel 0 is scored"), "\(named.stderr)")
    }

    @Test("a mono recording's Earshot report is read as single-channel labels, as the same spans in Audacity's form")
    func monoReportLabels() throws {
        let folder = try Scratch.folder("eval-mono-report")
        let truth = try EarshotProcess.sampleTruth("call-01-calm")
        let agent = try #require(truth["segments"] as? [[String: Any]]).filter { $0["channel"] as? Int == 0 }
        #expect(agent.count >= 3)
        for name in ["report", "track"] {
            try SampleAudio.firstChannel(of: "call-01-calm.wav", to: folder.appendingPathComponent(name + ".wav").path)
        }
        // The shape `analyze --format json` gives a mono file: one channel, no customer, its (empty) events.
        let report: [String: Any] = [
            "channels": 1, "roles": ["agent": 0, "customer": NSNull()], "segments": agent, "events": [],
        ]
        try JSONSerialization.data(withJSONObject: report).write(to: folder.appendingPathComponent("report.json"))
        let lines = agent.map { "\($0["start"] as! Double)\t\($0["end"] as! Double)\tspeech" }
        try (lines.joined(separator: "\n") + "\n").write(
            to: folder.appendingPathComponent("track.txt"), atomically: false, encoding: .utf8)
        let result = try EarshotProcess.run(["eval", "--labels", folder.path, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let files = try #require(try JSONFile.object(from: result.stdout)["files"] as? [[String: Any]])
        #expect(files.count == 2 && files.allSatisfy { ($0["f1"] as? Double ?? 0) > 0.5 }, "\(files)")
        for key in ["precision", "recall", "f1", "onset_error_s", "offset_error_s"] {
            #expect(files.first?[key] as? Double == files.last?[key] as? Double, "\(key): \(files)")
        }
        // A two-party truth that says "channels": 1 is still a call's truth (its customer's speech is not dropped).
        let odd = try Scratch.folder("eval-mono-truth")
        try SampleAudio.firstChannel(of: "call-01-calm.wav", to: odd.appendingPathComponent("call.wav").path)
        var truthOne = truth
        truthOne["channels"] = 1
        try JSONSerialization.data(withJSONObject: truthOne).write(to: odd.appendingPathComponent("call.truth.json"))
        let refused = try EarshotProcess.run(["eval", "--truth", odd.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("the labels are a two-party call's truth"), "\(refused.stderr)")
    }

    @Test("two-party truth is scored per channel and per event kind")
    func callTruth() throws {
        let result = try EarshotProcess.run([
            "eval", "--truth", EarshotProcess.root.appendingPathComponent("Samples").path, "--format", "json",
            EarshotProcess.sample("call-02-interruptions.wav"),
        ])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let calls = try #require(object["calls"] as? [String: Any])
        let pooled = try #require(calls["pooled"] as? [String: Any])
        let events = try #require(pooled["events"] as? [String: [String: Any]])
        #expect(events["interruption_by_agent"]?["true_positives"] as? Int == 3)
        #expect(events["interruption_by_agent"]?["f1"] as? Double == 1.0)
        #expect(events["silence_gap"]?["f1"] as? Double == 1.0)
    }

    @Test("--detections scores another detector's segments with Earshot's definitions")
    func detections() throws {
        let folder = try Scratch.folder("detections")
        let truth = try EarshotProcess.sampleTruth("call-02-interruptions")
        let segments = try #require(truth["segments"] as? [[String: Any]])
        func score(_ kept: [[String: Any]]) throws -> [String: Any] {
            let detections: [String: Any] = [
                "segments": kept.map { ["channel": $0["channel"]!, "start": $0["start"]!, "end": $0["end"]!] }
            ]
            try JSONSerialization.data(withJSONObject: detections).write(
                to: folder.appendingPathComponent("call-02-interruptions.json"))
            let result = try EarshotProcess.run([
                "eval", "--truth", EarshotProcess.root.appendingPathComponent("Samples").path, "--detections",
                folder.path, "--format", "json", EarshotProcess.sample("call-02-interruptions.wav"),
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let calls = try #require(object["calls"] as? [String: Any])
            return try #require(calls["pooled"] as? [String: Any])
        }
        // The truth's own segments, run through the definitions, give back exactly the truth's events.
        let perfect = try score(segments)
        let events = try #require(perfect["events"] as? [String: [String: Any]])
        for kind in ["interruption_by_agent", "interruption_by_customer", "backchannel", "silence_gap"] {
            let f1 = events[kind]?["f1"] as? Double
            #expect(f1 == 1.0, "\(kind): \(String(describing: f1))")
        }
        #expect(events["interruption_by_agent"]?["true_positives"] as? Int == 3)
        // Without the agent's speech there is nothing for the agent to interrupt with.
        let customerOnly = try score(segments.filter { $0["channel"] as? Int == 1 })
        let none = try #require(customerOnly["events"] as? [String: [String: Any]])
        #expect(none["interruption_by_agent"]?["true_positives"] as? Int == 0)
        #expect(perfect["agent_share_error_calls"] as? Int == 1)
        // A detector that finds no speech gives no share: the share error is over no call, and says so.
        let silent = try score([])
        #expect(silent["agent_share_error_pt"] is NSNull && silent["agent_share_error_calls"] as? Int == 0)
    }

    @Test("detections are scored over the audio's length, whatever their duration_s says")
    func detectionsLength() throws {
        let folder = try Scratch.folder("detections-length")
        let audio = EarshotProcess.root.appendingPathComponent("../shared/data/vad-testset/testset-audio-01.wav").path
        let labels = EarshotProcess.root.appendingPathComponent("../shared/data/vad-testset").path
        func accuracy(_ stated: Double?) throws -> (Double, String) {
            var detections: [String: Any] = ["segments": [["channel": 0, "start": 1.0, "end": 3.0]]]
            if let stated { detections["duration_s"] = stated }
            try JSONSerialization.data(withJSONObject: detections).write(
                to: folder.appendingPathComponent("testset-audio-01.json"))
            let result = try EarshotProcess.run([
                "eval", "--labels", labels, "--detections", folder.path, "--format", "json", audio,
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let files = try #require(object["files"] as? [[String: Any]])
            return (try #require(files.first?["accuracy"] as? Double), result.stderr)
        }
        let (plain, _) = try accuracy(nil)
        let (stretched, warning) = try accuracy(100)  // the file holds 11.5 s
        #expect(stretched == plain)
        #expect(warning.contains("says duration_s 100.0 but"), "\(warning)")
    }

    @Test("labels past the audio's end are cut there, as detections are: no offset error for speech not in the file")
    func labelsPastTheEnd() throws {
        let folder = try Scratch.folder("labels-past-end")
        let audio = folder.appendingPathComponent("clip.wav")
        try FileManager.default.copyItem(atPath: Self.testset + "/testset-audio-01.wav", toPath: audio.path)
        try "1.000\t20.000\tspeech\n".write(
            to: folder.appendingPathComponent("clip.txt"), atomically: false, encoding: .utf8)
        let detections = try Scratch.folder("labels-past-end-detections")
        // Speech from 1 s to the file's end (11.52 s): what the labels say of the audio there is.
        try JSONSerialization.data(withJSONObject: ["segments": [["channel": 0, "start": 1.0, "end": 11.52]]])
            .write(to: detections.appendingPathComponent("clip.json"))
        let result = try EarshotProcess.run([
            "eval", "--labels", folder.path, "--detections", detections.path, "--format", "json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("marks speech up to 0:20.0"), "\(result.stderr)")  // still warned of
        let file = try #require(try JSONFile.object(from: result.stdout)["files"] as? [[String: Any]]).first
        #expect(file?["f1"] as? Double == 1)
        #expect((file?["offset_error_s"] as? Double).map { abs($0) < 0.011 } == true, "\(String(describing: file))")
    }

    @Test("--channel with two-party truth is said once to be unused: the truth is scored on both channels")
    func channelWithCallTruth() throws {
        let samples = EarshotProcess.sample("")
        let plain = try EarshotProcess.run(["eval", "--truth", samples, "--format", "json"])
        let result = try EarshotProcess.run(["eval", "--truth", samples, "--channel", "1", "--format", "json"])
        #expect(result.status == 0 && plain.status == 0, "\(result.stderr)")
        #expect(result.stderr.components(separatedBy: "--channel is for single-channel labels").count == 2)
        #expect(!plain.stderr.contains("--channel"))
        #expect(result.stdout == plain.stdout)
    }

    @Test("no boundary error is shown as 0 when no segment matched: '-' in text, null in JSON")
    func noMatchedSegments() throws {
        let folder = try Self.callFolder("eval-no-match")
        try "".write(to: folder.appendingPathComponent("call.txt"), atomically: true, encoding: .utf8)
        let text = try EarshotProcess.run(["eval", "--labels", folder.path])
        #expect(text.status == 0, "\(text.stderr)")
        let row = try #require(text.stdout.split(separator: "\n").first { $0.hasPrefix("call.wav") })
        #expect(row.split(separator: " ").suffix(2) == ["-", "-"], "\(row)")
        let json = try EarshotProcess.run(["eval", "--labels", folder.path, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let file = try #require((object["files"] as? [[String: Any]])?.first)
        #expect(file["matched_segments"] as? Int == 0)
        #expect(file["onset_error_s"] is NSNull && file["offset_error_s"] is NSNull, "\(file)")
    }

    @Test("--channels picks two channels of a wider file, as for analyze")
    func wideFile() throws {
        let folder = try Scratch.folder("eval-wide")
        try SampleAudio.widened("call-01-calm.wav", to: folder.appendingPathComponent("call.wav").path)
        try FileManager.default.copyItem(
            atPath: EarshotProcess.sample("call-01-calm.truth.json"),
            toPath: folder.appendingPathComponent("call.truth.json").path)
        let refused = try EarshotProcess.run(["eval", "--truth", folder.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("--channels"), "\(refused.stderr)")
        let picked = try EarshotProcess.run(["eval", "--truth", folder.path, "--channels", "1,2"])
        #expect(picked.status == 0, "\(picked.stderr)")
        let samples = EarshotProcess.root.appendingPathComponent("Samples").path
        let plain = try EarshotProcess.run(["eval", "--truth", samples, EarshotProcess.sample("call-01-calm.wav")])
        // The two picked channels score exactly as the stereo file itself (the table's figures, not its name).
        let figures = { (text: String) in text.split(separator: "\n").filter { $0.hasPrefix("calls") } }
        #expect(!figures(plain.stdout).isEmpty)
        #expect(figures(picked.stdout) == figures(plain.stdout), "\(picked.stdout)\n\(plain.stdout)")
    }

}
