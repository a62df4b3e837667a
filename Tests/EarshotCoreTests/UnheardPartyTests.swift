import Testing

@testable import EarshotCore

/// A channel that carries nobody (muted, or the wrong device) turns the other party's every turn into dead air
/// and the call into one party's talk: the alerts that would say so are held once 30 s have shown the channel
/// speechless.
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

    @Test("a silent agent channel holds the acknowledge hint once 30 s have shown it; a quiet agent gets it")
    func silentAgent() throws {
        // The customer talks 5-28 s and 33-60 s, two stretches long enough for the hint (20 s); the agent, when
        // present, speaks 28.5-32.5 s, between them.
        var customer = [Float](repeating: 0, count: rate * 62)
        signals.noise(into: &customer, amplitude: 0.0005, seed: 3)
        signals.voice(into: &customer, from: 5, to: 28, level: 0.08, pitch: 210)
        signals.voice(into: &customer, from: 33, to: 60, level: 0.08, pitch: 210)
        var present = [Float](repeating: 0, count: customer.count)
        signals.noise(into: &present, amplitude: 0.0005, seed: 4)
        signals.voice(into: &present, from: 28.5, to: 32.5)
        let listening = try TestSignals.analyze(
            TestSignals.interleave(present, customer), sampleRate: rate, channels: 2)
        #expect(alerts(listening, .acknowledge).count == 2, "\(listening.alerts)")
        let muted = try TestSignals.analyze(
            TestSignals.interleave([Float](repeating: 0, count: customer.count), customer), sampleRate: rate,
            channels: 2)
        #expect(muted.quality.findings.contains(.silentChannel(.agent)), "\(muted.quality.findings)")
        let hints = alerts(muted, .acknowledge)
        #expect(hints.count == 1 && hints.allSatisfy { $0.firedFrame < heldAfter }, "\(muted.alerts)")
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
