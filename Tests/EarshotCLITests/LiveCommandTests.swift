import EarshotAudio
import Foundation
import Testing

/// `earshot live` through real ALSA: the `file` plugin (Tests/Fixtures/asound.conf) reads raw audio
/// from a file as a capture device.
@Suite("earshot live on ALSA file-plugin devices")
struct LiveCommandTests {
    /// Live's report must say what analyze says of the same audio, and count the events the sample's truth has.
    static func expectSameAsAnalyze(_ report: [String: Any], sample: String) throws {
        let analyzed = try EarshotProcess.run(["analyze", "--format", "json", EarshotProcess.sample(sample + ".wav")])
        let expected = try #require(
            try JSONSerialization.jsonObject(with: Data(analyzed.stdout.utf8)) as? [String: Any])
        let liveSummary = try #require(report["summary"] as? [String: Any])
        let fileSummary = try #require(expected["summary"] as? [String: Any])
        // The sample's known timing (Samples/NAME.truth.json), not only another mode's output.
        let truth = try JSONFile.object(at: EarshotProcess.sample(sample + ".truth.json"))
        let trueSummary = try #require(truth["summary"] as? [String: Any])
        for key in [
            "interruptions_by_agent", "interruptions_by_customer", "backchannels_by_agent", "backchannels_by_customer",
            "silence_gaps",
        ] {
            #expect(liveSummary[key] as? Int == fileSummary[key] as? Int, "\(key)")
            #expect(liveSummary[key] as? Int == trueSummary[key] as? Int, "\(key) against the truth")
        }
        let liveSegments = try #require(report["segments"] as? [[String: Any]])
        let fileSegments = try #require(expected["segments"] as? [[String: Any]])
        try #require(liveSegments.count == fileSegments.count)
        for (a, b) in zip(liveSegments, fileSegments) {
            // Within one 10 ms frame (16-bit capture of the same samples).
            #expect(abs((a["start"] as? Double ?? -1) - (b["start"] as? Double ?? 1)) <= 0.0101)
            #expect(abs((a["end"] as? Double ?? -1) - (b["end"] as? Double ?? 1)) <= 0.0101)
            #expect(a["role"] as? String == b["role"] as? String)
        }
    }

    /// `live --json --report` on call-02 through one stereo file-plugin device at 8 kHz, for the file's length:
    /// the process result, the report, and the file's length in seconds.
    static func liveCall02(
        ringSeconds: String, report name: String, timeLimit: Double? = nil, extra: [String] = []
    ) throws -> (EarshotProcess.Result, [String: Any], Double) {
        let (stereo, _, _, seconds) = try ALSAFileDevice.rawFiles("call-02-interruptions")
        let report = stereo + ".\(name).json"
        let result = try EarshotProcess.run(
            [
                "live", "--device", ALSAFileDevice.name(file: stereo), "--rate", "8000", "--duration", "\(seconds)",
                "--ring-seconds", ringSeconds, "--json", "--report", report,
            ] + extra, environment: ALSAFileDevice.environment, timeLimit: timeLimit)
        try #require(result.status == 0, "\(result.stderr)")
        return (result, try JSONFile.object(at: report), seconds)
    }

    @Test(
        "--duration ends the session when a small ring overflows; the dropped audio is lost capture, kept as zeros in --record"
    )
    func overflowingRing() throws {
        // The file plugin delivers far faster than real time, so a 0.1 s ring overflows at once.
        let recording = Scratch.url("overflow-record.wav").path
        let (result, object, seconds) = try Self.liveCall02(
            ringSeconds: "0.1", report: "overflow", timeLimit: 30, extra: ["--record", recording])
        #expect(abs((object["duration_s"] as? Double ?? 0) - seconds) < 0.011)
        // Said as it starts, and totalled at the end.
        #expect(
            result.stderr.contains("the 0.1 s ring is full, so captured audio is being dropped"), "\(result.stderr)")
        #expect(result.stderr.contains("of captured audio was dropped on a full ring"), "\(result.stderr)")
        let capture = try #require(object["capture"] as? [String: Any])
        let dropped = try #require(capture["dropped_frames"] as? Int)
        #expect(dropped > 0)
        // Dropped periods are not device overruns.
        #expect(capture["overruns"] as? Int == 0)
        let stretches = try #require(object["lost_capture"] as? [[String: Double]])
        let lost = capture["lost_capture_s"] as? Double ?? -1
        #expect(
            abs(lost - Double(dropped) / 8_000) <= 0.01 * Double(stretches.count) + 0.011,
            "\(lost) s for \(dropped) frames")
        // The recording keeps the report's timeline: the lost time is in it as zeros.
        let recorded = try FileSource(path: recording)
        #expect(abs(Double(recorded.frameCount) / 8_000 - seconds) < 0.011)
        // Lost capture is not digital silence.
        let warnings = (object["quality"] as? [String: Any])?["warnings"] as? [String] ?? []
        #expect(!warnings.contains { $0.contains("digital silence") }, "\(warnings)")
        // The lost time sits where the audio was lost: outside it the recording holds the file's own samples at
        // the same times (a gap filled in after later audio would put every later sample early by the loss).
        func samples(_ path: String) throws -> [Float] {
            let source = try FileSource(path: path)
            var all: [Float] = []
            while let block = try source.nextBlock() { all.append(contentsOf: block.samples) }
            return all
        }
        let original = try samples(EarshotProcess.sample("call-02-interruptions.wav"))
        let kept = try samples(recording)
        let margin = 80  // frames: a stretch's times are rounded to 10 ms
        let lostFrames = stretches.map {
            (Int(($0["start"] ?? 0) * 8_000) - margin)...(Int(($0["end"] ?? 0) * 8_000) + margin)
        }
        let heard = (0..<min(original.count, kept.count) / 2).filter { frame in
            !lostFrames.contains { $0.contains(frame) }
        }
        #expect(heard.count >= 400, "\(stretches)")
        let misplaced = heard.filter { original[2 * $0] != kept[2 * $0] || original[2 * $0 + 1] != kept[2 * $0 + 1] }
        #expect(misplaced.isEmpty, "\(misplaced.count) of \(heard.count) frames, first \(misplaced.first ?? -1)")
    }

    @Test("a stereo capture device gives the report analyze gives for the same audio")
    func stereoDevice() throws {
        let (result, object, _) = try Self.liveCall02(ringSeconds: "120", report: "report")
        try Self.expectSameAsAnalyze(object, sample: "call-02-interruptions")
        let capture = try #require(object["capture"] as? [String: Any])
        #expect(capture["overruns"] as? Int == 0)
        #expect(result.stdout.contains("\"rule\": \"agent_interrupts\""))
        // When capture started, by the wall clock: within the last minute, the same in the end line.
        let started = try #require(capture["started_at"] as? String)
        let date = try #require(ISO8601DateFormatter().date(from: started), "\(started)")
        #expect(abs(date.timeIntervalSinceNow) < 60, "\(started)")
        let end = try #require(result.stdout.split(separator: "\n").last { $0.contains("\"type\": \"end\"") })
        #expect(end.contains("\"started_at\": \"\(started)\""), "\(end)")
        #expect(!result.stdout.split(separator: "\n").contains { $0.contains("status") && $0.contains("started_at") })
        #expect(!result.stderr.contains("ring"), "nothing dropped, nothing said: \(result.stderr)")
    }

    @Test("two mono devices, agent and customer, are captured together and aligned")
    func twoDevices() throws {
        let (_, agent, customer, seconds) = try ALSAFileDevice.rawFiles("call-04-noisy")
        let report = agent + ".report.json"
        let result = try EarshotProcess.run(
            [
                "live", "--agent-device", ALSAFileDevice.name(file: agent), "--customer-device",
                ALSAFileDevice.name(file: customer), "--rate", "8000", "--duration", "\(seconds)", "--ring-seconds",
                "120",
                "--json", "--report", report,
            ], environment: ALSAFileDevice.environment)
        #expect(result.status == 0, "\(result.stderr)")
        try Self.expectSameAsAnalyze(try JSONFile.object(at: report), sample: "call-04-noisy")
    }

    @Test("SIGTERM ends a session part-way, with exit 0, and the report is still written for what was heard")
    func terminate() throws {
        let (stereo, _, _, _) = try ALSAFileDevice.rawFiles("call-01-calm")
        let report = stereo + ".sigterm.json"
        try? FileManager.default.removeItem(atPath: report)
        // SIGTERM once the session has analysed audio (a status line past 2 s of media).
        let process = try EarshotProcess.stop(
            ["live", "--device", ALSAFileDevice.name(file: stereo), "--rate", "8000", "--json", "--report", report],
            atSecond: 2, with: SIGTERM, environment: ALSAFileDevice.environment)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        let object = try JSONFile.object(at: report)
        // The signal ended it (the file plugin's capture goes on past the file's end: the session does not end on its
        // own), once it had heard 2 s; the report covers what was heard.
        let heard = object["duration_s"] as? Double ?? 0
        #expect(heard >= 2, "\(heard) s")
        #expect(object["summary"] != nil)
    }

    @Test("--on-alert runs the command with each alert as JSON on stdin")
    func onAlert() throws {
        let (stereo, _, _, seconds) = try ALSAFileDevice.rawFiles("call-02-interruptions")
        let received = stereo + ".alerts.jsonl"
        try? FileManager.default.removeItem(atPath: received)
        let result = try EarshotProcess.run(
            [
                "live", "--device", ALSAFileDevice.name(file: stereo), "--rate", "8000", "--duration", "\(seconds)",
                "--ring-seconds", "120", "--json", "--on-alert", "cat >> '\(received)'",
            ], environment: ALSAFileDevice.environment)
        #expect(result.status == 0)
        let lines = try String(contentsOfFile: received, encoding: .utf8).split(separator: "\n")
        let printed = result.stdout.split(separator: "\n").filter { $0.contains("\"type\": \"alert\"") }
        #expect(lines.count == printed.count)
        #expect(lines.count >= 4)
        #expect(lines.filter { $0.contains("\"rule\": \"agent_interrupts\"") }.count == 3)
        // With the view's words, for a notification to show; the same in the stream.
        #expect(lines.filter { $0.contains("\"advice\": \"you cut in on the customer\"") }.count == 2, "\(lines)")
        // The first, 7.5 s into the customer's first account, in the coach's words.
        #expect(lines.filter { $0.contains("\"advice\": \"let them finish their story\"") }.count == 1, "\(lines)")
        #expect(printed.allSatisfy { $0.contains("\"advice\": ") }, "\(printed)")
    }

    @Test("--record keeps the captured audio as a WAV file of the session's length")
    func record() throws {
        let (stereo, _, _, _) = try ALSAFileDevice.rawFiles("call-01-calm")
        let wav = stereo + ".recorded.wav"
        try? FileManager.default.removeItem(atPath: wav)
        let result = try EarshotProcess.run(
            [
                "live", "--device", ALSAFileDevice.name(file: stereo), "--rate", "8000", "--duration", "5",
                "--ring-seconds", "120",
                "--json", "--record", wav,
            ], environment: ALSAFileDevice.environment)
        #expect(result.status == 0, "\(result.stderr)")
        let recorded = try FileSource(path: wav)
        #expect(recorded.frameCount == 40_000)
        #expect(recorded.channelCount == 2)
        // Sample for sample the audio the device delivered (16-bit both ways), written in order by the recorder's
        // own thread.
        var samples: [Float] = []
        while let block = try recorded.nextBlock() { samples.append(contentsOf: block.samples) }
        let raw = try Data(contentsOf: URL(fileURLWithPath: stereo))
        let captured = raw.prefix(samples.count * 2).withUnsafeBytes { bytes in
            bytes.bindMemory(to: Int16.self).map { Float(Int16(littleEndian: $0)) / 32_768 }
        }
        #expect(samples == captured)
    }
}
