import EarshotCore
import Testing

/// Crosstalk on a quiet line, with real speech: the agent's voice leaks into a customer channel that is digital
/// silence otherwise, so nothing hides what the bin-by-bin removal leaves of the leak.
@Suite("Crosstalk on a quiet line, with labelled speech")
struct QuietLineCrosstalkTests {
    /// Seconds of customer talk reported when two recordings of the agent (about 20 s) leak at -10 dB, 23 ms
    /// late (between two frames), into a silent customer channel; the customer says nothing.
    static func customerTalk(residualShare: Float) throws -> Double {
        let rate = 16_000
        var agent: [Float] = []
        for number in ["05", "06"] {
            agent += try ListeningCoachTests.clip(number).samples + [Float](repeating: 0, count: rate)
        }
        let delay = rate * 23 / 1_000
        var stereo = [Float](repeating: 0, count: 2 * agent.count)
        for n in agent.indices {
            stereo[2 * n] = agent[n]
            if n >= delay { stereo[2 * n + 1] = 0.316 * agent[n - delay] }
        }
        var configuration = EngineConfiguration.standard
        configuration.crosstalk = try CrosstalkConfiguration(residualShare: residualShare)
        let engine = Engine(format: try StreamFormat(sampleRate: rate, channelCount: 2), configuration: configuration)
        stereo.withUnsafeBufferPointer { engine.process($0) }
        return engine.finish().summary.customerTalkSeconds
    }

    @Test("what the bin-by-bin removal leaves of a -10 dB leak is not customer speech")
    func leakRemains() throws {
        let without = try Self.customerTalk(residualShare: 0)
        let with = try Self.customerTalk(residualShare: CrosstalkConfiguration.standard.residualShare)
        #expect(without > 3, "without the sub-band step: \(without) s")
        #expect(with < 0.5, "with it: \(with) s")
    }
}
