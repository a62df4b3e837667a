import Testing

@testable import EarshotCore

@Suite("FeatureExtractor")
struct FeatureExtractorTests {
    @Test(
        "sub-bands stay inside the spectrum when the speech band reaches past Nyquist",
        arguments: [4_000, 5_000, 6_000, 8_000, 16_000])
    func subbandsInsideSpectrum(rate: Int) {
        let extractor = FeatureExtractor(sampleRate: rate)
        let layout = extractor.layout
        let bins = extractor.fftSize / 2 + 1
        #expect(layout.subbandStarts.count == FrameFeatures.bandCount + 1)
        #expect(layout.bandBins.upperBound <= bins)
        for (start, next) in zip(layout.subbandStarts, layout.subbandStarts.dropFirst()) {
            #expect(start <= next, "sub-band starts must not decrease: \(layout.subbandStarts)")
        }
        #expect(layout.subbandStarts.last! <= layout.bandBins.upperBound, "\(layout.subbandStarts) at \(rate) Hz")
    }

    @Test("a band that lies wholly above Nyquist is moved to the spectrum's top bins, not past its end")
    func bandAboveNyquist() throws {
        let high = try FeatureConfiguration(bandLowHz: 5_000, bandHighHz: 6_000)
        let extractor = FeatureExtractor(sampleRate: 8_000, configuration: high)
        let bins = extractor.layout.bandBins
        #expect(bins.lowerBound >= 1 && bins.upperBound <= extractor.fftSize / 2 + 1, "\(bins)")
        #expect(extractor.layout.subbandStarts.allSatisfy { $0 <= bins.upperBound })
    }

    /// Frames 1 s into a 1 kHz tone (channel 0) and white noise (channel 1), 16 kHz stereo, with both
    /// channels' features computed, as the engine does, before either shape is asked for.
    @Test("a tone's shape is peaked, noise's flat and a voice's in between; each channel keeps its own spectrum")
    func shapesOfKnownSignals() {
        let rate = 16_000
        let s = TestSignals(sampleRate: rate)
        var tone = [Float](repeating: 0, count: rate)
        var noise = [Float](repeating: 0, count: rate)
        var voice = [Float](repeating: 0, count: rate)
        s.tone(into: &tone, frequency: 1_000, amplitude: 0.3)
        s.noise(into: &noise, amplitude: 0.3)
        s.voice(into: &voice, from: 0, to: 1)
        let extractor = FeatureExtractor(sampleRate: rate)
        func lastShapes(_ left: [Float], _ right: [Float]) -> (FrameShape, FrameShape) {
            let framer = Framer(channelCount: 2, windowSamples: extractor.windowSamples)
            let stereo = TestSignals.interleave(left, right)
            stereo.withUnsafeBufferPointer { framer.append($0.baseAddress!, frames: left.count) }
            _ = extractor.features(of: framer, channel: 0)
            _ = extractor.features(of: framer, channel: 1)
            return (extractor.shape(channel: 0), extractor.shape(channel: 1))
        }
        let (toneShape, noiseShape) = lastShapes(tone, noise)
        #expect(toneShape.peakShare > 0.99, "a sine's power lies within ±2 bins of its peak")
        #expect(toneShape.flatnessDB < -20)
        #expect(noiseShape.peakShare < 0.3)
        #expect(noiseShape.flatnessDB > -6, "white noise is flat: about -2.5 dB")
        let (voiceShape, again) = lastShapes(voice, tone)
        #expect(voiceShape.flatnessDB < -6 && voiceShape.flatnessDB > toneShape.flatnessDB)
        #expect(voiceShape.peakShare < 0.9)
        #expect(again.peakShare == toneShape.peakShare && again.flatnessDB == toneShape.flatnessDB)
    }
}
