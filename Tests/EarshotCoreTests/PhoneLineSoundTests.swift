import Testing

@testable import EarshotCore

@Suite("Phone-line sounds are not speech")
struct PhoneLineSoundTests {
    static let rate = 8_000
    /// The phone line's rate, wideband's, and the two of recorders and softphones, whose FFT is padded more (a tone's
    /// main lobe spans more bins).
    static let rates = [8_000, 16_000, 44_100, 48_000]

    private func segments(_ audio: [Float], rate: Int = Self.rate) throws -> [Segment] {
        try TestSignals.analyze(audio, sampleRate: rate, channels: 1).segments
    }

    private func silence(_ seconds: Double, rate: Int = Self.rate) -> [Float] {
        var audio = [Float](repeating: 0, count: Int(seconds * Double(rate)))
        TestSignals(sampleRate: rate).noise(into: &audio, amplitude: 0.0005)  // comfort noise, about -70 dBFS
        return audio
    }

    @Test("dial tone (350 + 440 Hz) and ringback (440 + 480 Hz)", arguments: Self.rates)
    func dialAndRingback(rate: Int) throws {
        let s = TestSignals(sampleRate: rate)
        var audio = silence(10, rate: rate)
        s.tone(into: &audio, frequency: 350, amplitude: 0.15, from: 0.5, to: 3)
        s.tone(into: &audio, frequency: 440, amplitude: 0.15, from: 0.5, to: 3)
        s.tone(into: &audio, frequency: 440, amplitude: 0.1, from: 4, to: 6)
        s.tone(into: &audio, frequency: 480, amplitude: 0.1, from: 4, to: 6)
        #expect(try segments(audio, rate: rate).isEmpty)
    }

    @Test("DTMF digits (80 ms tone, 80 ms gap)", arguments: Self.rates)
    func dtmf(rate: Int) throws {
        let s = TestSignals(sampleRate: rate)
        var audio = silence(4, rate: rate)
        let digits: [(Double, Double)] = [(697, 1209), (770, 1336), (852, 1477), (941, 1336), (697, 1477), (770, 1209)]
        for (i, (low, high)) in digits.enumerated() {
            let start = 1 + Double(i) * 0.16
            s.tone(into: &audio, frequency: low, amplitude: 0.2, from: start, to: start + 0.08)
            s.tone(into: &audio, frequency: high, amplitude: 0.2, from: start, to: start + 0.08)
        }
        #expect(try segments(audio, rate: rate).isEmpty)
    }

    @Test(
        "DTMF keyed straight after speech ends the talker's segment; speech after the keying is found again",
        arguments: Self.rates)
    func dtmfAfterSpeech(rate: Int) throws {
        let s = TestSignals(sampleRate: rate)
        var audio = silence(9, rate: rate)
        s.voice(into: &audio, from: 1, to: 3, level: 0.05)
        // 80 ms keys and gaps from 2.95 s, inside the voice's last 50 ms, for 3 s.
        let digits: [(Double, Double)] = [(697, 1209), (770, 1336), (852, 1477), (941, 1336), (697, 1477), (770, 1209)]
        var start = 2.95
        var index = 0
        while start + 0.08 <= 5.95 {
            let (low, high) = digits[index % digits.count]
            s.tone(into: &audio, frequency: low, amplitude: 0.1, from: start, to: start + 0.08)
            s.tone(into: &audio, frequency: high, amplitude: 0.1, from: start, to: start + 0.08)
            start += 0.16
            index += 1
        }
        s.voice(into: &audio, from: 6.5, to: 8, level: 0.05)
        let found = try segments(audio, rate: rate)
        #expect(found.count == 2, "\(found)")
        let ends = found.map { FrameClock.seconds(ofFrame: $0.endFrame) }
        let starts = found.map { FrameClock.seconds(ofFrame: $0.startFrame) }
        // The keying is not the talker's: the segment ends within 0.2 s of the voice, not 3 s later.
        #expect(ends.first.map { $0 >= 2.9 && $0 <= 3.2 } == true, "\(ends)")
        #expect(starts.last.map { abs($0 - 6.5) <= 0.06 } == true, "\(starts)")
    }

    @Test("a DTMF pair is one row and one column tone, within half a bin and 2 %; a voice's harmonics are not")
    func dtmfPairs() {
        #expect(FrameShape.isDTMFPair(697, 1209, binHz: 31.25))
        #expect(FrameShape.isDTMFPair(1_336 + 15, 770 - 15, binHz: 31.25))  // either order, a bin's rounding off
        #expect(!FrameShape.isDTMFPair(697, 1_394, binHz: 31.25))  // a harmonic and its octave
        #expect(!FrameShape.isDTMFPair(697, 941, binHz: 31.25))  // two row tones
        #expect(!FrameShape.isDTMFPair(1_209, 1_633, binHz: 31.25))  // two column tones
        #expect(!FrameShape.isDTMFPair(650, 1_209, binHz: 31.25))  // 47 Hz from 697: more than half a bin and 2 %
    }

    @Test("a 1 kHz test tone, 50 Hz mains hum and a DC offset", arguments: Self.rates)
    func toneHumAndOffset(rate: Int) throws {
        let s = TestSignals(sampleRate: rate)
        var audio = silence(6, rate: rate)
        s.tone(into: &audio, frequency: 1_000, amplitude: 0.1, from: 1, to: 2.5)
        s.tone(into: &audio, frequency: 50, amplitude: 0.05)
        for i in audio.indices { audio[i] += 0.05 }
        #expect(try segments(audio, rate: rate).isEmpty)
    }

    @Test(
        "a warning tone or a dial tone's pair over speech does not end it",
        arguments: Self.rates, [[1_400.0], [440.0], [350.0, 440.0]])
    func toneOverSpeech(rate: Int, frequencies: [Double]) throws {
        let s = TestSignals(sampleRate: rate)
        var audio = silence(9, rate: rate)
        s.voice(into: &audio, from: 1, to: 7, level: 0.05)
        // A second of tone in the middle of the talk, louder than the voice (a recorder's warning tone).
        for frequency in frequencies { s.tone(into: &audio, frequency: frequency, amplitude: 0.2, from: 3, to: 4) }
        let found = try segments(audio, rate: rate)
        #expect(found.count == 1, "\(found)")
        #expect(found.first.map { abs(FrameClock.seconds(ofFrame: $0.startFrame) - 1) <= 0.06 } == true, "\(found)")
        #expect(found.last.map { abs(FrameClock.seconds(ofFrame: $0.endFrame) - 7) <= 0.2 } == true, "\(found)")
    }

    @Test("a short word 0.2 s after a tone, across digital silence, is found", arguments: [0.02, 0.2] as [Float])
    func wordAfterTone(amplitude: Float) throws {
        let s = TestSignals(sampleRate: Self.rate)
        var audio = [Float](repeating: 0, count: 10 * Self.rate)
        s.voice(into: &audio, from: 1, to: 3, level: 0.05)
        s.tone(into: &audio, frequency: 1_000, amplitude: amplitude, from: 4.5, to: 8)
        s.voice(into: &audio, from: 8.2, to: 8.7, level: 0.05)
        let found = try segments(audio)
        #expect(found.count == 2, "\(found)")
        #expect(found.last.map { abs(FrameClock.seconds(ofFrame: $0.startFrame) - 8.2) <= 0.06 } == true, "\(found)")
    }

    @Test("a tone straight after the words does not hold them as talk", arguments: Self.rates)
    func toneAfterSpeech(rate: Int) throws {
        let s = TestSignals(sampleRate: rate)
        var audio = silence(8, rate: rate)
        s.voice(into: &audio, from: 1, to: 3, level: 0.05)
        s.tone(into: &audio, frequency: 1_000, amplitude: 0.1, from: 3, to: 6)
        let found = try segments(audio, rate: rate)
        #expect(found.count == 1, "\(found)")
        // The hangover's 150 ms and a frame, as after words alone.
        #expect(found.last.map { abs(FrameClock.seconds(ofFrame: $0.endFrame) - 3) <= 0.2 } == true, "\(found)")
    }

    @Test("hold music of single notes over line noise is music, not the customer's talk", arguments: Self.rates)
    func melodyOverNoise(rate: Int) throws {
        let s = TestSignals(sampleRate: rate)
        var audio = [Float](repeating: 0, count: 20 * rate)
        // White noise 15 dB under the tune: a line that leaves a sine's spectral peaks clear, its shape not a tone's.
        s.noise(into: &audio, amplitude: 0.0245)
        // A tune of sine notes, 0.3 s each, from 4 s to 19 s (one peak a frame: no chord to tell it by).
        let notes = [523.3, 659.3, 784.0, 659.3, 587.3, 698.5, 880.0, 698.5]
        for index in 0..<50 {
            let start = 4 + Double(index) * 0.3
            s.tone(into: &audio, frequency: notes[index % notes.count], amplitude: 0.14, from: start, to: start + 0.3)
        }
        let found = try segments(audio, rate: rate)
        let talk = found.reduce(0.0) { sum, segment in
            let start = max(4, FrameClock.seconds(ofFrame: segment.startFrame))
            return sum + max(0, min(19, FrameClock.seconds(ofFrame: segment.endFrame)) - start)
        }
        // The music rule needs its half second, and a note or two to tell a tune from a tone.
        #expect(talk <= 1.2, "\(found)")
    }

    @Test("a loud two-second tone does not leave the talker unheard after it", arguments: Self.rates)
    func loudToneThenSpeech(rate: Int) throws {
        let s = TestSignals(sampleRate: rate)
        var audio = silence(18, rate: rate)
        s.voice(into: &audio, from: 1, to: 3, level: 0.05)
        // Three tones 20 dB over the voice, 2 s each, every 4 s, then the voice again.
        for start in [4.0, 8, 12] { s.tone(into: &audio, frequency: 440, amplitude: 0.5, from: start, to: start + 2) }
        s.voice(into: &audio, from: 14.5, to: 16.5, level: 0.05)
        let found = try segments(audio, rate: rate)
        #expect(found.count == 2, "\(found)")
        #expect(found.last.map { abs(FrameClock.seconds(ofFrame: $0.startFrame) - 14.5) <= 0.06 } == true, "\(found)")
    }

    @Test("isolated clicks do not make speech segments")
    func clicks() throws {
        var audio = silence(5)
        for second in 1...4 { audio[second * Self.rate] = 0.8 }
        #expect(try segments(audio).isEmpty)
    }

    @Test("speech over hum, DC offset and comfort noise is still found on time")
    func speechOverLineNoise() throws {
        let s = TestSignals(sampleRate: Self.rate)
        var audio = silence(6)
        s.tone(into: &audio, frequency: 50, amplitude: 0.05)
        for i in audio.indices { audio[i] += 0.05 }
        s.voice(into: &audio, from: 2, to: 4, level: 0.05)
        let found = try segments(audio)
        #expect(found.count == 1)
        #expect(found.first.map { abs(FrameClock.seconds(ofFrame: $0.startFrame) - 2) <= 0.06 } == true)
    }

    @Test("a level step of the automatic gain control does not start or stop speech")
    func gainStep() throws {
        let s = TestSignals(sampleRate: Self.rate)
        var audio = silence(10)
        s.voice(into: &audio, from: 1, to: 3, level: 0.02)
        s.voice(into: &audio, from: 6, to: 8, level: 0.05)
        for i in (5 * Self.rate)..<audio.count { audio[i] *= 2.5 }  // +8 dB from 5 s, noise included
        let found = try segments(audio)
        #expect(found.count == 2)
        #expect(
            found.map { abs(FrameClock.seconds(ofFrame: $0.startFrame) - ($0.startFrame < 500 ? 1 : 6)) <= 0.06 } == [
                true, true,
            ])
    }
}
