import Testing

@testable import EarshotCore

@Suite("Detector latency")
struct DetectorLatencyTests {
    /// Runs framer, features and detector (no pause bridging) and returns, for each input frame, the
    /// media time at which a decision came out and the frame it was about.
    private func decisions(_ audio: [Float], rate: Int) -> [(decidedAt: Double, frame: Int, speech: Bool)] {
        let clock = FrameClock(sampleRate: rate)
        let extractor = FeatureExtractor(sampleRate: rate)
        let framer = Framer(channelCount: 1, windowSamples: extractor.windowSamples)
        var detector = VoiceActivityDetector()
        var out: [(Double, Int, Bool)] = []
        var frame = 0
        audio.withUnsafeBufferPointer { all in
            while clock.boundary(frame + 1) <= all.count {
                let start = clock.boundary(frame)
                framer.append(all.baseAddress! + start, frames: clock.boundary(frame + 1) - start)
                let features = extractor.features(of: framer, channel: 0)
                if let speech = detector.process(features, shape: { extractor.shape(channel: 0) }) {
                    out.append((FrameClock.seconds(ofFrame: frame + 1), frame - detector.lookaheadFrames, speech))
                }
                frame += 1
            }
        }
        return out
    }

    @Test(
        "an onset is decided within 100 ms, and an offset after the 150 ms hangover and within 100 ms more",
        arguments: [8_000, 16_000, 48_000])
    func latency(rate: Int) throws {
        let s = TestSignals(sampleRate: rate)
        var audio = [Float](repeating: 0, count: rate * 4)
        s.noise(into: &audio, amplitude: 0.001)
        s.voice(into: &audio, from: 2.0, to: 3.0)
        let out = decisions(audio, rate: rate)
        let onset = try #require(out.first { $0.speech })
        let offset = try #require(out.last { $0.speech })
        // The decision that reports speech is out by 100 ms after the audio onset…
        #expect(onset.decidedAt - 2.0 <= 0.1)
        #expect(onset.decidedAt - 2.0 >= 0)
        // …and the one that ends it by the hangover plus 100 ms after the audio offset.
        let endDecided = try #require(out.first { $0.frame > offset.frame })
        #expect(endDecided.decidedAt - 3.0 <= 0.25)
        #expect(endDecided.decidedAt - 3.0 >= 0.15)
    }
}
