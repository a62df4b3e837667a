import Testing

@testable import EarshotCore

@Suite("Phone-line sounds are not speech")
struct PhoneLineSoundTests {
    static let rate = 8_000

    private func segments(_ audio: [Float]) throws -> [Segment] {
        try TestSignals.analyze(audio, sampleRate: Self.rate, channels: 1).segments
    }

    private func silence(_ seconds: Double) -> [Float] {
        var audio = [Float](repeating: 0, count: Int(seconds * Double(Self.rate)))
        TestSignals(sampleRate: Self.rate).noise(into: &audio, amplitude: 0.0005)  // comfort noise, about -70 dBFS
        return audio
    }

    @Test("dial tone (350 + 440 Hz) and ringback (440 + 480 Hz)")
    func dialAndRingback() throws {
        let s = TestSignals(sampleRate: Self.rate)
        var audio = silence(10)
        s.tone(into: &audio, frequency: 350, amplitude: 0.15, from: 0.5, to: 3)
        s.tone(into: &audio, frequency: 440, amplitude: 0.15, from: 0.5, to: 3)
        s.tone(into: &audio, frequency: 440, amplitude: 0.1, from: 4, to: 6)
        s.tone(into: &audio, frequency: 480, amplitude: 0.1, from: 4, to: 6)
        #expect(try segments(audio).isEmpty)
    }

    @Test("DTMF digits (80 ms tone, 80 ms gap)")
    func dtmf() throws {
        let s = TestSignals(sampleRate: Self.rate)
        var audio = silence(4)
        let digits: [(Double, Double)] = [(697, 1209), (770, 1336), (852, 1477), (941, 1336), (697, 1477), (770, 1209)]
        for (i, (low, high)) in digits.enumerated() {
            let start = 1 + Double(i) * 0.16
            s.tone(into: &audio, frequency: low, amplitude: 0.2, from: start, to: start + 0.08)
            s.tone(into: &audio, frequency: high, amplitude: 0.2, from: start, to: start + 0.08)
        }
        #expect(try segments(audio).isEmpty)
    }

    @Test("a 1 kHz test tone, 50 Hz mains hum and a DC offset")
    func toneHumAndOffset() throws {
        let s = TestSignals(sampleRate: Self.rate)
        var audio = silence(6)
        s.tone(into: &audio, frequency: 1_000, amplitude: 0.1, from: 1, to: 2.5)
        s.tone(into: &audio, frequency: 50, amplitude: 0.05)
        for i in audio.indices { audio[i] += 0.05 }
        #expect(try segments(audio).isEmpty)
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
