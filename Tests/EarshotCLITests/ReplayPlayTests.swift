import EarshotAudio
import Foundation
import Testing

@Suite("earshot replay at real time and through --play")
struct ReplayPlayTests {
    @Test("--speed 1 paces the replay at real time")
    func realTime() throws {
        // A 2 s excerpt: 30.0 to the end would take 32 s, so replay from 60.5 s of a 62.5 s call.
        let start = Date()
        let result = try EarshotProcess.run([
            "replay", "--speed", "1", "--json", "--from", "60.5", EarshotProcess.sample("call-02-interruptions.wav"),
        ])
        let elapsed = Date().timeIntervalSince(start)
        #expect(result.status == 0)
        #expect(elapsed >= 1.9 && elapsed < 5)  // not faster than real time; the upper bound allows a loaded CI
    }

    @Test("--play sends every sample to the ALSA playback device")
    func play() throws {
        let sink = Scratch.url("play.raw").path
        try? FileManager.default.removeItem(atPath: sink)
        let result = try EarshotProcess.run(
            ["replay", "--json", "--play", "earshot_sink:FILE=\(sink)", EarshotProcess.sample("call-01-calm.wav")],
            environment: ALSAFileDevice.environment)
        #expect(result.status == 0, "\(result.stderr)")
        let bytes = try FileManager.default.attributesOfItem(atPath: sink)[.size] as? Int
        #expect(bytes == 447_040 * 2 * 2)  // 55.88 s at 8 kHz, stereo, 16-bit
    }

    @Test("an unknown --play device is named in the error, with the playback devices available, and exits 2")
    func unknownPlayDevice() throws {
        let result = try EarshotProcess.run(
            ["replay", "--play", "nosuchdevice", EarshotProcess.sample("call-01-calm.wav")],
            environment: ALSAFileDevice.environment)
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot play to 'nosuchdevice': no such device"), "\(result.stderr)")
        let listed = result.stderr.split(separator: "\n").first { $0.hasPrefix("earshot: playback devices: ") }
        #expect(listed?.contains("null") == true, "\(result.stderr)")
    }

    @Test("a --play device that opens, then fails its first write: said as a failure to play, not a device to look up")
    func deviceFailsToWrite() throws {
        // ALSA's file plugin opens, then cannot create its file in a folder that does not exist.
        let device = "earshot_sink:FILE=" + Scratch.url("no-such-folder/out.raw").path
        let report = Scratch.url("play-fails.json").path
        let result = try EarshotProcess.run(
            ["replay", "--play", device, "--report", report, EarshotProcess.sample("call-01-calm.wav")],
            environment: ALSAFileDevice.environment)
        #expect(result.status == 1, "\(result.stderr)")
        let said = "playing to '\(device)' failed: Input/output error (the device opened, then refused the audio"
        #expect(result.stderr.contains(said), "\(result.stderr)")
        #expect(!result.stderr.contains("aplay -L"), "\(result.stderr)")
        // The report is written, and says the replay did not reach the end of the file.
        let warnings = (try JSONFile.object(at: report)["quality"] as? [String: Any])?["warnings"] as? [String] ?? []
        #expect(warnings.contains { $0.hasPrefix("the replay stopped at") }, "\(warnings)")
    }

    @Test("--play shows each moment as it is heard: no status line runs ahead of the audio played")
    func playInStep() throws {
        let server = try PulseServer(name: "play")
        try server.start()
        defer { server.stop() }
        let file = server.folder.appendingPathComponent("first-6s.wav").path
        try SampleAudio.prefix(of: "call-02-interruptions.wav", seconds: 6, to: file)
        let process = EarshotProcess.prepare(
            ["replay", "--json", "--play", server.sinkDevice, file], environment: ALSAFileDevice.environment)
        process.standardError = FileHandle.nullDevice
        let out = Pipe()
        process.standardOutput = out
        let launched = Date()
        try process.run()
        // Media time of each status line less the seconds since launch when it arrived: the audio of that
        // moment cannot have been heard before then, so a line is never ahead (arriving late only lowers it).
        var ahead: [Double] = []
        OutputReader(out).readStatuses { seconds, arrived in
            ahead.append(seconds - arrived.timeIntervalSince(launched))
            return false
        }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(server.log)")
        #expect(ahead.count >= 5)  // one a second of media, and the last
        #expect((ahead.max() ?? .infinity) <= 0.02, "a status line came \(ahead.max() ?? 0) s ahead of the audio")
    }
}
