import Testing

@testable import EarshotCore

/// A customer channel that carries nobody (muted, or the wrong device) turns every customer turn into dead air and
/// the call into the agent's talk: the alerts that would say so are held once 30 s have shown it speechless; a
/// speechless agent channel is only said.
@Suite("Alerts held while a party's channel is unheard")
struct UnheardPartyTests {
    private let rate = 8_000
    private var signals: TestSignals { TestSignals(sampleRate: rate) }
    private let heldAfter = Int(30.5 * Double(FrameClock.framesPerSecond))

    /// 70 s: the agent speaks 1-6, 11-16, ... (5 s turns, 5 s apart); the customer, in the first
    /// `customerTurns` of them, answers 6.4-10.6, 16.4-20.6, ... (so those leave no silence gap). Light noise on
    /// the agent's channel; the customer's is digital silence when the customer never speaks.
    private func call(customerTurns: Int) -> [Float] {
        var agent = [Float](repeating: 0, count: rate * 70)
        var customer = agent
        signals.noise(into: &agent, amplitude: 0.0005, seed: 1)
        for turn in 0..<7 {
            let start = 1 + 10 * Double(turn)
            signals.voice(into: &agent, from: start, to: start + 5)
            if turn < customerTurns {
                signals.voice(into: &customer, from: start + 5.4, to: start + 9.6, level: 0.08, pitch: 210)
            }
        }
        if customerTurns > 0 { signals.noise(into: &customer, amplitude: 0.0005, seed: 2) }
        return TestSignals.interleave(agent, customer)
    }

    private func alerts(_ report: Report, _ rule: Alert.Rule) -> [Alert] { report.alerts.filter { $0.rule == rule } }

    @Test("a silent customer channel: once 30 s have shown it, its silences are no dead air, and no dominance")
    func silentCustomer() throws {
        let heard = try TestSignals.analyze(call(customerTurns: 7), sampleRate: rate, channels: 2)
        #expect(heard.summary.silenceGaps == 0, "\(heard.summary)")
        #expect(alerts(heard, .silenceGap).isEmpty && alerts(heard, .agentDominates).isEmpty, "\(heard.alerts)")
        let silent = try TestSignals.analyze(call(customerTurns: 0), sampleRate: rate, channels: 2)
        #expect(silent.quality.findings.contains(.silentChannel(.customer)), "\(silent.quality.findings)")
        // The customer's turns are silence now: gaps of about 5 s between the agent's turns, three after 30 s;
        // the three before are alerted (nothing yet says the channel is dead), the others not.
        #expect(silent.summary.silenceGaps >= 6, "\(silent.summary)")
        let gaps = alerts(silent, .silenceGap)
        #expect(gaps.count == 3 && gaps.allSatisfy { $0.firedFrame < heldAfter }, "\(gaps)")
        #expect(alerts(silent, .agentDominates).isEmpty, "\(silent.alerts)")
    }

    @Test("a customer who is heard, even little, still gets dead air and dominance: the rules are held, not gone")
    func quietCustomerStillCounts() throws {
        // Two answers of 4.2 s against 35 s of the agent's: share about 0.8, and silence gaps from 26 s.
        let report = try TestSignals.analyze(call(customerTurns: 2), sampleRate: rate, channels: 2)
        #expect(!report.quality.findings.contains(.silentChannel(.customer)), "\(report.quality.findings)")
        #expect(alerts(report, .agentDominates).count == 1, "\(report.alerts)")
        #expect(alerts(report, .silenceGap).count { $0.firedFrame >= heldAfter } >= 3, "\(report.alerts)")
    }

    @Test("a customer heard at 30 s stays heard: a 'yes', then a long script, then dead air, is alerted")
    func heardOnceStaysHeard() throws {
        // The customer says "yes" at 1 s (0.5 s); the agent reads 5 s, pauses 5 s, ... to 200 s: by 160 s the
        // customer's speech is well under 0.5 % of the call, but the channel was heard at 30 s (1.7 %).
        var agent = [Float](repeating: 0, count: rate * 200)
        var customer = agent
        signals.noise(into: &agent, amplitude: 0.0005, seed: 5)
        signals.noise(into: &customer, amplitude: 0.0005, seed: 6)
        signals.voice(into: &customer, from: 1, to: 1.5, level: 0.08, pitch: 210)
        for turn in 0..<20 { signals.voice(into: &agent, from: 2 + 10 * Double(turn), to: 7 + 10 * Double(turn)) }
        let report = try TestSignals.analyze(TestSignals.interleave(agent, customer), sampleRate: rate, channels: 2)
        #expect(report.quality.findings.contains(.silentChannel(.customer)), "\(report.quality.findings)")
        let lateGaps = alerts(report, .silenceGap).filter { $0.firedFrame >= 160 * FrameClock.framesPerSecond }
        #expect(lateGaps.count >= 3, "\(report.alerts)")
    }

    @Test("a silent agent channel is said, but holds nothing: an agent listening in silence still gets the hint")
    func silentAgent() throws {
        // The customer talks 5-28 s and 33-60 s, two stretches long enough for the hint (20 s).
        var customer = [Float](repeating: 0, count: rate * 62)
        signals.noise(into: &customer, amplitude: 0.0005, seed: 3)
        signals.voice(into: &customer, from: 5, to: 28, level: 0.08, pitch: 210)
        signals.voice(into: &customer, from: 33, to: 60, level: 0.08, pitch: 210)
        let samples = TestSignals.interleave([Float](repeating: 0, count: customer.count), customer)
        let engine = Engine(format: try StreamFormat(sampleRate: rate, channelCount: 2))
        var unheard: [Role?] = []
        samples.withUnsafeBufferPointer { all in
            for offset in stride(from: 0, to: all.count, by: rate * 2) {  // a second at a time
                engine.process(UnsafeBufferPointer(rebasing: all[offset..<min(all.count, offset + rate * 2)]))
                unheard.append(engine.unheardParty)
            }
        }
        #expect(unheard.prefix(29).allSatisfy { $0 == nil } && unheard.suffix(20).allSatisfy { $0 == .agent })
        let report = engine.finish()
        #expect(report.quality.findings.contains(.silentChannel(.agent)), "\(report.quality.findings)")
        #expect(alerts(report, .acknowledge).count == 2, "\(report.alerts)")
    }

    @Test("the alerts held are the same whatever the blocks the audio comes in (live and analyze agree)")
    func blockSizes() throws {
        let samples = call(customerTurns: 0)
        let small = try TestSignals.analyze(samples, sampleRate: rate, channels: 2, block: 80)
        let large = try TestSignals.analyze(samples, sampleRate: rate, channels: 2, block: 4_096)
        #expect(small.alerts == large.alerts, "\(small.alerts) against \(large.alerts)")
        #expect(small.events == large.events)
    }
}
