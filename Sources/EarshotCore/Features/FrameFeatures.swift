/// What the detector knows about one channel in one 10 ms frame.
public struct FrameFeatures: Sendable, Equatable {
    /// Mean-square level in the speech band, in dB relative to full scale (a full-scale sine in band
    /// is about -3 dB; digital silence is about -380 dB).
    public var energyDB: Float
    /// Spectral flatness of the speech band in dB (≤ 0): about -1 … -5 dB for white or pink noise,
    /// -10 dB and below for voiced speech, far lower for a pure tone.
    public var flatnessDB: Float
    /// Share of the band's power within ±2 bins of its two strongest peaks, 0 … 1 (near 1 for tones,
    /// dual tones such as DTMF, and dial tones; well below for voiced speech).
    public var peakShare: Float

    /// - Parameters: see the properties.
    public init(energyDB: Float, flatnessDB: Float, peakShare: Float) {
        self.energyDB = energyDB
        self.flatnessDB = flatnessDB
        self.peakShare = peakShare
    }
}
