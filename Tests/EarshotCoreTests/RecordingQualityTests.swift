import Foundation
import Testing

@testable import EarshotCore

@Suite("Recording quality findings on generated audio")
struct RecordingQualityTests {
    private let rate = 16_000
    private var signals: TestSignals { TestSignals(sampleRate: rate) }

    /// 30 s: the agent speaks 1-12 s and 18-28 s, the customer 13-17 s; each channel has light noise.
    /// The agent's voice leaks into the customer channel at `leakDB` (nil: no leak), 20 ms late.
    private func channels(leakDB: Double?) -> ([Float], [Float]) {
        var agent = [Float](repeating: 0, count: rate * 30)
        var customer = agent
        signals.noise(into: &agent, amplitude: 0.0005, seed: 1)
        signals.noise(into: &customer, amplitude: 0.0005, seed: 2)
        var voice = [Float](repeating: 0, count: agent.count)
        signals.voice(into: &voice, from: 1, to: 12)
        signals.voice(into: &voice, from: 18, to: 28)
        signals.voice(into: &customer, from: 13, to: 17, level: 0.08, pitch: 210)
        let gain = leakDB.map { Float(exp(Double($0) / 20 * log(10.0))) } ?? 0
        let delay = rate / 50
        for n in agent.indices {
            agent[n] += voice[n]
            if n >= delay { customer[n] += gain * voice[n - delay] }
        }
        return (agent, customer)
    }

    private func quality(_ agent: [Float], _ customer: [Float]) throws -> RecordingQuality {
        try TestSignals.analyze(TestSignals.interleave(agent, customer), sampleRate: rate, channels: 2).quality
    }

    @Test("a clean call has no findings")
    func clean() throws {
        let (agent, customer) = channels(leakDB: nil)
        let quality = try quality(agent, customer)
        #expect(quality.findings.isEmpty, "\(quality.findings)")
        #expect(quality.channels.count == 2)
        #expect(quality.channels[0].speechShare > 0.6 && quality.channels[1].speechShare > 0.1)
    }

    /// The level is measured in frames where the target party is silent, with the target's background taken
    /// out, so it is the leak's own: within 1 dB (the median of a steady ratio; the low quantile the suppressor
    /// learns from reads 1.5 dB under the leak here).
    @Test("crosstalk is found in its direction, with its level and delay")
    func crosstalk() throws {
        let (agent, customer) = channels(leakDB: -15)
        let quality = try quality(agent, customer)
        let leak = try #require(quality.crosstalk.first, "no crosstalk found")
        #expect(quality.crosstalk.count == 1, "\(quality.crosstalk)")
        #expect(leak.kind == .leak && leak.from == .agent && leak.to == .customer)
        #expect(abs(leak.levelDB - -15) <= 1, "level \(leak.levelDB)")
        #expect((10...30).contains(leak.delayMilliseconds), "delay \(leak.delayMilliseconds)")
        #expect(quality.findings.contains(.crosstalk(leak)))
    }

    @Test("a leak is measured at its own level while the other party talks quietly over most of it")
    func crosstalkUnderOvertalk() throws {
        // 8 kHz, 37 s: the agent talks in seven 4 s turns with 1 s pauses; from the second turn to the sixth
        // the customer talks 10 dB under the agent from 0.5 s into each turn to 0.3 s after it. (The
        // suppressor's low quantile reads this leak 2 dB under its level.)
        let signals = TestSignals(sampleRate: 8_000)
        var agent = [Float](repeating: 0, count: 8_000 * 37)
        var customer = agent
        signals.noise(into: &agent, amplitude: 0.0005, seed: 1)
        signals.noise(into: &customer, amplitude: 0.0005, seed: 2)
        var voice = agent.map { _ in Float(0) }
        for turn in 0..<7 {
            let start = 1 + 5 * Double(turn)
            signals.voice(into: &voice, from: start, to: start + 4)
            if (1...5).contains(turn) {
                signals.voice(into: &customer, from: start + 0.5, to: start + 4.3, level: 0.03, pitch: 210)
            }
        }
        let delay = 8_000 / 50
        for n in agent.indices {
            agent[n] += voice[n]
            if n >= delay { customer[n] += 0.1 * voice[n - delay] }  // -20 dB, 20 ms late
        }
        let report = try TestSignals.analyze(TestSignals.interleave(agent, customer), sampleRate: 8_000, channels: 2)
        let leak = try #require(report.quality.crosstalk.first, "no crosstalk found")
        #expect(leak.from == .agent && report.quality.crosstalk.count == 1, "\(report.quality.crosstalk)")
        #expect(abs(leak.levelDB - -20) <= 1, "level \(leak.levelDB)")
        #expect((10...30).contains(leak.delayMilliseconds), "delay \(leak.delayMilliseconds)")
    }

    @Test("a leak under the other channel's background is not reported as crosstalk")
    func crosstalkUnderBackground() throws {
        let (agent, leaking) = channels(leakDB: -30)
        var customer = leaking
        signals.noise(into: &customer, amplitude: 0.03, seed: 4)  // about 12 dB over the leak in the band
        let quality = try quality(agent, customer)
        #expect(quality.crosstalk.isEmpty, "\(quality.crosstalk)")
    }

    @Test("a silent channel is named, once 10 s have shown it (not in the first seconds of a session)")
    func silentChannel() throws {
        let (agent, _) = channels(leakDB: nil)
        #expect(agent.count > 12 * rate)
        let quality = try quality(agent, [Float](repeating: 0, count: agent.count))
        #expect(quality.findings.contains(.silentChannel(.customer)), "\(quality.findings)")
        #expect(!quality.findings.contains(.silentChannel(.agent)))
        let greeting = try self.quality(Array(agent.prefix(5 * rate)), [Float](repeating: 0, count: 5 * rate))
        #expect(!greeting.findings.contains(.silentChannel(.customer)), "\(greeting.findings)")
    }

    @Test("a channel with noise but no speech of its own is named after 30 s, not in a short session")
    func speechlessChannel() throws {
        let (talk, _) = channels(leakDB: nil)
        let agent = talk + talk.prefix(rate * 10)
        var customer = [Float](repeating: 0, count: agent.count)
        signals.noise(into: &customer, amplitude: 0.0005, seed: 3)
        #expect(try quality(agent, customer).findings.contains(.silentChannel(.customer)))
        let short = try quality(Array(agent.prefix(rate * 10)), Array(customer.prefix(rate * 10)))
        #expect(!short.findings.contains(.silentChannel(.customer)), "\(short.findings)")
    }

    @Test("the same audio on both channels is recognised")
    func sameAudio() throws {
        let (agent, _) = channels(leakDB: nil)
        let quality = try quality(agent, agent)
        #expect(quality.sameAudioShare > 0.99)
        #expect(quality.findings.first == .sameAudioOnBothChannels, "\(quality.findings)")
        let (other, customer) = channels(leakDB: -3)
        let leaky = try self.quality(other, customer)
        #expect(leaky.sameAudioShare < 0.9 && !leaky.findings.contains(.sameAudioOnBothChannels))
    }

    @Test("the same audio is recognised through a short delay, a gain, re-encoding noise; a leak is not it")
    func sameAudioAltered() throws {
        let (agent, _) = channels(leakDB: nil)
        func altered(delay: Int = 0, gain: Float = 1, noise: Float = 0) -> [Float] {
            var copy = [Float](repeating: 0, count: agent.count)
            for n in delay..<agent.count { copy[n] = gain * agent[n - delay] }
            if noise > 0 { signals.noise(into: &copy, amplitude: noise, seed: 9) }
            return copy
        }
        // 0.1 ms to 10 ms late, at half the level, or with noise 40 dB under the voice; a copy is no leak, so none is
        // listed.
        for (name, copy) in [
            ("2 samples late", altered(delay: 2)), ("2.5 ms late", altered(delay: rate / 400)),
            ("5 ms late", altered(delay: rate / 200)), ("10 ms late", altered(delay: rate / 100)),
            ("half level", altered(gain: 0.5)), ("noise added", altered(noise: 0.001)),
        ] {
            let quality = try quality(agent, copy)
            #expect(quality.findings.first == .sameAudioOnBothChannels, "\(name): \(quality.sameAudioShare)")
            #expect(quality.crosstalk.isEmpty, "\(name): \(quality.crosstalk)")
        }
        // A channel that carries nothing but the other's leak, 20 dB under it, 20 ms late: crosstalk and a silent
        // channel, not the same audio.
        var leakOnly = altered(delay: rate / 50, gain: 0.1)
        signals.noise(into: &leakOnly, amplitude: 0.0005, seed: 4)
        let leak = try quality(agent, leakOnly)
        #expect(!leak.findings.contains(.sameAudioOnBothChannels), "\(leak.findings)")
        #expect(!leak.crosstalk.isEmpty, "\(leak.findings)")
    }

    @Test("a leak that would lie under 16-bit resolution in its target is not reported (a quiet, undithered source)")
    func leakUnderResolution() throws {
        // The customer's channel at about -64 dBFS (speech-band power 4e-7 a frame), the agent's at -25 dBFS.
        var monitor = QualityMonitor()
        let agent = FrameFeatures(energyDB: -25, bandPower: InlineArray(repeating: 3.2e-4 / 8))
        let customer = FrameFeatures(energyDB: -64, bandPower: InlineArray(repeating: 4e-7 / 8))
        for _ in 0..<500 { monitor.record(agent, customer) }
        let leak = { (levelDB: Double) in
            RecordingQuality.Crosstalk(kind: .leak, from: .customer, to: .agent, levelDB: levelDB, delayMilliseconds: 0)
        }
        let quality = monitor.quality(
            roles: [.agent: 0, .customer: 1], speechFrames: [.agent: 500, .customer: 500], clippedSamples: [0, 0],
            invalidSamples: [0, 0], samples: 80_000, crosstalk: [leak(-51), leak(-20)])
        // -64 - 51 dBFS is under 16-bit resolution: an artefact; -64 - 20 dBFS is a leak one could hear there.
        #expect(quality.crosstalk == [leak(-20)], "\(quality.crosstalk)")
        #expect(quality.findings == [.crosstalk(leak(-20))], "\(quality.findings)")
    }

    @Test("clipping is reported on the channel that clips")
    func clipping() throws {
        var (agent, customer) = channels(leakDB: nil)
        for n in agent.indices { agent[n] = max(-1, min(1, agent[n] * 30)) }
        let quality = try quality(agent, customer)
        let clipped = quality.findings.compactMap { finding -> Role? in
            if case .clipping(let role, let share) = finding, share > 0.001 { return role }
            return nil
        }
        #expect(clipped == [.agent], "\(quality.findings)")
        #expect(quality.channels[1].clippedShare == 0)
    }

    @Test("long digital silence is reported with its length")
    func digitalSilence() throws {
        let (agent, customer) = channels(leakDB: nil)
        // The agent talks on for another 32 s; the customer line carries exact zeros all that time.
        let longerAgent = agent + agent + agent.prefix(rate * 2)
        let longerCustomer = customer + [Float](repeating: 0, count: rate * 32)
        let quality = try quality(longerAgent, longerCustomer)
        let found = quality.findings.compactMap { finding -> (Role, Double)? in
            if case .digitalSilence(let role, _, let longest) = finding { return (role, longest) }
            return nil
        }
        try #require(found.count == 1, "\(quality.findings)")
        #expect(found[0].0 == .customer)
        #expect(abs(found[0].1 - 32) <= 0.1, "longest \(found[0].1) s")
    }

    @Test("digital silence with a DC offset is still digital silence, and the speech around it is found alike")
    func digitalSilenceWithOffset() throws {
        // Talk cut to exact zeros between utterances (a recorder's silence suppression), then a DC offset of
        // 0.05 (-26 dBFS) added by the line: before each frame's mean was taken out, the window's leakage from
        // 0 Hz read as -80 dB in the speech band, the silence was no longer digital, and the talk ran on.
        var agent = [Float](repeating: 0, count: rate * 12)
        var customer = agent
        signals.voice(into: &agent, from: 1, to: 4)
        signals.voice(into: &agent, from: 8, to: 10)
        signals.voice(into: &customer, from: 5, to: 7, level: 0.08, pitch: 210)
        let plain = try TestSignals.analyze(TestSignals.interleave(agent, customer), sampleRate: rate, channels: 2)
        let shifted = try TestSignals.analyze(
            TestSignals.interleave(agent.map { $0 + 0.05 }, customer.map { $0 + 0.05 }), sampleRate: rate,
            channels: 2)
        #expect(shifted.segments == plain.segments, "\(shifted.segments) against \(plain.segments)")
        for channel in 0..<2 {
            let silence = plain.quality.channels[channel].digitalSilenceSeconds
            #expect(silence > 5, "\(silence) s")
            #expect(abs(shifted.quality.channels[channel].digitalSilenceSeconds - silence) <= 0.05)
        }
    }

    @Test("a DC offset from the first sample on makes no click at the start: the speech is found as without it")
    func offsetFromTheStart() throws {
        // The framer's history before the start is the first frame's mean, so the first windows see no step from 0
        // to the offset (the CLI's BadInputTests run two Samples, whose segments moved with such a step).
        let (agent, customer) = channels(leakDB: nil)
        let plain = try TestSignals.analyze(TestSignals.interleave(agent, customer), sampleRate: rate, channels: 2)
        for offset: Float in [0.01, -0.05] {
            let shifted = try TestSignals.analyze(
                TestSignals.interleave(agent.map { $0 + offset }, customer.map { $0 + offset }), sampleRate: rate,
                channels: 2)
            #expect(shifted.segments == plain.segments, "\(offset): \(shifted.segments) against \(plain.segments)")
        }
    }

    @Test("NaN and infinite samples are counted per channel and named first")
    func invalidSamples() throws {
        var (agent, customer) = channels(leakDB: nil)
        for n in stride(from: 0, to: 1_000, by: 1) { agent[rate * 2 + n] = .nan }
        for n in stride(from: 0, to: 300, by: 3) { customer[rate * 20 + n] = n % 2 == 0 ? .infinity : -.infinity }
        customer[17] = .nan
        let quality = try quality(agent, customer)
        let expected: [RecordingQuality.Finding] = [
            .invalidSamples(.agent, count: 1_000), .invalidSamples(.customer, count: 101),
        ]
        #expect(Array(quality.findings.prefix(2)) == expected, "\(quality.findings)")
        // One channel alone (the framer's path for other than two channels) counts them too.
        let mono = try TestSignals.analyze(agent, sampleRate: rate, channels: 1).quality
        #expect(mono.findings.first == .invalidSamples(.agent, count: 1_000), "\(mono.findings)")
    }
}
