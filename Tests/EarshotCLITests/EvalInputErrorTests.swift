import Foundation
import Testing

/// `earshot eval` on bad input: truth, detections and labels that are wrong, missing or do not fit the audio.
@Suite("earshot eval on bad input")
struct EvalInputErrorTests {
    @Test("a truth interruption or backchannel that does not say by whom is an error, not dropped or guessed")
    func truthWithoutParty() throws {
        let folder = try EvalCommandTests.callFolder("eval-no-by")
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
            misspelt.stderr.contains("(backchannel): its 'by', 'Agent', is not agent or customer"),
            "\(misspelt.stderr)")
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
        let folder = try EvalCommandTests.callFolder("eval-huge-duration")
        var truth = try EarshotProcess.sampleTruth("call-01-calm")
        truth["duration_s"] = 1e300
        let path = folder.appendingPathComponent("call.truth.json")
        try JSONSerialization.data(withJSONObject: truth).write(to: path)
        let result = try EarshotProcess.run(["eval", "--truth", folder.path])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("cannot read labels '\(path.path)': duration_s 1e+300"), "\(result.stderr)")
    }

    @Test("label spans that run backwards, start before 0 or are not decimal numbers are errors naming the line")
    func badLabelSpans() throws {
        let folder = try EvalCommandTests.callFolder("eval-bad-spans")
        let labels = folder.appendingPathComponent("call.txt")
        let cases: [(String, String)] = [
            ("1.0\t2.0\tspeech\n3.4\t0.8\tspeech\n", "line 2: the span 3.4 ... 0.8 s does not run forward"),
            ("-5\t2\tspeech\n", "line 1: the span -5.0 ... 2.0 s"),
            ("nan\tnan\tspeech\n", "line 1: expected start<TAB>end<TAB>label"),
            ("0x10\t20\tspeech\n", "line 1: expected start<TAB>end<TAB>label"),  // read as 16 s, before
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
        // The .scv form's times are decimal too (0x10 was read as 16 s).
        try FileManager.default.removeItem(at: labels)
        let scv = folder.appendingPathComponent("call.scv")
        try "call,0x10,20,1".write(to: scv, atomically: true, encoding: .utf8)
        let hex = try EarshotProcess.run(["eval", "--labels", folder.path])
        #expect(hex.status == 1 && hex.stderr.contains("bad number in triple 1"), "\(hex.stderr)")
        try FileManager.default.removeItem(at: scv)
        // A .json label file that is not JSON is called that, not a malformed .scv line.
        try "name,1,2,1".write(to: folder.appendingPathComponent("call.json"), atomically: true, encoding: .utf8)
        let notJSON = try EarshotProcess.run(["eval", "--labels", folder.path])
        #expect(notJSON.status == 1)
        #expect(notJSON.stderr.contains("call.json': not valid JSON"), "\(notJSON.stderr)")
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
        // The same without `roles`, the agent's channel given by each segment's (as mixcalls writes truth).
        var segmentsSwapped = truth
        segmentsSwapped["roles"] = nil
        let segments = try #require(truth["segments"] as? [[String: Any]])
        segmentsSwapped["segments"] = segments.map { segment in
            segment.merging(["channel": segment["role"] as? String == "agent" ? 1 : 0]) { $1 }
        }
        var longer = truth
        longer["duration_s"] = 120.0
        for (name, object) in [("swapped", swapped), ("segments-swapped", segmentsSwapped), ("longer", longer)] {
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
        #expect(
            result.stderr.contains("/swapped.truth.json' puts the agent on channel 1: score it with --agent-channel 1"))
        #expect(
            result.stderr.contains("segments-swapped.truth.json' puts the agent on channel 1"), "\(result.stderr)")
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
        #expect(missing.stderr.contains("cannot read labels from '/no/such/labels': no such file or folder"))
    }

    @Test("a labels or detections path that is a file, or missing, is named once with what it is")
    func pathProblemsNamed() throws {
        let file = EarshotProcess.sample("call-01-calm.truth.json")
        let cases: [([String], String)] = [
            (["eval", "--truth", file], "cannot read labels from '\(file)': a file, not a folder"),
            (
                ["eval", "--truth", EarshotProcess.sample(""), "--detections", "/no/such/detections"],
                "cannot read detections from '/no/such/detections': no such file or folder"
            ),
            (["merge", "/no/such/shard", "--output", Scratch.url("merge-missing").path], "no such file or folder"),
            (["merge", file, "--output", Scratch.url("merge-file").path], "a file, not a folder"),
            (
                ["analyze", "--manifest", EarshotProcess.sample(""), "--output", Scratch.url("manifest-folder").path],
                "': a folder, not a file"
            ),
        ]
        for (arguments, message) in cases {
            let result = try EarshotProcess.run(arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stderr.components(separatedBy: "error:").count == 2, "one error: \(result.stderr)")
        }
    }
}
