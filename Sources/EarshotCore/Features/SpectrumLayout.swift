/// Where the speech band lies in a power spectrum, for stages that work bin by bin.
public struct SpectrumLayout: Sendable, Equatable {
    /// FFT bins of the speech band.
    public let bandBins: Range<Int>
    /// First bin of each sub-band, then one past the last (`FrameFeatures.bandCount + 1` values).
    public let subbandStarts: [Int]
    /// Factor from `|X[k]|²` to mean-square level (full scale = 1).
    public let powerScale: Float

    /// A spectrum layout.
    /// - Parameters: see the properties.
    public init(bandBins: Range<Int>, subbandStarts: [Int], powerScale: Float) {
        self.bandBins = bandBins
        self.subbandStarts = subbandStarts
        self.powerScale = powerScale
    }
}
