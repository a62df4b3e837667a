import Testing

@testable import EarshotCore

@Suite("Voice activity after digital silence")
struct DigitalSilenceTests {
    @Test("speech that starts straight out of digital silence is found on time")
    func speechAfterSilence() throws {
        let s = TestSignals(sampleRate: 16_000)
        var audio = [Float](repeating: 0, count: 16_000 * 6)
        s.voice(into: &audio, from: 2.0, to: 3.5)
        s.voice(into: &audio, from: 4.5, to: 5.5, level: 0.05)
        let found = try TestSignals.analyze(audio, sampleRate: 16_000, channels: 1).segments
        try #require(found.count == 2)
        #expect(abs(FrameClock.seconds(ofFrame: found[0].startFrame) - 2.0) <= 0.06)
        #expect(abs(FrameClock.seconds(ofFrame: found[1].startFrame) - 4.5) <= 0.06)
    }

    /// Five seconds: a talker at the default level from 0.5 to 2.5 s (so the detector knows how loud this
    /// party talks), digital silence, and `sound` added from 3.5 s.
    private static func talkerThen(_ sound: (TestSignals, inout [Float]) -> Void) throws -> [Segment] {
        let s = TestSignals(sampleRate: 16_000)
        var audio = [Float](repeating: 0, count: 16_000 * 5)
        s.voice(into: &audio, from: 0.5, to: 2.5)
        sound(s, &audio)
        return try TestSignals.analyze(audio, sampleRate: 16_000, channels: 1).segments
    }

    /// A murmur 15 dB under the talker from 3.5 s for `seconds`, its first 60 ms 30 dB quieter still (the
    /// quiet lead-in of a new recording, from which the detector takes the new sound's floor).
    private static func murmur(_ s: TestSignals, _ audio: inout [Float], seconds: Double) {
        var sound = [Float](repeating: 0, count: audio.count)
        s.voice(into: &sound, from: 3.5, to: 3.5 + seconds, level: 0.018, pitch: 180)
        for i in 56_000..<56_960 { sound[i] *= 0.03 }
        for i in audio.indices { audio[i] += sound[i] }
    }

    @Test("a backchannel well under the talker's level, straight out of digital silence, is speech")
    func quietBackchannelAfterSilence() throws {
        // Under the talker's level, a new sound must last before it counts (freshSoundHoldFrames); before
        // that rule it was held back for the whole first 0.5 s after the silence, and a 0.45 s "mm-hm" was lost.
        let found = try Self.talkerThen { s, audio in Self.murmur(s, &audio, seconds: 0.45) }
        try #require(found.count == 2)
        let start = FrameClock.seconds(ofFrame: found[1].startFrame)
        let end = FrameClock.seconds(ofFrame: found[1].endFrame)
        #expect(start >= 3.5 - 0.06 && start <= 3.5 + 0.3)
        #expect(end >= 3.9)
    }

    @Test("a short quiet sound straight out of digital silence (a breath, a click) is not speech")
    func shortQuietSoundAfterSilence() throws {
        // The lead-in and 70 ms of murmur: fewer frames than the hold (with a hold of 1 frame it is speech).
        let found = try Self.talkerThen { s, audio in Self.murmur(s, &audio, seconds: 0.13) }
        #expect(found.count == 1)
    }

    /// Customer segments of a two-party call cut to zeros between utterances: the agent talks from 0.5 to
    /// 2.5 s (unless `agentTalks` is false); the customer, not heard before, makes a 0.1 s sound 14 dB under
    /// the agent's level at 3.0 s (the start of a new recording: a breath, a click) and talks at the agent's level
    /// from 3.3 to 4.3 s, digital silence between.
    private static func customerAfterQuietLeadIn(
        agentTalks: Bool = true, vad: VADConfiguration = .standard
    ) throws -> [Segment] {
        let s = TestSignals(sampleRate: 16_000)
        var agent = [Float](repeating: 0, count: 16_000 * 6)
        var customer = agent
        if agentTalks { s.voice(into: &agent, from: 0.5, to: 2.5) }
        s.voice(into: &customer, from: 3.0, to: 3.1, level: 0.02, pitch: 180)
        s.voice(into: &customer, from: 3.3, to: 4.3, pitch: 180)
        var configuration = EngineConfiguration.standard
        configuration.vad = vad
        let report = try TestSignals.analyze(
            TestSignals.interleave(agent, customer), sampleRate: 16_000, channels: 2, configuration: configuration)
        return report.segments.filter { $0.role == .customer }
    }

    @Test("a short quiet sound out of digital silence before an unknown party's first words is not speech")
    func quietLeadInMeasuredAgainstTheOtherParty() throws {
        // The customer's level is not known yet; 14 dB under the agent's, the sound is measured as a quiet new
        // sound (freshSoundPeerRangeDB), too short to count. The customer's words start at 3.3 s.
        let found = try Self.customerAfterQuietLeadIn()
        try #require(found.count == 1)
        #expect(abs(FrameClock.seconds(ofFrame: found[0].startFrame) - 3.3) <= 0.06, "\(found)")
        // Without the rule (a range no sound is under) the sound passes the speech test against a floor of
        // nothing, and the pause bridge joins it to the words: the customer's segment starts at 3.0 s.
        let without = try Self.customerAfterQuietLeadIn(vad: try VADConfiguration(freshSoundPeerRangeDB: 1_000))
        #expect(without.first.map { FrameClock.seconds(ofFrame: $0.startFrame) < 3.1 } == true, "\(without)")
        // With no other party heard either, nothing says how loud the call is: the rule waits.
        let alone = try Self.customerAfterQuietLeadIn(agentTalks: false)
        #expect(alone.first.map { FrameClock.seconds(ofFrame: $0.startFrame) < 3.1 } == true, "\(alone)")
    }

    @Test("a recording's own background noise starting after digital silence is not speech")
    func noiseAfterSilence() throws {
        let s = TestSignals(sampleRate: 16_000)
        var noise = [Float](repeating: 0, count: 16_000 * 2)
        s.noise(into: &noise, amplitude: 0.01)
        var shaped = noise
        for i in 1..<shaped.count { shaped[i] = 0.7 * shaped[i - 1] + noise[i] }  // coloured, not white
        let audio = [Float](repeating: 0, count: 16_000 * 2) + shaped + [Float](repeating: 0, count: 16_000)
        #expect(try TestSignals.analyze(audio, sampleRate: 16_000, channels: 1).segments.isEmpty)
    }
}
