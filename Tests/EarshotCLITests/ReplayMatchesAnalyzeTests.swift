import EarshotAudio
import Foundation
import Testing

/// One code path: `replay` must make the same decisions as `analyze` on a call of real voices that leak
/// into each other's channels.
@Suite("replay and analyze agree on a call with crosstalk")
struct ReplayMatchesAnalyzeTests {
    static let testset = EarshotProcess.root.deletingLastPathComponent().appendingPathComponent(
        "shared/data/vad-testset")

    private func clip(_ number: String) throws -> [Float] {
        let source = try FileSource(path: Self.testset.appendingPathComponent("testset-audio-\(number).wav").path)
        var samples: [Float] = []
        while let block = try source.nextBlock() { samples.append(contentsOf: block.samples) }
        return samples
    }

    /// Agent and customer take turns (one cut-in, one long pause); each voice leaks into the other channel
    /// at -15 dB, 20 ms late, over light noise. 16 kHz stereo PCM16.
    private func bleedCall(at path: String) throws {
        let rate = 16_000
        let turns: [(channel: Int, clip: String, at: Double)] = [
            (0, "01", 0.5), (1, "05", 7.0), (0, "02", 14.0), (1, "06", 25.0), (0, "03", 33.0),
        ]
        var voices = [[Float]](repeating: [Float](repeating: 0, count: rate * 45), count: 2)
        for turn in turns {
            let first = Int(turn.at * Double(rate))
            for (i, x) in try clip(turn.clip).enumerated() where first + i < voices[0].count {
                voices[turn.channel][first + i] += x
            }
        }
        let leak: Float = 0.177_8  // -15 dB
        let delay = rate / 50
        var seed: UInt64 = 42
        var out = [Float](repeating: 0, count: voices[0].count * 2)
        for i in voices[0].indices {
            for channel in 0...1 {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1
                let noise = Float(Int64(bitPattern: seed >> 11) % 1_000) * 3e-6
                let other = i >= delay ? voices[1 - channel][i - delay] : 0
                out[2 * i + channel] = voices[channel][i] + leak * other + noise
            }
        }
        let writer = try AudioFileWriter(path: path, sampleRate: rate, channelCount: 2)
        try writer.write(out)
        writer.close()
    }

    private func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("the events and segments of replay --speed max equal analyze's")
    func sameDecisions() throws {
        let folder = try Scratch.folder("bleed")
        let call = folder.appendingPathComponent("bleed.wav").path
        try bleedCall(at: call)
        let analyzed = try object(try EarshotProcess.run(["analyze", "--format", "json", call]).stdout)
        let reportPath = folder.appendingPathComponent("replay.json").path
        let replay = try EarshotProcess.run(["replay", "--speed", "max", "--json", "--report", reportPath, call])
        #expect(replay.status == 0, "\(replay.stderr)")
        let replayed = try object(try String(contentsOfFile: reportPath, encoding: .utf8))
        let events = try #require(analyzed["events"] as? [[String: Any]])
        #expect(!events.isEmpty, "the call must have events to compare")
        // The leak is there to be found (made at -15 dB, 20 ms late; found within 3 dB and 10 ms): the call is one
        // on which the suppressor works, not a clean one.
        let leaks = try #require((analyzed["quality"] as? [String: Any])?["crosstalk"] as? [[String: Any]])
        #expect(
            leaks.contains {
                abs(($0["level_db"] as? Double ?? 0) + 15) <= 3 && abs(($0["delay_ms"] as? Int ?? 0) - 20) <= 10
            }, "\(leaks)")
        for key in ["events", "segments"] {
            let a = try JSONSerialization.data(withJSONObject: analyzed[key] as Any, options: .sortedKeys)
            let b = try JSONSerialization.data(withJSONObject: replayed[key] as Any, options: .sortedKeys)
            #expect(a == b, "\(key) differ between analyze and replay")
        }
    }
}
