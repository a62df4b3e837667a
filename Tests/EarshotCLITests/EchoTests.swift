import EarshotAudio
import Foundation
import Testing

/// A far-end echo: the agent's voice comes back on the customer's channel 250 ms late at -20 dB (a speakerphone, a
/// poor echo canceller), added to a sample call whose truth is known.
@Suite("Echo on the customer's line")
struct EchoTests {
    /// call-03 (the agent talks 66 s, the customer 10.5 s) with the agent's voice added to the customer channel,
    /// 2 000 samples (250 ms at 8 kHz) late, at a tenth of its amplitude.
    static func echoCall() throws -> String {
        let source = try FileSource(path: EarshotProcess.sample("call-03-monologue.wav"))
        var samples: [Float] = []
        while let block = try source.nextBlock() { samples += block.samples }
        let delay = 2_000
        var echoed = samples
        for frame in delay..<(samples.count / 2) { echoed[2 * frame + 1] += 0.1 * samples[2 * (frame - delay)] }
        let path = Scratch.url("echo-call-03.wav").path
        let writer = try AudioFileWriter(path: path, sampleRate: source.sampleRate, channelCount: 2)
        try echoed.withUnsafeBufferPointer { try writer.write($0) }
        writer.close()
        return path
    }

    @Test("the echo is found, named in the report, and taken out: the customer does not get the agent's talk")
    func echoTakenOut() throws {
        let path = try Self.echoCall()
        let result = try EarshotProcess.run(["analyze", "--format", "json", path])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONFile.object(from: result.stdout)
        let leaks = (report["quality"] as? [String: Any])?["crosstalk"] as? [[String: Any]] ?? []
        let echo = leaks.first { $0["kind"] as? String == "echo" }
        #expect(echo?["from"] as? String == "agent" && echo?["to"] as? String == "customer", "\(leaks)")
        #expect(abs((echo?["delay_ms"] as? Int ?? 0) - 250) <= 10, "\(leaks)")
        #expect(abs((echo?["level_db"] as? Double ?? 0) + 20) <= 2, "\(leaks)")
        // No leak of the agent's besides (its estimate hears the echo; the call has none).
        #expect(leaks.filter { $0["from"] as? String == "agent" }.count == 1, "\(leaks)")
        // Truth: the customer talks 10.5 s and never cuts in. With the echo counted as theirs: 75 s and 9. The echo is
        // taken out once found, not before: the bounds let under 10 s of its 64.5 s through as customer talk, and
        // two of its nine cut-ins.
        let summary = try #require(report["summary"] as? [String: Any])
        let customerTalk = try #require(summary["customer_talk_s"] as? Double)
        #expect(customerTalk < 20, "\(summary)")
        #expect((summary["interruptions_by_customer"] as? Int ?? 99) <= 2, "\(summary)")
        let text = try EarshotProcess.run(["analyze", path]).stdout
        #expect(text.contains("agent voice comes back on the customer channel as an echo at"), "\(text)")
        let quality = report["quality"] as? [String: Any]
        #expect(quality?["findings"] as? [String] == ["echo"], "\(quality ?? [:])")
    }
}
