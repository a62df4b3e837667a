import EarshotCore
import Testing

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
}
