import Foundation
import Testing

/// `earshot eval` reading what label and truth files say: the channel JSON labels name, a truth file that is no
/// call's, truth content that cannot be scored, and files named twice (review B of stop 61).
@Suite("earshot eval: what the label files say")
struct EvalLabelContentTests {
    /// call-01's truth segments of `role`, as `{"channel", "start", "end"}` (no roles, no events).
    private static func segments(of role: String) throws -> [[String: Any]] {
        let truth = try EarshotProcess.sampleTruth("call-01-calm")
        let all = try #require(truth["segments"] as? [[String: Any]])
        return all.filter { $0["role"] as? String == role }.map { segment in
            ["channel": segment["channel"] ?? 0, "start": segment["start"] ?? 0, "end": segment["end"] ?? 0]
        }
    }

    /// The pooled precision and recall of `eval --format json` over single-channel labels.
    private static func pooled(_ result: EarshotProcess.Result) throws -> [Double] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let pooled = try #require(object["pooled"] as? [String: Any])
        return [try #require(pooled["precision"] as? Double), try #require(pooled["recall"] as? Double)]
    }

    @Test("JSON labels whose segments name their channel are scored on that channel, as the same labels in a track")
    func jsonLabelsNameTheirChannel() throws {
        let agent = try Self.segments(of: "agent")
        let customer = try Self.segments(of: "customer")
        // The same spans as Audacity label tracks, scored with --channel: what the JSON must give.
        let tracks = try EvalCommandTests.callFolder("eval-channel-tracks")
        let track = { (spans: [[String: Any]]) in
            spans.map { "\($0["start"] ?? 0)\t\($0["end"] ?? 0)\tspeech\n" }.joined()
        }
        try track(customer).write(to: tracks.appendingPathComponent("call.txt"), atomically: true, encoding: .utf8)
        let customerTrack = try EarshotProcess.run(
            ["eval", "--labels", tracks.path, "--channel", "1", "--format", "json"])
        try track(agent).write(to: tracks.appendingPathComponent("call.txt"), atomically: true, encoding: .utf8)
        let agentTrack = try EarshotProcess.run(["eval", "--labels", tracks.path, "--format", "json"])
        #expect(customerTrack.status == 0 && agentTrack.status == 0, "\(customerTrack.stderr)\(agentTrack.stderr)")
        #expect(try Self.pooled(customerTrack) != Self.pooled(agentTrack))  // the channels do differ

        let folder = try EvalCommandTests.callFolder("eval-channel-json")
        let labels = folder.appendingPathComponent("call.json")
        // The customer's segments alone: channel 1 is scored without --channel (no warning that channel 0 is).
        try JSONSerialization.data(withJSONObject: ["segments": customer]).write(to: labels)
        let alone = try EarshotProcess.run(["eval", "--labels", folder.path, "--format", "json"])
        #expect(alone.status == 0, "\(alone.stderr)")
        #expect(try Self.pooled(alone) == Self.pooled(customerTrack), "before: scored on channel 0")
        #expect(!alone.stderr.contains("channel 0 is scored"), "\(alone.stderr)")
        // Which channel was scored is said (review T: it was not): in the JSON, and in the text's row.
        let aloneJSON = try JSONSerialization.jsonObject(with: Data(alone.stdout.utf8)) as? [String: Any]
        #expect(((aloneJSON?["files"] as? [[String: Any]])?.first?["channel"] as? Int) == 1, "\(alone.stdout)")
        let aloneText = try EarshotProcess.run(["eval", "--labels", folder.path])
        #expect(aloneText.stdout.contains("call.wav (channel 1)"), "\(aloneText.stdout)")
        #expect(!agentTrack.stdout.contains("(channel"), "\(agentTrack.stdout)")
        // Another --channel than the one they name is refused, not scored against the other party (review S).
        let other = try EarshotProcess.run(["eval", "--labels", folder.path, "--channel", "0"])
        #expect(other.status == 1)
        #expect(
            other.stderr.contains("cannot score channel 0 against '\(labels.path)': its segments are on channel(s) 1"),
            "\(other.stderr)")
        // Both parties' segments, no roles or events: --channel picks one; without it, an error (before: the two
        // channels' speech merged and scored as channel 0's).
        try JSONSerialization.data(withJSONObject: ["segments": agent + customer]).write(to: labels)
        let both = try EarshotProcess.run(["eval", "--labels", folder.path])
        #expect(both.status == 1)
        #expect(both.stderr.contains("its segments are on channels 0, 1, with no roles or events"), "\(both.stderr)")
        let picked = try EarshotProcess.run(["eval", "--labels", folder.path, "--channel", "0", "--format", "json"])
        #expect(picked.status == 0, "\(picked.stderr)")
        #expect(try Self.pooled(picked) == Self.pooled(agentTrack))
        // The channels they name are the file's: with --channels, each at its place among those taken (review T:
        // the customer's labels on channel 2 of a three-channel file could not be scored).
        let wide = try Scratch.folder("eval-channel-three")
        try SampleAudio.threeChannels(of: "call-01-calm.wav", to: wide.appendingPathComponent("call.wav").path)
        let onTwo = customer.map { $0.merging(["channel": 2]) { $1 } }
        try JSONSerialization.data(withJSONObject: ["segments": onTwo]).write(
            to: wide.appendingPathComponent("call.json"))
        let three = try EarshotProcess.run(["eval", "--labels", wide.path, "--channels", "0,2", "--format", "json"])
        #expect(three.status == 0, "\(three.stderr)")
        #expect(try Self.pooled(three) == Self.pooled(customerTrack), "the same audio, the same labels")
        let left = try EarshotProcess.run(["eval", "--labels", wide.path, "--channels", "0,1"])
        #expect(left.status == 1)
        #expect(left.stderr.contains("its segments are on channel(s) 2, which --channels leaves out"), "\(left.stderr)")
    }

    @Test("a mono report as labels describes channel 0 of a stereo file, or --channel's, as a label track does")
    func monoReportAsLabels() throws {
        // Review R: its segments, on channel 0, could no longer label channel 1; review S: nor was it said that
        // channel 0 is scored without --channel.
        let folder = try EvalCommandTests.callFolder("eval-mono-report")
        let mono = folder.appendingPathComponent("mono.wav").path
        try SampleAudio.firstChannel(of: "call-01-calm.wav", to: mono)
        let report = try EarshotProcess.run(["analyze", "--format", "json", mono])
        try #require(report.status == 0, "\(report.stderr)")
        try FileManager.default.removeItem(atPath: mono)
        try Data(report.stdout.utf8).write(to: folder.appendingPathComponent("call.json"))
        let plain = try EarshotProcess.run(["eval", "--labels", folder.path, "--format", "json"])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stderr.contains("channel 0 is scored"), "\(plain.stderr)")
        let second = try EarshotProcess.run(["eval", "--labels", folder.path, "--channel", "1", "--format", "json"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try Self.pooled(second) != Self.pooled(plain), "the customer's channel scored against the agent's")
    }

    @Test("a .truth.json that is no call's truth (empty, or speech without parties) is an error; the others are scored")
    func truthFileMustBeACall() throws {
        let folder = try EvalCommandTests.callFolder("eval-truth-not-call")
        try FileManager.default.copyItem(
            atPath: EarshotProcess.sample("call-01-calm.truth.json"),
            toPath: folder.appendingPathComponent("call.truth.json").path)
        try FileManager.default.copyItem(
            atPath: EarshotProcess.sample("call-02-interruptions.wav"),
            toPath: folder.appendingPathComponent("other.wav").path)
        let other = folder.appendingPathComponent("other.truth.json")
        let cases = [
            ("", "not valid JSON"), (#"{"segments": []}"#, "not a two-party call's truth"),
            (#"{"segments": [{"start": 1, "end": 2}]}"#, "not a two-party call's truth"),
        ]
        for (content, message) in cases {
            try content.write(to: other, atomically: true, encoding: .utf8)
            let result = try EarshotProcess.run(["eval", "--truth", folder.path])
            #expect(result.status == 1, "\(content): \(result.stderr)")
            #expect(
                result.stderr.contains("cannot read labels '\(other.path)': \(message)"),
                "\(content): \(result.stderr)")
            // The good call is scored in the calls' table, alone (before: the other joined a table of its own).
            #expect(result.stdout.contains("calls  1  "), "\(content): \(result.stdout)")
            #expect(!result.stdout.contains("other.wav"), "\(content): \(result.stdout)")
        }
    }

    @Test("truth events of an unknown kind or without times, a share that is no fraction, parties sharing a channel")
    func truthContentChecked() throws {
        let folder = try EvalCommandTests.callFolder("eval-truth-content")
        let path = folder.appendingPathComponent("call.truth.json")
        let truth = try EarshotProcess.sampleTruth("call-01-calm")
        let events = try #require(truth["events"] as? [[String: Any]])
        let segments = try #require(truth["segments"] as? [[String: Any]])
        let gap = try #require(events.firstIndex { $0["type"] as? String == "silence_gap" })
        var summary = try #require(truth["summary"] as? [String: Any])
        func with(event change: [String: Any?]) -> [String: Any] {
            var changed = events
            for (key, value) in change { changed[gap][key] = value }
            return truth.merging(["events": changed]) { $1 }
        }
        func with(share: Any) -> [String: Any] {
            summary["agent_share"] = share
            return truth.merging(["summary": summary]) { $1 }
        }
        var misplaced = segments
        let customerSegment = try #require(misplaced.firstIndex { $0["role"] as? String == "customer" })
        misplaced[customerSegment]["role"] = "agent"
        let event = "event \(gap + 1)"
        let cases: [([String: Any], String)] = [
            (with(event: ["type": "silence-gap"]), "\(event)'s type, 'silence-gap', is not one of 'interruption'"),
            (with(event: ["start": nil]), "\(event) (silence_gap) has no numeric start and end"),
            (with(event: ["start": "x"]), "\(event) (silence_gap) has no numeric start and end"),
            (with(event: ["start": 30.0, "end": 20.0]), "\(event) (silence_gap): the span 30.0 ... 20.0 s does not"),
            (with(share: 81.08), "summary.agent_share, 81.08, is not a fraction of 0 ... 1"),
            (with(share: "0.8"), "summary.agent_share, \"0.8\" (text), is not a fraction of 0 ... 1"),
            (
                truth.merging(["segments": misplaced, "roles": NSNull()]) { $1 },
                "its segments put the agent on channel(s) 0, 1 and the customer on channel(s) 1"
            ),
        ]
        for (object, message) in cases {
            try JSONSerialization.data(withJSONObject: object).write(to: path)
            let result = try EarshotProcess.run(["eval", "--truth", folder.path])
            #expect(result.status == 1, "\(message): \(result.stderr)")
            #expect(result.stderr.contains("cannot read labels '\(path.path)'"), "\(result.stderr)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
        // Truth speech past the audio's end is warned of, as labels' is.
        var longer = segments
        longer.append(["channel": 1, "role": "customer", "start": 70.0, "end": 75.0])
        try JSONSerialization.data(withJSONObject: truth.merging(["segments": longer]) { $1 }).write(to: path)
        let past = try EarshotProcess.run(["eval", "--truth", folder.path])
        #expect(past.status == 0, "\(past.stderr)")
        #expect(past.stderr.contains("'\(path.path)' marks speech up to 1:15.0 and"), "\(past.stderr)")
    }

    @Test("label files and audio named twice: the label file scored is said, an audio file is scored once")
    func namedTwice() throws {
        let folder = try EvalCommandTests.callFolder("eval-named-twice")
        let audio = folder.appendingPathComponent("call.wav").path
        try "1.0\t3.0\tspeech\n".write(to: folder.appendingPathComponent("call.txt"), atomically: true, encoding: .utf8)
        try #"{"segments": [{"channel": 0, "start": 1, "end": 50}]}"#.write(
            to: folder.appendingPathComponent("call.json"), atomically: true, encoding: .utf8)
        let result = try EarshotProcess.run(["eval", "--labels", folder.path, "--format", "json", audio, audio])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "warning: '\(audio)' has more than one label file: '\(folder.path)/call.json' is scored, not "
                    + "'\(folder.path)/call.txt'"), "\(result.stderr)")
        #expect(result.stderr.contains("warning: '\(audio)' is given more than once: scored once"), "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((object["files"] as? [Any])?.count == 1, "\(result.stdout)")
        // An audio file that does not exist is said to be missing, not to have no labels.
        let missing = try EarshotProcess.run(["eval", "--labels", folder.path, folder.path + "/gone.wav"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot open '\(folder.path)/gone.wav': no such file"), "\(missing.stderr)")
    }

    @Test("label files with no audio beside them are named in a warning, not passed over")
    func labelsWithoutAudio() throws {
        let folder = try EvalCommandTests.callFolder("eval-labels-alone")
        try FileManager.default.copyItem(
            atPath: EarshotProcess.sample("call-01-calm.truth.json"),
            toPath: folder.appendingPathComponent("call.truth.json").path)
        for name in ["call-2.truth.json", "other.scv"] {
            try "1.0,3.0\n".write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        // Notes and reports of the folder are no labels to warn of.
        try "notes\n".write(to: folder.appendingPathComponent("README.txt"), atomically: true, encoding: .utf8)
        let result = try EarshotProcess.run(["eval", "--truth", folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "warning: 2 label file(s) in '\(folder.path)' have no audio file of the same name beside them and are "
                    + "not scored: 'call-2.truth.json', 'other.scv'"), "\(result.stderr)")
        #expect(!result.stderr.contains("README"), "\(result.stderr)")
        // Audio given by name: the folder's other labels are not the question.
        let named = try EarshotProcess.run(["eval", "--truth", folder.path, folder.path + "/call.wav"])
        #expect(!named.stderr.contains("no audio file"), "\(named.stderr)")
    }
}
