import EarshotAudio
import Foundation
import Testing

/// `earshot live` through real ALSA: the `file` plugin (Tests/Fixtures/asound.conf) reads raw audio
/// from a file as a capture device.
@Suite("earshot live on ALSA file-plugin devices")
struct LiveCommandTests {
    static let environment = [
        "ALSA_CONFIG_PATH": EarshotProcess.root.appendingPathComponent("Tests/Fixtures/asound.conf").path
    ]

    /// Writes the sample's channels as raw 16-bit files: (stereo, agent, customer, the call's length in seconds).
    static func rawFiles(_ name: String) throws -> (String, String, String, Double) {
        let folder = Scratch.url("live")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let source = try FileSource(path: EarshotProcess.sample(name + ".wav"))
        var stereo = Data()
        var agent = Data()
        var customer = Data()
        var frames = 0
        while let block = try source.nextBlock() {
            for i in 0..<block.frameCount {
                for (channel, sample) in [block.samples[2 * i], block.samples[2 * i + 1]].enumerated() {
                    let value = Int16(max(-32_768, min(32_767, (sample * 32_768).rounded())))
                    withUnsafeBytes(of: value.littleEndian) { bytes in
                        stereo.append(contentsOf: bytes)
                        if channel == 0 { agent.append(contentsOf: bytes) } else { customer.append(contentsOf: bytes) }
                    }
                }
            }
            frames += block.frameCount
        }
        let paths = ["stereo", "agent", "customer"].map { folder.appendingPathComponent("\(name)-\($0).raw").path }
        try stereo.write(to: URL(fileURLWithPath: paths[0]))
        try agent.write(to: URL(fileURLWithPath: paths[1]))
        try customer.write(to: URL(fileURLWithPath: paths[2]))
        return (paths[0], paths[1], paths[2], Double(frames) / Double(source.sampleRate))
    }

    static func json(_ path: String) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    /// Live's report must say what analyze says of the same audio.
    static func expectSameAsAnalyze(_ report: [String: Any], sample: String) throws {
        let analyzed = try EarshotProcess.run(["analyze", "--format", "json", EarshotProcess.sample(sample + ".wav")])
        let expected = try #require(
            try JSONSerialization.jsonObject(with: Data(analyzed.stdout.utf8)) as? [String: Any])
        let liveSummary = try #require(report["summary"] as? [String: Any])
        let fileSummary = try #require(expected["summary"] as? [String: Any])
        for key in [
            "interruptions_by_agent", "interruptions_by_customer", "backchannels_by_agent", "backchannels_by_customer",
            "silence_gaps",
        ] {
            #expect(liveSummary[key] as? Int == fileSummary[key] as? Int, "\(key)")
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
        let (stereo, _, _, seconds) = try rawFiles("call-02-interruptions")
        let report = stereo + ".\(name).json"
        let result = try EarshotProcess.run(
            [
                "live", "--device", "earshot_file:FILE=\(stereo)", "--rate", "8000", "--duration", "\(seconds)",
                "--ring-seconds", ringSeconds, "--json", "--report", report,
            ] + extra, environment: environment, timeLimit: timeLimit)
        try #require(result.status == 0, "\(result.stderr)")
        return (result, try json(report), seconds)
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
        let (_, agent, customer, seconds) = try Self.rawFiles("call-04-noisy")
        let report = agent + ".report.json"
        let result = try EarshotProcess.run(
            [
                "live", "--agent-device", "earshot_file:FILE=\(agent)", "--customer-device",
                "earshot_file:FILE=\(customer)", "--rate", "8000", "--duration", "\(seconds)", "--ring-seconds", "120",
                "--json", "--report", report,
            ], environment: Self.environment)
        #expect(result.status == 0, "\(result.stderr)")
        try Self.expectSameAsAnalyze(try Self.json(report), sample: "call-04-noisy")
    }

    @Test("SIGTERM ends a session promptly and the report is still written")
    func terminate() throws {
        let (stereo, _, _, _) = try Self.rawFiles("call-01-calm")
        let report = stereo + ".sigterm.json"
        try? FileManager.default.removeItem(atPath: report)
        // SIGTERM once the session has analysed audio (a status line past 2 s of media).
        let process = try EarshotProcess.stop(
            ["live", "--device", "earshot_file:FILE=\(stereo)", "--rate", "8000", "--json", "--report", report],
            atSecond: 2, with: SIGTERM, environment: Self.environment)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        let object = try Self.json(report)
        #expect((object["duration_s"] as? Double ?? 0) > 0)
        #expect(object["summary"] != nil)
    }

    /// A device that hangs: the FIFO of `hungDeviceFiles` holding one second of call-01, its writer left open
    /// (the descriptor returned, for the caller to close) so that the device's reads then block.
    static func hungDevice(_ name: String) throws -> (fifo: String, report: String, writer: Int32) {
        let (stereo, fifo, report) = try hungDeviceFiles(name)
        let writer = open(fifo, O_RDWR)
        try #require(writer >= 0)
        let audio = try Data(contentsOf: URL(fileURLWithPath: stereo)).prefix(8_000 * 4)
        _ = audio.withUnsafeBytes { write(writer, $0.baseAddress, $0.count) }
        return (fifo, report, writer)
    }

    /// call-01 as raw stereo, a new FIFO `NAME.fifo` to be the device, and the path `NAME.json` for the report.
    static func hungDeviceFiles(_ name: String) throws -> (stereo: String, fifo: String, report: String) {
        let (stereo, _, _, _) = try rawFiles("call-01-calm")
        let fifo = Scratch.url("\(name).fifo").path
        let report = Scratch.url("\(name).json").path
        try? FileManager.default.removeItem(atPath: fifo)
        try? FileManager.default.removeItem(atPath: report)
        #expect(mkfifo(fifo, 0o600) == 0)
        return (stereo, fifo, report)
    }

    @Test("a device that hangs in a read (a FIFO nobody writes): warned, and Ctrl-C reports the hung time as lost")
    func hungDevice() throws {
        let (stereo, fifo, report) = try Self.hungDeviceFiles("hung-device")
        let (process, err) = try EarshotProcess.start(
            ["live", "--device", "earshot_file:FILE=\(fifo)", "--rate", "8000", "--json", "--report", report],
            environment: Self.environment)
        let started = Date()
        // The device opens once a writer does; one second of the call goes in, then the writer stays open and
        // silent, so the device's reads block as a hung sound server's do.
        let writer = try #require(FileHandle(forWritingAtPath: fifo))
        defer { try? writer.close() }
        let audio = try Data(contentsOf: URL(fileURLWithPath: stereo))
        try writer.write(contentsOf: audio.prefix(8_000 * 4))
        var stderr = Data()
        while !String(decoding: stderr, as: UTF8.self).contains("has delivered nothing for 2 s") {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            stderr.append(chunk)
        }
        Thread.sleep(forTimeInterval: 1)
        let interrupted = Date()
        process.interrupt()
        stderr.append(err.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        let message = String(decoding: stderr, as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(message)")
        #expect(Date().timeIntervalSince(interrupted) < 5, "the session ends promptly although its device hangs")
        #expect(
            message.contains("capture device 'earshot_file:FILE=\(fifo)' has delivered nothing for 2 s"), "\(message)")
        #expect(message.contains("s of lost capture in all, the last "), "\(message)")
        // The report spans the session, from the device's start to Ctrl-C: one second heard, the rest lost.
        let object = try Self.json(report)
        let duration = try #require(object["duration_s"] as? Double)
        let session = interrupted.timeIntervalSince(started)
        #expect(duration >= 3 && duration <= session + 0.05, "duration \(duration) s of a \(session) s session")
        let lost = try #require(object["lost_capture"] as? [[String: Double]])
        #expect(lost.count == 1)
        #expect(abs((lost.first?["start"] ?? 0) - 1) < 0.02, "\(lost)")
        #expect(abs((lost.first?["end"] ?? 0) - duration) < 0.02, "\(lost)")
    }

    @Test("--duration ends the session although its device hangs: the time it did not cover is lost capture")
    func hungDeviceWithDuration() throws {
        let (fifo, report, writer) = try Self.hungDevice("hung-duration")
        defer { close(writer) }
        let started = Date()
        let result = try EarshotProcess.run(
            [
                "live", "--device", "earshot_file:FILE=\(fifo)", "--rate", "8000", "--duration", "3", "--json",
                "--report", report,
            ], environment: Self.environment)
        // 3 s, 2 s of grace for a late device, 2 s for its capture thread to give up.
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "the report has 2.0 s of lost capture in all, the last 2.0 s of it added at the end"),
            "\(result.stderr)")
        let object = try Self.json(report)
        #expect(object["duration_s"] as? Double == 3)
        let lost = try #require(object["lost_capture"] as? [[String: Double]])
        #expect(lost.count == 1 && abs((lost.first?["start"] ?? 0) - 1) < 0.02, "\(lost)")
    }

    @Test("--record on a full disk stops the recording, not the session: the report is written, exit 1")
    func recordingFails() throws {
        let (stereo, _, _, _) = try Self.rawFiles("call-01-calm")
        let report = stereo + ".record-full.json"
        let recording = stereo + ".record-full.wav"
        try? FileManager.default.removeItem(atPath: report)
        // RLIMIT_FSIZE: writes past 16 KiB fail with EFBIG, as on a full disk (SIGXFSZ ignored); 8 kHz stereo
        // audio passes that in half a second, the report (a few KiB) fits.
        let quoted = [
            EarshotProcess.binary.path, "live", "--device", "earshot_file:FILE=\(stereo)", "--rate", "8000",
            "--duration", "10", "--ring-seconds", "60", "--json", "--report", report, "--record", recording,
        ].map { "'\($0)'" }.joined(separator: " ")
        let result = try EarshotProcess.run(
            ["-c", "ulimit -f 16; trap '' XFSZ; exec \(quoted) > /dev/null"], environment: Self.environment,
            tool: "/bin/bash")
        let stderr = result.stderr
        #expect(result.status == 1, "\(stderr)")
        #expect(stderr.contains("earshot: error: recording stopped at"), "\(stderr)")
        #expect(stderr.contains("the session goes on without it"))
        #expect(try Self.json(report)["duration_s"] as? Double == 10)
    }

    @Test("--record and --report naming the same file is a usage error, before any device opens; so are others")
    func recordOverReport() throws {
        let path = Scratch.url("same.wav").path
        let result = try EarshotProcess.run(
            ["live", "--device", "nosuchdevice", "--record", path, "--report", Scratch.url("./same.wav").path],
            environment: Self.environment)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--record and --report name the same file"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: path))
        // Also refused before any device opens: an empty device name, and --agent-channel with two devices.
        let empty = try EarshotProcess.run(["live", "--device", ""], environment: Self.environment)
        #expect(empty.status == 64 && empty.stderr.contains("--device needs a device name"), "\(empty.stderr)")
        let twoDevices = try EarshotProcess.run(
            ["live", "--agent-device", "a", "--customer-device", "b", "--agent-channel", "1"],
            environment: Self.environment)
        #expect(twoDevices.status == 64 && twoDevices.stderr.contains("the devices say who is who"))
        // A FIFO for --record (WAV cannot be streamed; opening it would wait for a reader first).
        let fifo = Scratch.url("record.fifo").path
        try? FileManager.default.removeItem(atPath: fifo)
        #expect(mkfifo(fifo, 0o600) == 0)
        let piped = try EarshotProcess.run(
            ["live", "--device", "nosuchdevice", "--record", fifo], environment: Self.environment)
        #expect(piped.status == 64 && piped.stderr.contains("--record needs a file"), "\(piped.stderr)")
        // A name that promises another format, and standard output itself (the view would be mixed with WAV bytes).
        let mp3 = try EarshotProcess.run(
            ["live", "--device", "nosuchdevice", "--record", Scratch.url("call.mp3").path],
            environment: Self.environment)
        #expect(mp3.status == 64 && mp3.stderr.contains("--record writes a WAV file"), "\(mp3.stderr)")
        // A ring that would take 922 MB at 192 kHz (1 GiB once rounded up) is refused, saying what fits.
        let ring = try EarshotProcess.run(["live", "--rate", "192000", "--ring-seconds", "600", "--json"])
        #expect(ring.status == 64 && ring.stderr.contains("give --ring-seconds 166 or less"), "\(ring.stderr)")
        let view = Scratch.url("record-stdout.txt").path
        let stdout = try EarshotProcess.shell(
            "EARSHOT live --device nosuchdevice --record /dev/stdout > '\(view)'", environment: Self.environment)
        #expect(stdout.status == 64 && stdout.stderr.contains("is standard output"), "\(stdout.stderr)")
        // A folder that does not exist: refused before the device is opened (exit 1, not the device's 2).
        let nowhere = try EarshotProcess.run(
            ["live", "--device", "nosuchdevice", "--record", "/no/such/folder/call.wav"], environment: Self.environment)
        #expect(nowhere.status == 1 && nowhere.stderr.contains("/no/such/folder/call.wav"), "\(nowhere.stderr)")
        #expect(!nowhere.stderr.contains("nosuchdevice"), "\(nowhere.stderr)")
    }

    @Test("an unknown device is named in the error, with the devices available, and exits 2")
    func unknownDevice() throws {
        let result = try EarshotProcess.run(
            ["live", "--device", "nosuchdevice", "--duration", "1"], environment: Self.environment)
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot open 'nosuchdevice': no such device"))
        #expect(result.stderr.contains("earshot devices"))
    }

    @Test("a one-channel device opened as stereo names the fix, quoted so ALSA reads it, and the fix works")
    func monoDevice() throws {
        let (_, agent, _, _) = try Self.rawFiles("call-02-interruptions")
        let device = "earshot_file_mono:FILE=\(agent)"
        let refused = try EarshotProcess.run(
            ["live", "--device", device, "--duration", "1"], environment: Self.environment)
        #expect(refused.status == 2)
        let advice = "plug:\"\(device)\""
        #expect(refused.stderr.contains("use '\(advice)'"), "\(refused.stderr)")
        let plugged = try EarshotProcess.run(
            ["live", "--device", advice, "--rate", "8000", "--duration", "1", "--json"], environment: Self.environment)
        #expect(plugged.status == 0, "\(plugged.stderr)")
    }

    @Test("--on-alert runs the command with each alert as JSON on stdin")
    func onAlert() throws {
        let (stereo, _, _, seconds) = try Self.rawFiles("call-02-interruptions")
        let received = stereo + ".alerts.jsonl"
        try? FileManager.default.removeItem(atPath: received)
        let result = try EarshotProcess.run(
            [
                "live", "--device", "earshot_file:FILE=\(stereo)", "--rate", "8000", "--duration", "\(seconds)",
                "--ring-seconds", "120", "--json", "--on-alert", "cat >> '\(received)'",
            ], environment: Self.environment)
        #expect(result.status == 0)
        let lines = try String(contentsOfFile: received, encoding: .utf8).split(separator: "\n")
        let printed = result.stdout.split(separator: "\n").filter { $0.contains("\"type\": \"alert\"") }
        #expect(lines.count == printed.count)
        #expect(lines.count >= 4)
        #expect(lines.filter { $0.contains("\"rule\": \"agent_interrupts\"") }.count == 3)
    }

    @Test("--record keeps the captured audio as a WAV file of the session's length")
    func record() throws {
        let (stereo, _, _, _) = try Self.rawFiles("call-01-calm")
        let wav = stereo + ".recorded.wav"
        try? FileManager.default.removeItem(atPath: wav)
        let result = try EarshotProcess.run(
            [
                "live", "--device", "earshot_file:FILE=\(stereo)", "--rate", "8000", "--duration", "5",
                "--ring-seconds", "120",
                "--json", "--record", wav,
            ], environment: Self.environment)
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
