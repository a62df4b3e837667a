import EarshotAudio
import EarshotCore
import Foundation
import Testing

/// Lost packets written as zeros (20-60 ms, about one a second on each channel) on a noisy line: the frames whose
/// window reaches into such a dropout dip, and must not sink the noise floor under the line's noise.
@Suite("Dropouts on a noisy line")
struct PacketLossTests {
    /// The stereo sample `name` with dropouts cut into each channel (a fixed pseudo-random sequence).
    static func withDropouts(_ name: String) throws -> (samples: [Float], rate: Int) {
        let source = try FileSource(path: SampleTruthTests.samples.appendingPathComponent(name + ".wav").path)
        var samples: [Float] = []
        while let block = try source.nextBlock() { samples.append(contentsOf: block.samples) }
        let rate = source.sampleRate
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let random = { () -> Double in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        let frames = samples.count / 2
        for channel in 0..<2 {
            var start = 0
            while true {
                start += Int((0.5 + random()) * Double(rate))
                let length = Int((0.02 + 0.04 * random()) * Double(rate))
                guard start + length < frames else { break }
                for n in start..<(start + length) { samples[2 * n + channel] = 0 }
            }
        }
        return (samples, rate)
    }

    @Test("call-04 (noisy line) with dropouts: the truth's events, and talk near it")
    func noisyLine() throws {
        let (samples, rate) = try Self.withDropouts("call-04-noisy")
        let engine = Engine(format: try StreamFormat(sampleRate: rate, channelCount: 2))
        samples.withUnsafeBufferPointer { engine.process($0) }
        let summary = engine.finish().summary
        let data = try Data(
            contentsOf: SampleTruthTests.samples.appendingPathComponent("call-04-noisy.truth.json"))
        let truth = try JSONDecoder().decode(SampleTruthTests.Truth.self, from: data).summary
        let count = { (key: String) in Int(((truth[key] ?? nil) ?? -1).rounded()) }
        #expect(summary.interruptionsByAgent == count("interruptions_by_agent"))
        #expect(summary.interruptionsByCustomer == count("interruptions_by_customer"))
        #expect(summary.backchannelsByAgent == count("backchannels_by_agent"))
        #expect(summary.silenceGaps == count("silence_gaps"))
        // Without the dropout rule: 4.6 s and 3.0 s too much talk (steady noise taken as speech under a sunken
        // floor), and one interruption too many; with it 1.9 s and 1.8 s (the dropouts cut into the speech too).
        let agent = try #require(truth["agent_talk_s"] ?? nil)
        let customer = try #require(truth["customer_talk_s"] ?? nil)
        let error = abs(summary.agentTalkSeconds - agent) + abs(summary.customerTalkSeconds - customer)
        #expect(error < 4.5, "agent \(summary.agentTalkSeconds) s, customer \(summary.customerTalkSeconds) s")
    }
}
