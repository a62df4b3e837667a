/// Settings of the speech/non-speech decision. Immutable; validated in `init`.
///
/// Levels are in dB relative to full scale (see `FrameFeatures.energyDB`); durations in 10 ms frames.
public struct VADConfiguration: Sendable, Equatable {
    /// Speech starts when the band level exceeds the noise floor by this much. Default 9 dB.
    public let onsetSNRDB: Float
    /// Speech continues while the band level exceeds the noise floor by this much. Default 4 dB.
    public let offsetSNRDB: Float
    /// Frames quieter than this are never speech. Default -62 dBFS.
    public let minSpeechEnergyDB: Float
    /// Frames flatter than this (noise-like spectra) cannot start speech. Default -3 dB.
    public let maxOnsetFlatnessDB: Float
    /// Frames whose two strongest spectral peaks hold more than this share of the band power are tones,
    /// not speech. Default 0.98.
    public let maxPeakShare: Float
    /// Consecutive onset frames needed to start speech (the decision is backdated to the first).
    /// Default 3 (30 ms), which is also the detector's look-ahead.
    public let onsetFrames: Int
    /// Frames speech is held after the level drops below the offset threshold. Default 3 (30 ms).
    public let hangoverFrames: Int
    /// Length of the noise-floor minimum search. Default 150 frames (1.5 s).
    public let noiseWindowFrames: Int
    /// Noise floor assumed before the first window has been seen, so that speech at the very start of
    /// a stream is detected. Default -45 dBFS.
    public let initialNoiseFloorDB: Float

    /// - Throws: `ConfigurationError` when a value is outside its valid range.
    public init(
        onsetSNRDB: Float = 9, offsetSNRDB: Float = 4, minSpeechEnergyDB: Float = -62,
        maxOnsetFlatnessDB: Float = -3, maxPeakShare: Float = 0.98, onsetFrames: Int = 3,
        hangoverFrames: Int = 3, noiseWindowFrames: Int = 150, initialNoiseFloorDB: Float = -45
    ) throws(ConfigurationError) {
        guard onsetSNRDB > 0, onsetSNRDB < 60 else { throw ConfigurationError("onsetSNRDB must be 0 ... 60 dB") }
        guard offsetSNRDB >= 0, offsetSNRDB <= onsetSNRDB else {
            throw ConfigurationError("offsetSNRDB must be 0 ... onsetSNRDB")
        }
        guard (1...20).contains(onsetFrames) else { throw ConfigurationError("onsetFrames must be 1 ... 20") }
        guard (0...100).contains(hangoverFrames) else { throw ConfigurationError("hangoverFrames must be 0 ... 100") }
        guard (20...3_000).contains(noiseWindowFrames) else {
            throw ConfigurationError("noiseWindowFrames must be 20 ... 3000")
        }
        guard maxPeakShare > 0, maxPeakShare <= 1 else { throw ConfigurationError("maxPeakShare must be 0 ... 1") }
        self.onsetSNRDB = onsetSNRDB
        self.offsetSNRDB = offsetSNRDB
        self.minSpeechEnergyDB = minSpeechEnergyDB
        self.maxOnsetFlatnessDB = maxOnsetFlatnessDB
        self.maxPeakShare = maxPeakShare
        self.onsetFrames = onsetFrames
        self.hangoverFrames = hangoverFrames
        self.noiseWindowFrames = noiseWindowFrames
        self.initialNoiseFloorDB = initialNoiseFloorDB
    }

    /// The defaults.
    public static let standard = try! VADConfiguration()
}
