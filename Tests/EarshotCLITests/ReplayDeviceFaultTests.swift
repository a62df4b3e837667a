import Foundation
import Testing

/// `earshot replay --play` on a real, paced ALSA playback device (JACK through ALSA's jack plugin) that
/// fails under it.
@Suite("earshot replay --play when the playback device fails", .serialized)
struct ReplayDeviceFaultTests {
    @Test("the playback device's server dies: the replay ends with an error and a report, no write that never returns")
    func playbackServerDies() throws {
        let server = try JackServer(name: "play")
        try server.start()
        defer { server.stop() }
        let report = server.folder.appendingPathComponent("report.json").path
        let errors = server.folder.appendingPathComponent("replay.err").path
        let replay = try server.earshot(
            [
                "replay", "--play", "earshot_jack_sink", "--report", report,
                EarshotProcess.sample("call-02-interruptions.wav"),
            ], stderrPath: errors)
        Thread.sleep(forTimeInterval: 3)
        // JACK's ALSA plugin does not notice its server going: the device just never has room again.
        server.stop()
        let killed = Date()
        var status = replay.wait(timeout: 15)
        if status == nil {
            replay.send(SIGKILL)
            status = replay.wait(timeout: 5)
            Issue.record("replay did not end within 15 s of its playback server's death")
        }
        let stderr = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        #expect(status == 1, "\(stderr)")
        #expect(Date().timeIntervalSince(killed) < 9, "ended 5 s of waiting after the device stopped")
        #expect(
            stderr.contains("cannot play to 'earshot_jack_sink': it has taken no audio for 5 s"), "\(stderr)")
        // The report covers what was played, and says the replay stopped before the end of the file.
        let object = try JSONFile.object(at: report)
        let duration = try #require(object["duration_s"] as? Double)
        #expect(duration >= 2 && duration <= 5, "\(duration)")  // what was played: up to the death
        let warnings = (object["quality"] as? [String: Any])?["warnings"] as? [String] ?? []
        #expect(warnings.contains { $0.hasPrefix("the replay stopped at") }, "\(warnings)")
    }
}
