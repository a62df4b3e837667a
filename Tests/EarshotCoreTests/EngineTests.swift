import Testing

@testable import EarshotCore

@Suite("Engine on generated two-party calls")
struct EngineTests {
    /// Agent talks 1-4 s; customer cuts in at 3 s and talks to 6 s; agent nods at 4.5 s; silence 6-10 s;
    /// agent 10-11 s.
    private func call(rate: Int, agentChannel: Int = 0) throws -> Report {
        let s = TestSignals(sampleRate: rate)
        var agent = [Float](repeating: 0, count: rate * 12)
        var customer = agent
        s.voice(into: &agent, from: 1, to: 4)
        s.voice(into: &customer, from: 3, to: 6, level: 0.05, pitch: 200)
        s.voice(into: &agent, from: 4.5, to: 5.0, level: 0.08)
        s.voice(into: &agent, from: 10, to: 11)
        let interleaved =
            agentChannel == 0 ? TestSignals.interleave(agent, customer) : TestSignals.interleave(customer, agent)
        return try TestSignals.analyze(
            interleaved, sampleRate: rate, channels: 2,
            configuration: try EngineConfiguration(agentChannel: agentChannel))
    }

    /// A 16 kHz two-party call of `seconds`, its agent and customer channels filled by `compose`.
    private func twoParties(
        seconds: Int, configuration: EngineConfiguration,
        _ compose: (TestSignals, inout [Float], inout [Float]) -> Void
    ) throws -> Report {
        let s = TestSignals(sampleRate: 16_000)
        var agent = [Float](repeating: 0, count: 16_000 * seconds)
        var customer = agent
        compose(s, &agent, &customer)
        return try TestSignals.analyze(
            TestSignals.interleave(agent, customer), sampleRate: 16_000, channels: 2, configuration: configuration)
    }

    /// Expects one agent backchannel, starting within `tolerance` seconds of `seconds`, and no agent interruption.
    private func expectAgentNod(
        _ report: Report, at seconds: Double, within tolerance: Double,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(
            report.summary.backchannelsByAgent == 1 && report.summary.interruptionsByAgent == 0,
            sourceLocation: sourceLocation)
        let event = try #require(report.events.first { $0.kind == .backchannel }, sourceLocation: sourceLocation)
        #expect(
            abs(FrameClock.seconds(ofFrame: event.startFrame) - seconds) <= tolerance, sourceLocation: sourceLocation)
    }

    @Test("a known call gives its interruption, backchannel and silence gap", arguments: [8_000, 16_000, 44_100])
    func knownCall(rate: Int) throws {
        let report = try call(rate: rate)
        #expect(report.summary.interruptionsByCustomer == 1)
        #expect(report.summary.interruptionsByAgent == 0)
        #expect(report.summary.backchannelsByAgent == 1)
        #expect(report.summary.silenceGaps == 1)
        let gap = try #require(report.events.first { $0.kind == .silenceGap })
        #expect(abs(FrameClock.seconds(ofFrame: gap.startFrame) - 6.0) <= 0.2)  // 150 ms hangover
        #expect(abs(FrameClock.seconds(ofFrame: gap.endFrame) - 10.0) <= 0.06)
        // Truth: agent 4.5 s, customer 3 s of talk: share 0.6 (2 points of tolerance for edges).
        #expect(abs((report.summary.agentShare ?? 0) - 4.5 / 7.5) <= 0.02)
    }

    @Test("a click in dead air neither splits the silence gap nor holds back its alert; kept, it would")
    func clickInDeadAir() throws {
        // Agent 0.5-2.0 s and 6.5-8.0 s; a 50 ms sound on the customer's channel at 3.5 s; noise throughout.
        let s = TestSignals(sampleRate: 16_000)
        var agent = [Float](repeating: 0, count: 16_000 * 9)
        var customer = agent
        s.noise(into: &agent, amplitude: 0.002)
        s.noise(into: &customer, amplitude: 0.002, seed: 7)
        s.voice(into: &agent, from: 0.5, to: 2.0)
        s.voice(into: &customer, from: 3.5, to: 3.55)
        s.voice(into: &agent, from: 6.5, to: 8.0)
        let audio = TestSignals.interleave(agent, customer)
        let report = try TestSignals.analyze(audio, sampleRate: 16_000, channels: 2)
        let gap = try #require(report.events.first { $0.kind == .silenceGap })
        #expect(report.summary.silenceGaps == 1 && report.summary.customerTalkSeconds == 0)
        #expect(abs(FrameClock.seconds(ofFrame: gap.endFrame) - 6.5) <= 0.06)
        let alert = try #require(report.alerts.first { $0.rule == .silenceGap })
        #expect(alert.startFrame == gap.startFrame && FrameClock.seconds(ofFrame: alert.firedFrame) < 5.3)
        // Counted as speech (no shortest spurt), the sound splits the 4.4 s of dead air into 1.4 s and 2.9 s.
        var configuration = EngineConfiguration.standard
        configuration.vad = try VADConfiguration(minSpurtFrames: 0)
        let kept = try TestSignals.analyze(audio, sampleRate: 16_000, channels: 2, configuration: configuration)
        #expect(kept.summary.silenceGaps == 0 && kept.summary.customerTalkSeconds > 0)
        #expect(kept.alerts.allSatisfy { $0.rule != .silenceGap })
    }

    @Test("a nod too short to count alone is a backchannel while the other talks; at their first word it is dropped")
    func shortNodWhileOtherTalks() throws {
        // Customer 1-5 s; a 50 ms agent sound (under the shortest spurt) at `at` seconds; noise throughout.
        func call(nodAt at: Double, configuration: EngineConfiguration = .standard) throws -> Report {
            try twoParties(seconds: 7, configuration: configuration) { s, agent, customer in
                s.noise(into: &agent, amplitude: 0.002)
                s.noise(into: &customer, amplitude: 0.002, seed: 7)
                s.voice(into: &customer, from: 1, to: 5, level: 0.05, pitch: 200)
                s.voice(into: &agent, from: at, to: at + 0.05)
            }
        }
        try expectAgentNod(try call(nodAt: 3), at: 3, within: 0.06)
        // The same sound 0.1 s after the customer's first word, or with the rule off, is no speech.
        let early = try call(nodAt: 1.1)
        #expect(early.summary.agentTalkSeconds == 0 && early.summary.backchannelsByAgent == 0)
        var off = EngineConfiguration.standard
        off.vad = try VADConfiguration(nodListenFrames: 0)
        let dropped = try call(nodAt: 3, configuration: off)
        #expect(dropped.summary.agentTalkSeconds == 0 && dropped.events.allSatisfy { $0.kind != .backchannel })
    }

    @Test("a soft nod near the listener's own level is theirs in noise; well under it, or with the range 0, it is not")
    func softNodInNoise() throws {
        // The agent talks 0.5-3 s at 0.1 in noise at 0.05 (6 dB under: no frame stands 14 dB over it); the customer
        // talks 4-8 s; the agent says "mm" at 6 s. At 0.065 it is short of the agent's mean level, which the
        // foreground test asks (from 0.075 on it passes), but within 3 dB of it; at 0.045 it is further under,
        // like a distant voice (at 0.05 it is not kept either).
        func call(nod level: Float, configuration: EngineConfiguration = .standard) throws -> Report {
            try twoParties(seconds: 10, configuration: configuration) { s, agent, customer in
                s.noise(into: &agent, amplitude: 0.05)
                s.noise(into: &customer, amplitude: 0.002, seed: 7)
                s.voice(into: &agent, from: 0.5, to: 3)
                s.voice(into: &customer, from: 4, to: 8, pitch: 200)
                s.voice(into: &agent, from: 6, to: 6.5, level: level, pitch: 110)
            }
        }
        try expectAgentNod(try call(nod: 0.065), at: 6, within: 0.1)
        let quiet = try call(nod: 0.045)
        #expect(quiet.summary.backchannelsByAgent == 0)
        var off = EngineConfiguration.standard
        off.vad = try VADConfiguration(nodRangeDB: 0)
        #expect(try call(nod: 0.065, configuration: off).summary.backchannelsByAgent == 0)
    }

    @Test("lost capture is not silence: no silence gap, response gap or digital silence is made of it")
    func lostCaptureIsNoSilence() throws {
        let rate = 16_000
        let s = TestSignals(sampleRate: rate)
        // Before the loss: the customer talks 1-3 s; after 40 s lost, the agent answers 0.5 s into the rest.
        func part(seconds: Double, voice: (Double, Double), agent: Bool) -> [Float] {
            var a = [Float](repeating: 0, count: Int(seconds * Double(rate)))
            var c = a
            s.noise(into: &a, amplitude: 0.003, seed: 1)
            s.noise(into: &c, amplitude: 0.003, seed: 2)
            if agent {
                s.voice(into: &a, from: voice.0, to: voice.1)
            } else {
                s.voice(into: &c, from: voice.0, to: voice.1)
            }
            return TestSignals.interleave(a, c)
        }
        let engine = Engine(format: try StreamFormat(sampleRate: rate, channelCount: 2))
        part(seconds: 3.5, voice: (1, 3), agent: false).withUnsafeBufferPointer { engine.process($0) }
        engine.skipLost(frames: 40 * rate)
        part(seconds: 3, voice: (0.5, 2.5), agent: true).withUnsafeBufferPointer { engine.process($0) }
        let report = engine.finish()
        #expect(report.lostCapture.count == 1)
        // The engine saw the silence around the loss as one gap; the report and the live outputs leave it out.
        let gaps = engine.events.filter { $0.kind == .silenceGap }
        #expect(!gaps.isEmpty && gaps.allSatisfy { !engine.notLost($0) })
        #expect(report.summary.silenceGaps == 0)
        // The agent's answer came after the loss: how long the customer waited is unknown.
        #expect(report.summary.responseGapMeanSeconds == nil)
        #expect(!report.quality.findings.contains { if case .digitalSilence = $0 { true } else { false } })
        #expect(report.quality.channels.allSatisfy { $0.digitalSilenceSeconds < 1 })
        // One switch (customer, then agent) in the 6.5 s heard, not in the 46.5 s of the session.
        #expect(abs(report.summary.switchesPerMinute - 60 / 6.5) < 0.01, "\(report.summary.switchesPerMinute)")
    }

    @Test("digital silence does not run across lost capture: 20 s and 15 s around a loss are no 30 s stretch")
    func digitalSilenceBrokenByLoss() throws {
        let rate = 8_000
        let engine = Engine(format: try StreamFormat(sampleRate: rate, channelCount: 1))
        let zeros = [Float](repeating: 0, count: 20 * rate)
        zeros.withUnsafeBufferPointer { engine.process($0) }
        engine.skipLost(frames: 60 * rate)
        zeros.withUnsafeBufferPointer { engine.process(UnsafeBufferPointer(rebasing: $0[0..<(15 * rate)])) }
        let report = engine.finish()
        let channel = try #require(report.quality.channels.first)
        #expect(channel.longestDigitalSilenceSeconds < 21, "\(channel.longestDigitalSilenceSeconds)")
        #expect(!report.quality.findings.contains { if case .digitalSilence = $0 { true } else { false } })
    }

    @Test("the agent channel can only be changed to 0 or 1")
    func agentChannelChecked() throws {
        #expect(try EngineConfiguration.standard.with(agentChannel: 1).agentChannel == 1)
        let error = #expect(throws: ConfigurationError.self) { try EngineConfiguration.standard.with(agentChannel: 5) }
        #expect(error?.kind == .outOfRange)
    }

    @Test("a rate or a channel count the engine cannot take is an unsupported format, named in the message")
    func unsupportedStream() throws {
        let slow = #expect(throws: ConfigurationError.self) { try StreamFormat(sampleRate: 2_000, channelCount: 2) }
        #expect(slow?.kind == .unsupportedFormat)
        #expect(slow?.message.contains("2000") == true)
        let wide = #expect(throws: ConfigurationError.self) { try StreamFormat(sampleRate: 8_000, channelCount: 3) }
        #expect(wide?.kind == .unsupportedFormat)
        #expect(try StreamFormat(sampleRate: 4_000, channelCount: 1).sampleRate == 4_000)
    }

    @Test("--agent-channel 1 swaps the roles")
    func swappedRoles() throws {
        let report = try call(rate: 16_000, agentChannel: 1)
        #expect(report.roles == [.agent: 1, .customer: 0])
        #expect(report.summary.interruptionsByCustomer == 1)
        #expect(report.summary.backchannelsByAgent == 1)
    }

    @Test("mono input reports one speaker's talk and silence, with no interruption logic")
    func mono() throws {
        let s = TestSignals(sampleRate: 16_000)
        var audio = [Float](repeating: 0, count: 16_000 * 10)
        s.voice(into: &audio, from: 1, to: 3)
        s.voice(into: &audio, from: 7, to: 8)
        let report = try TestSignals.analyze(audio, sampleRate: 16_000, channels: 1)
        #expect(report.summary.agentShare == nil)
        #expect(report.summary.silenceGaps == 1)
        #expect(report.events.allSatisfy { $0.kind == .silenceGap })
        // Two segments, each up to two frames early (backdating) and the 150 ms hangover plus half a
        // window late.
        #expect(abs(report.summary.agentTalkSeconds - 3.0) <= 0.4)
    }

    @Test("a two-party call with a leak is reported the same whatever the block size (frames decided in batches)")
    func blockSizeInvarianceTwoParties() throws {
        let s = TestSignals(sampleRate: 16_000)
        var agent = [Float](repeating: 0, count: 16_000 * 30 + 37)  // and a partial last frame
        var customer = agent
        s.noise(into: &agent, amplitude: 0.0005, seed: 1)
        s.noise(into: &customer, amplitude: 0.0005, seed: 2)
        var voice = [Float](repeating: 0, count: agent.count)
        s.voice(into: &voice, from: 1, to: 12)
        s.voice(into: &customer, from: 11.5, to: 17, level: 0.08, pitch: 210)
        s.voice(into: &voice, from: 14, to: 14.4, level: 0.06)
        s.voice(into: &voice, from: 18, to: 28)
        // The agent's voice leaks into the customer's channel at -15 dB, 20 ms late.
        for i in agent.indices {
            agent[i] += voice[i]
            if i >= 320 { customer[i] += 0.178 * voice[i - 320] }
        }
        let call = TestSignals.interleave(agent, customer)
        let whole = try TestSignals.analyze(call, sampleRate: 16_000, channels: 2, block: agent.count)
        #expect(whole.summary.interruptionsByCustomer == 1 && whole.summary.backchannelsByAgent == 1)
        // The leak is learnt (21 s of the agent alone), so the batches' spectra reach the crosstalk suppressor.
        #expect(whole.quality.crosstalk.map(\.from) == [.agent], "\(whole.quality.crosstalk)")
        for block in [1, 160, 1_280, 1_281, 4_999] {
            let report = try TestSignals.analyze(call, sampleRate: 16_000, channels: 2, block: block)
            #expect(report == whole, "blocks of \(block) samples")
        }
    }

    @Test("the duration counts every input sample, and a partial last frame is analysed")
    func duration() throws {
        let report = try TestSignals.analyze([Float](repeating: 0, count: 16_005), sampleRate: 16_000, channels: 1)
        #expect(report.sampleCount == 16_005)
        // A voice to the last sample: its segment ends with the 101st frame, the one of 5 samples.
        let s = TestSignals(sampleRate: 16_000)
        var audio = [Float](repeating: 0, count: 16_005)
        s.noise(into: &audio, amplitude: 0.001)
        s.voice(into: &audio, from: 0.3, to: 2)
        let voiced = try TestSignals.analyze(audio, sampleRate: 16_000, channels: 1)
        #expect(voiced.segments.map(\.endFrame) == [101])
    }
}
