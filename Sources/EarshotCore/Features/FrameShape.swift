/// The shape of one channel's speech-band spectrum in one frame: what tells speech from noise and tones.
/// `FeatureExtractor.shape(channel:slot:)` computes it on demand, since the detector needs it only in frames
/// that pass its speech test.
public struct FrameShape: Sendable {
    /// Spectral flatness of the speech band in dB (≤ 0): about -1 … -5 dB for white or pink noise,
    /// -10 dB and below for voiced speech, far lower for a pure tone.
    public var flatnessDB: Float
    /// Share of the band's power within ±2 bins of its two strongest peaks, 0 … 1 (near 1 for tones,
    /// dual tones such as DTMF, and dial tones; well below for voiced speech).
    public var peakShare: Float

    /// A spectrum's shape.
    /// - Parameters: see the properties.
    public init(flatnessDB: Float, peakShare: Float) {
        self.flatnessDB = flatnessDB
        self.peakShare = peakShare
    }
}
