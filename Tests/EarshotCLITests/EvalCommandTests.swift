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
            #expect(f1 == nil || f1 == 1.0, "\(kind): \(String(describing: f1))")
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

    @Test("a truth interruption or backchannel that does not say by whom is an error, not dropped or guessed")
    func truthWithoutParty() throws {
        let folder = try Self.callFolder("eval-no-by")
        var truth = try EarshotProcess.sampleTruth("call-01-calm")
        var events = try #require(truth["events"] as? [[String: Any]])
        let index = try #require(events.firstIndex { $0["type"] as? String == "backchannel" })
        events[index]["by"] = nil
        truth["events"] = events
        let path = folder.appendingPathComponent("call.truth.json")
        try JSONSerialization.data(withJSONObject: truth).write(to: path)
        let result = try EarshotProcess.run(["eval", "--truth", folder.path])
        #expect(result.status == 1, "\(result.stderr)")
        let said = "event \(index + 1) (backchannel) has no 'by' of agent or customer"
        #expect(result.stderr.contains("cannot read labels '\(path.path)': \(said)"), "\(result.stderr)")
        // A party misspelt is named.
        events[index]["by"] = "Agent"
        truth["events"] = events
        try JSONSerialization.data(withJSONObject: truth).write(to: path)
        let misspelt = try EarshotProcess.run(["eval", "--truth", folder.path])
        #expect(misspelt.status == 1)
        #expect(
            misspelt.stderr.contains("(backchannel) its 'by', 'Agent', is not agent or customer"), "\(misspelt.stderr)")
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

    @Test("a detection segment that runs backwards, and a missing detections file, are errors saying so")
    func badDetections() throws {
        let folder = try Scratch.folder("bad-detections")
        let samples = EarshotProcess.root.appendingPathComponent("Samples").path
        let audio = EarshotProcess.sample("call-01-calm.wav")
        let arguments = ["eval", "--truth", samples, "--detections", folder.path, audio]
        let missing = try EarshotProcess.run(arguments)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no such file"), "\(missing.stderr)")
        // Each detections file, the status it gives and what stderr says: a segment that runs backwards, a channel
        // that is not a whole number (not read as channel 0), a segment past the audio's end (scored to the end).
        let cases: [(String, Int32, String)] = [
            (#"{"segments": [{"channel": 0, "start": 5, "end": 2}]}"#, 1, "segment 5.0 ... 2.0 s does not run forward"),
            (#"{"segments": [{"channel": 0.5, "start": 1, "end": 2}]}"#, 1, "channel 0.5 but"),
            (#"{"segments": [{"channel": 0, "start": 100, "end": 200}]}"#, 0, "has a segment up to 200.0 s but"),
            (#"{"segments": [{"channel": 0, "start": 1, "end": 1e300}]}"#, 1, "(up to 10000000 s)"),
        ]
        for (json, status, message) in cases {
            try Data(json.utf8).write(to: folder.appendingPathComponent("call-01-calm.json"))
            let result = try EarshotProcess.run(arguments)
            #expect(result.status == status, "\(json): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(json): \(result.stderr)")
        }
    }

    @Test("a truth whose duration_s is not a length (1e300) is an error naming the file, not a trap")
    func hugeDuration() throws {
        let folder = try Self.callFolder("eval-huge-duration")
        var truth = try EarshotProcess.sampleTruth("call-01-calm")
        truth["duration_s"] = 1e300
        let path = folder.appendingPathComponent("call.truth.json")
        try JSONSerialization.data(withJSONObject: truth).write(to: path)
        let result = try EarshotProcess.run(["eval", "--truth", folder.path])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("cannot read labels '\(path.path)': duration_s 1e+300"), "\(result.stderr)")
    }

    @Test("label spans that run backwards, start before 0 or are not numbers are errors naming the line")
    func badLabelSpans() throws {
        let folder = try Self.callFolder("eval-bad-spans")
        let labels = folder.appendingPathComponent("call.txt")
        let cases: [(String, String)] = [
            ("1.0\t2.0\tspeech\n3.4\t0.8\tspeech\n", "line 2: the span 3.4 ... 0.8 s does not run forward"),
            ("-5\t2\tspeech\n", "line 1: the span -5.0 ... 2.0 s"),
            ("nan\tnan\tspeech\n", "line 1: the span nan ... nan s"),
            ("1\t1e300\tspeech\n", "line 1: the span 1.0 ... 1e+300 s"),  // a trap in the frame count, before
        ]
        for (text, message) in cases {
            try text.write(to: labels, atomically: true, encoding: .utf8)
            let result = try EarshotProcess.run(["eval", "--labels", folder.path])
            #expect(result.status == 1, "\(text)")
            #expect(result.stderr.contains("cannot read labels '\(labels.path)' \(message)"), "\(result.stderr)")
        }
        // A point label (end = start) is allowed and holds no speech; labels past the audio get a warning.
        try "2.0\t2.0\tclick\n1.0\t80.0\tspeech\n".write(to: labels, atomically: true, encoding: .utf8)
        let past = try EarshotProcess.run(["eval", "--labels", folder.path])
        #expect(past.status == 0, "\(past.stderr)")
        #expect(past.stderr.contains("marks speech up to 1:20.0 and"), "\(past.stderr)")
        // A .json label file that is not JSON is called that, not a malformed .scv line.
        try FileManager.default.removeItem(at: labels)
        try "name,1,2,1".write(to: folder.appendingPathComponent("call.json"), atomically: true, encoding: .utf8)
        let notJSON = try EarshotProcess.run(["eval", "--labels", folder.path])
        #expect(notJSON.status == 1)
        #expect(notJSON.stderr.contains("not a JSON object with a \"segments\" list"), "\(notJSON.stderr)")
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

    @Test("labels that cannot fit the audio are refused or warned about, not scored as if they did")
    func mismatchedLabels() throws {
        let folder = try Scratch.folder("eval-mismatch")
        let truth = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: EarshotProcess.sample("call-01-calm.truth.json"))))
                as? [String: Any])
        // A two-party truth against one channel of its call.
        try SampleAudio.firstChannel(of: "call-01-calm.wav", to: folder.appendingPathComponent("mono.wav").path)
        try JSONSerialization.data(withJSONObject: truth).write(to: folder.appendingPathComponent("mono.truth.json"))
        // A truth whose agent is on channel 1, and one for a call longer than its audio.
        var swapped = truth
        swapped["roles"] = ["agent": 1, "customer": 0]
        var longer = truth
        longer["duration_s"] = 120.0
        for (name, object) in [("swapped", swapped), ("longer", longer)] {
            try FileManager.default.copyItem(
                atPath: EarshotProcess.sample("call-01-calm.wav"),
                toPath: folder.appendingPathComponent(name + ".wav").path)
            try JSONSerialization.data(withJSONObject: object).write(
                to: folder.appendingPathComponent(name + ".truth.json"))
        }
        // An empty Audacity label track: no speech in the file.
        try FileManager.default.copyItem(
            atPath: EarshotProcess.sample("call-01-calm.wav"), toPath: folder.appendingPathComponent("quiet.wav").path)
        try "".write(to: folder.appendingPathComponent("quiet.txt"), atomically: false, encoding: .utf8)
        let result = try EarshotProcess.run(["eval", "--labels", folder.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("the labels are a two-party call's truth and the file has 1 channel(s)"))
        #expect(result.stderr.contains("puts the agent on channel 1: score it with --agent-channel 1"))
        #expect(result.stderr.contains("is for 2:00.0 of audio and '\(folder.path)/longer.wav' holds 0:55.9"))
        #expect(result.stdout.contains("quiet.wav"), "\(result.stdout)")  // scored: every frame is a false alarm
    }

    @Test("a missing label file is an error naming the audio file")
    func missingLabels() throws {
        let empty = try Scratch.folder("no-labels").path  // not /tmp, where anyone may have left such a file
        let result = try EarshotProcess.run(["eval", "--labels", empty, EarshotProcess.sample("call-01-calm.wav")])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no label file for"))
        #expect(result.stderr.contains("call-01-calm.wav"))
    }

    @Test("a --channel the file does not have and a missing labels folder are errors that name them")
    func badChannelAndFolder() throws {
        let folder = Scratch.url("eval-channel")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let audio = folder.appendingPathComponent("call.wav").path
        try? FileManager.default.removeItem(atPath: audio)
        try FileManager.default.copyItem(atPath: EarshotProcess.sample("call-01-calm.wav"), toPath: audio)
        try "1.0\t3.0\tspeech\n".write(
            toFile: folder.appendingPathComponent("call.txt").path, atomically: true, encoding: .utf8)
        let ok = try EarshotProcess.run(["eval", "--labels", folder.path, "--channel", "1"])
        #expect(ok.status == 0, "\(ok.stderr)")
        let result = try EarshotProcess.run(["eval", "--labels", folder.path, "--channel", "2"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot score channel 2 of '\(audio)': it has 2 channel(s)"))
        let missing = try EarshotProcess.run(["eval", "--labels", "/no/such/labels"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot read labels from '/no/such/labels': no such folder"))
    }
}
