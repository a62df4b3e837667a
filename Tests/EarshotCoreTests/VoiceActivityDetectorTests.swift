import Testing

@testable import EarshotCore

@Suite("Voice activity on generated signals")
struct VoiceActivityDetectorTests {
    static let rates = [8_000, 16_000, 22_050, 44_100, 48_000]

    private func segments(_ report: Report) -> [(Double, Double)] {
        report.segments.map { (FrameClock.seconds(ofFrame: $0.startFrame), FrameClock.seconds(ofFrame: $0.endFrame)) }
    }

    @Test(
        "voiced bursts are found with edges within 60 ms at every supported rate",
        arguments: [4_000, 96_000, 192_000] + rates)
    func burstEdges(rate: Int) throws {
        let signals = TestSignals(sampleRate: rate)
        var audio = [Float](repeating: 0, count: rate * 8)
        signals.noise(into: &audio, amplitude: 0.001)
        signals.voice(into: &audio, from: 1.0, to: 2.5)
        signals.voice(into: &audio, from: 4.0, to: 6.2, level: 0.03, pitch: 210)
        let found = segments(try TestSignals.analyze(audio, sampleRate: rate, channels: 1))
        // Tolerance: onsets one 10 ms frame of grid plus the 25 ms window; ends also the 150 ms hangover.
        try #require(found.count == 2)
        #expect(abs(found[0].0 - 1.0) <= 0.06)
        #expect(abs(found[1].0 - 4.0) <= 0.06)
        #expect(found[0].1 >= 2.5 - 0.03 && found[0].1 <= 2.5 + 0.2)
        #expect(found[1].1 >= 6.2 - 0.03 && found[1].1 <= 6.2 + 0.2)
    }

    /// The segments found in 16 kHz mono `audio` with detector settings `vad`.
    private func detect(_ audio: [Float], vad: VADConfiguration = .standard) throws -> [(Double, Double)] {
        var configuration = EngineConfiguration.standard
        configuration.vad = vad
        return segments(try TestSignals.analyze(audio, sampleRate: 16_000, channels: 1, configuration: configuration))
    }

    @Test("speech holds for the 150 ms hangover after its last voiced frame, no more and no less")
    func hangoverLength() throws {
        let signals = TestSignals(sampleRate: 16_000)
        var audio = [Float](repeating: 0, count: 16_000 * 5)
        signals.noise(into: &audio, amplitude: 0.001)
        signals.voice(into: &audio, from: 1.0, to: 2.5)
        let held = try detect(audio)
        let bare = try detect(audio, vad: VADConfiguration(hangoverFrames: 0))
        try #require(held.count == 1 && bare.count == 1)
        // Without a hangover the segment ends with the voice (its last frames' windows reach 25 ms past it);
        // the default adds exactly 15 frames to that end and changes nothing else.
        #expect(bare[0].1 >= 2.5 - 0.01 && bare[0].1 <= 2.5 + 0.04, "\(bare)")
        #expect(abs(held[0].1 - bare[0].1 - 0.15) < 0.001, "\(held) \(bare)")
        #expect(held[0].0 == bare[0].0)
    }

    @Test("the quiet end of an utterance in noise stays speech until it ends, then the hangover runs")
    func quietEndOfUtterance() throws {
        // A talker 11 dB over white noise, whose last 0.6 s drops 6 dB and to a lower pitch: those frames
        // fail the speech test (with the sustain set as strict as the test, speech ends near 3.0 s) but pass
        // the looser sustain test, so the segment runs to 3.6 s plus the 150 ms hangover.
        let signals = TestSignals(sampleRate: 16_000)
        var audio = [Float](repeating: 0, count: 16_000 * 6)
        signals.noise(into: &audio, amplitude: 0.05)
        signals.voice(into: &audio, from: 1.0, to: 3.0)
        signals.voice(into: &audio, from: 3.0, to: 3.6, level: 0.05, pitch: 100)
        let found = try detect(audio)
        try #require(found.count == 1)
        #expect(abs(found[0].0 - 1.0) <= 0.06)
        #expect(found[0].1 >= 3.6 - 0.03 && found[0].1 <= 3.6 + 0.2)
        let without = try detect(audio, vad: VADConfiguration(sustainMinScore: 1.75, sustainMarginDB: 7))
        #expect(without.count == 1 && without.last.map { $0.1 < 3.3 } == true)
    }

    /// A talker in noise from 1.0 s for `seconds`, after which the recording is cut to zeros for 1 s.
    private func speechIntoDigitalSilence(
        seconds: Double, vad: VADConfiguration = .standard
    ) throws -> [(Double, Double)] {
        let signals = TestSignals(sampleRate: 16_000)
        var audio = [Float](repeating: 0, count: 16_000 * 5)
        signals.noise(into: &audio, amplitude: 0.002)
        signals.voice(into: &audio, from: 1.0, to: 1.0 + seconds)
        let cut = Int((1.0 + seconds) * 16_000)
        for n in cut..<(cut + 16_000) { audio[n] = 0 }
        return try detect(audio, vad: vad)
    }

    @Test("speech cut to digital silence ends there, without hangover; a spurt too short to count keeps it")
    func digitalSilenceEndsSpeech() throws {
        // The first frame whose 25 ms window is all zeros ends the speech: 1.82 s, not 1.96 s after the hangover
        // (which it keeps when nothing counts as digital silence).
        let cut = try speechIntoDigitalSilence(seconds: 0.8)
        try #require(cut.count == 1)
        #expect(cut[0].1 >= 1.8 - 0.03 && cut[0].1 <= 1.85)
        let held = try speechIntoDigitalSilence(seconds: 0.8, vad: VADConfiguration(digitalSilenceDB: -1_000))
        #expect(held.count == 1 && held.last.map { $0.1 >= 1.92 } == true)
        // 0.15 s of speech: cut at the zeros it would be under 0.25 s and dropped; its hangover runs until it is
        // long enough to count.
        let short = try speechIntoDigitalSilence(seconds: 0.15)
        #expect(short.count == 1 && short.last.map { $0.1 - $0.0 >= 0.25 } == true)
    }

    /// A talker from 0.5 to 2.0 s and from 2.6 to 3.5 s, with a 30 ms sound of `level` at 2.25 s between.
    private func resumption(level: Float, vad: VADConfiguration = .standard) throws -> [(Double, Double)] {
        let signals = TestSignals(sampleRate: 16_000)
        var audio = [Float](repeating: 0, count: 16_000 * 5)
        signals.noise(into: &audio, amplitude: 0.002)
        signals.voice(into: &audio, from: 0.5, to: 2.0)
        signals.voice(into: &audio, from: 2.25, to: 2.28, level: level)
        signals.voice(into: &audio, from: 2.6, to: 3.5)
        return try detect(audio, vad: vad)
    }

    @Test("a short sound at the talker's level soon after their speech resumes it; one far under it does not")
    func resumingSpeech() throws {
        // Three onset frames resume speech within 0.3 s, so the 30 ms sound bridges the talker's 0.6 s pause
        // into one segment; with four (resumeOnsetFrames = onsetFrames) it is too short and the pause stays.
        #expect(try resumption(level: 0.1).count == 1)
        #expect(try resumption(level: 0.1, vad: VADConfiguration(resumeOnsetFrames: 4)).count == 2)
        // 14 dB under the talker it is not them resuming (without the sustainRangeDB guard it would be).
        #expect(try resumption(level: 0.02).count == 2)
        #expect(try resumption(level: 0.02, vad: VADConfiguration(sustainRangeDB: 40)).count == 1)
    }

    /// A talker (level 0.1) from 0.5 to 3.0 s over noise, then two bursts of another voice at `level`, at 4.0
    /// and 5.5 s, each 0.6 s long.
    private func distantVoice(level: Float, vad: VADConfiguration = .standard) throws -> [(Double, Double)] {
        let signals = TestSignals(sampleRate: 16_000)
        var audio = [Float](repeating: 0, count: 16_000 * 7)
        signals.noise(into: &audio, amplitude: 0.01)
        signals.voice(into: &audio, from: 0.5, to: 3.0)
        signals.voice(into: &audio, from: 4.0, to: 4.6, level: level, pitch: 190)
        signals.voice(into: &audio, from: 5.5, to: 6.1, level: level, pitch: 170)
        return try detect(audio, vad: vad)
    }

    @Test("a distant voice well under the talker is not speech; the same bursts at the talker's level are")
    func distantVoices() throws {
        // 0.025: 12 dB under the talker.
        #expect(try distantVoice(level: 0.025).count == 1)
        // They pass the speech test: without the foreground test they would be speech.
        #expect(try distantVoice(level: 0.025, vad: VADConfiguration(foregroundRangeDB: 100)).count == 3)
        #expect(try distantVoice(level: 0.1).count == 3)
    }

    /// A talker (level 0.1) from 0.5 to 3.0 s over loud noise, who goes on at `level` from `resume` s for 0.8 s.
    private func quieterTalker(level: Float, resume: Double) throws -> [(Double, Double)] {
        let signals = TestSignals(sampleRate: 16_000)
        var audio = [Float](repeating: 0, count: 16_000 * 6)
        signals.noise(into: &audio, amplitude: 0.05)
        signals.voice(into: &audio, from: 0.5, to: 3.0)
        signals.voice(into: &audio, from: resume, to: resume + 0.8, level: level, pitch: 110)
        return try detect(audio)
    }

    @Test("a talker going on more quietly after a short pause is speech; the same voice a second later is not")
    func quieterTalkerResumes() throws {
        // 0.06: 4.4 dB under the talker, within the 6 dB of a resumption, but short of the talker's level and of
        // 14 dB over this noise, so alone it fails the foreground test (at 0.07 it passes, 0.2 s or 1 s after).
        let resumed = try quieterTalker(level: 0.06, resume: 3.2)
        try #require(resumed.count == 1)
        #expect(resumed[0].1 >= 4.0 - 0.03)
        let alone = try quieterTalker(level: 0.06, resume: 4.0)
        #expect(alone.count == 1 && alone[0].1 < 3.3)
    }

    /// A loud talker (0.2) from 0.5 to 2.5 s over noise, then a quiet turn of theirs (0.06) from 4.0 s whose last
    /// 1.4 s, from 5.2 s, drops to about a third of that (0.021) and a lower pitch.
    private func quietTurn(vad: VADConfiguration = .standard) throws -> [(Double, Double)] {
        let signals = TestSignals(sampleRate: 16_000)
        var audio = [Float](repeating: 0, count: 16_000 * 8)
        signals.noise(into: &audio, amplitude: 0.01)
        signals.voice(into: &audio, from: 0.5, to: 2.5, level: 0.2)
        signals.voice(into: &audio, from: 4.0, to: 5.2, level: 0.06, pitch: 150)
        signals.voice(into: &audio, from: 5.2, to: 6.6, level: 0.021, pitch: 100)
        return try detect(audio, vad: vad)
    }

    @Test("a quiet turn is held through its weaker frames as a loud one is: near its own level, not the talker's")
    func quietTurnHeld() throws {
        // The weak part fails the speech test and lies far under the talker's mean level, but within the sustain
        // range of the quiet turn's own: held to its end plus the hangover. Measured against the talker's level
        // alone (spurtLevelFrames 0), speech ends soon after 5.2 s.
        let held = try quietTurn()
        try #require(held.count == 2)
        #expect(abs(held[1].0 - 4.0) <= 0.06)
        #expect(held[1].1 >= 6.6 - 0.03 && held[1].1 <= 6.6 + 0.2)
        let talkerOnly = try quietTurn(vad: VADConfiguration(spurtLevelFrames: 0))
        try #require(talkerOnly.count == 2)
        #expect(talkerOnly[1].1 < 6.0)
    }

    @Test("in a recording cut to zeros between words, a quiet utterance out of the zeros is speech")
    func quietWordsBetweenZeros() throws {
        // Room tone only before the talker's two utterances; zeros elsewhere. The quiet utterance at 6 s stands
        // as far over the room tone as the distant voices above stand over their noise, but the zeros count
        // as background: a recording cut to zeros has no distant voices behind it.
        let signals = TestSignals(sampleRate: 16_000)
        var room = [Float](repeating: 0, count: 16_000 * 8)
        signals.noise(into: &room, amplitude: 0.01)
        var audio = [Float](repeating: 0, count: 16_000 * 8)
        for n in Array(0..<8_000) + Array(40_000..<48_000) { audio[n] = room[n] }
        signals.voice(into: &audio, from: 0.5, to: 2.0)
        signals.voice(into: &audio, from: 3.0, to: 4.5)
        signals.voice(into: &audio, from: 6.0, to: 6.6, level: 0.025, pitch: 190)
        let found = try detect(audio)
        #expect(found.count == 3)
        #expect(found.last.map { $0.0 >= 5.9 && $0.1 <= 6.9 } == true)
    }

    @Test("speech at the very first sample is detected")
    func speechAtStart() throws {
        let signals = TestSignals(sampleRate: 16_000)
        var audio = [Float](repeating: 0, count: 16_000 * 4)
        signals.noise(into: &audio, amplitude: 0.002)
        signals.voice(into: &audio, from: 0, to: 1.5)
        let found = segments(try TestSignals.analyze(audio, sampleRate: 16_000, channels: 1))
        #expect(found.first.map { $0.0 <= 0.05 && $0.1 >= 1.45 } == true)
    }

    @Test("digital silence, steady noise and a steady 1 kHz tone are not speech")
    func notSpeech() throws {
        let signals = TestSignals(sampleRate: 16_000)
        let silence = [Float](repeating: 0, count: 16_000 * 5)
        #expect(try TestSignals.analyze(silence, sampleRate: 16_000, channels: 1).segments.isEmpty)
        var noise = silence
        signals.noise(into: &noise, amplitude: 0.05)
        #expect(try TestSignals.analyze(noise, sampleRate: 16_000, channels: 1).segments.isEmpty)
        var tone = silence
        signals.tone(into: &tone, frequency: 1_000, amplitude: 0.3, from: 1, to: 4)
        #expect(try TestSignals.analyze(tone, sampleRate: 16_000, channels: 1).segments.isEmpty)
    }

    @Test("NaN and infinite samples are treated as silence, not propagated")
    func nonFinite() throws {
        let signals = TestSignals(sampleRate: 16_000)
        var audio = [Float](repeating: .nan, count: 16_000 * 2)
        audio += [Float](repeating: .infinity, count: 16_000)
        var tail = [Float](repeating: 0, count: 16_000 * 3)
        signals.voice(into: &tail, from: 1, to: 2)
        audio += tail
        let found = segments(try TestSignals.analyze(audio, sampleRate: 16_000, channels: 1))
        #expect(found.count == 1)
        #expect(found.first.map { abs($0.0 - 4.0) < 0.06 } == true)
    }

    @Test("samples near Float's limit give finite band powers, and an overflowing spectrum no NaN tonal share")
    func hugeSamples() {
        // A frame of ±1e37 samples: its FFT overflows; the powers are held at RealFFT.maxPower.
        let extractor = FeatureExtractor(sampleRate: 16_000)
        let framer = Framer(channelCount: 1, windowSamples: extractor.windowSamples)
        let huge = (0..<extractor.windowSamples).map { Float($0 % 2 == 0 ? 1e37 : -1e37) }
        huge.withUnsafeBufferPointer { framer.append($0.baseAddress!, frames: $0.count) }
        let features = extractor.features(of: framer, channel: 0)
        #expect(features.energyDB.isFinite)
        #expect((0..<FrameFeatures.bandCount).allSatisfy { features.bandPower[$0].isFinite })
        let spectrum = extractor.spectrum(channel: 0)
        #expect(extractor.layout.bandBins.allSatisfy { spectrum[$0] <= RealFFT.maxPower })
        // A spectrum with an infinite bin (should one get through) gives a share in 0 ... 1, not NaN.
        let tracker = SustainedPeakTracker(
            layout: extractor.layout, fftSize: extractor.fftSize, windowSamples: extractor.windowSamples)
        var bins = [Float](repeating: 1e-6, count: extractor.fftSize / 2 + 1)
        for _ in 0..<20 {
            bins[40] = .infinity
            let share = bins.withUnsafeBufferPointer { tracker.tonalShare(spectrum: $0.baseAddress!) }
            #expect(!share.isNaN && share >= 0 && share <= 1)
        }
    }

    @Test("block size does not change the result")
    func blockSizeInvariance() throws {
        let signals = TestSignals(sampleRate: 16_000)
        var audio = [Float](repeating: 0, count: 16_000 * 5)
        signals.voice(into: &audio, from: 0.5, to: 1.7)
        signals.voice(into: &audio, from: 2.9, to: 4.1)
        let one = try TestSignals.analyze(audio, sampleRate: 16_000, channels: 1, block: 1)
        let odd = try TestSignals.analyze(audio, sampleRate: 16_000, channels: 1, block: 777)
        #expect(one == odd)
    }
}
