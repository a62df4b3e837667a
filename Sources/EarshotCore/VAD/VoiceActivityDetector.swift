/// The speech/non-speech decision of one channel: an adaptive noise floor, hysteresis between an
/// onset and an offset threshold, an onset confirmation of a few frames and a hangover.
///
/// Decisions come out `lookaheadFrames` frames late (onsets are backdated to their first frame).
/// Fixed-size state; real-time safe.
public struct VoiceActivityDetector: Sendable {
    /// The settings in use.
    public let configuration: VADConfiguration
    private var noise: NoiseFloorTracker
    private var speaking = false
    private var onsetRun = 0
    private var hangoverLeft = 0
    /// Pending decisions for the last `lookaheadFrames + 1` frames, newest in bit 0.
    private var pending: UInt64 = 0
    private var framesSeen = 0

    /// How many frames late each decision is.
    public var lookaheadFrames: Int { configuration.onsetFrames - 1 }

    /// The noise floor estimate in dBFS.
    public var noiseFloorDB: Float { noise.floorDB }

    /// - Parameter configuration: thresholds and timings.
    public init(configuration: VADConfiguration = .standard) {
        self.configuration = configuration
        noise = NoiseFloorTracker(
            windowFrames: configuration.noiseWindowFrames, initialFloorDB: configuration.initialNoiseFloorDB)
    }

    /// Feeds one frame and returns the decision for the frame `lookaheadFrames` earlier, or `nil`
    /// while the first frames are still pending. Real-time safe.
    @inline(__always)
    public mutating func process(_ features: FrameFeatures) -> Bool? {
        let c = configuration
        let snr = features.ownEnergyDB - noise.floorDB
        let audible = features.ownEnergyDB > c.minSpeechEnergyDB
        let strong =
            audible && snr > c.onsetSNRDB && features.flatnessDB < c.maxOnsetFlatnessDB
            && features.peakShare < c.maxPeakShare
        let weak = audible && snr > c.offsetSNRDB
        noise.update(energyDB: features.energyDB)

        pending <<= 1
        if speaking {
            if weak {
                hangoverLeft = c.hangoverFrames
                pending |= 1
            } else if hangoverLeft > 0 {
                hangoverLeft -= 1
                pending |= 1
            } else {
                speaking = false
                onsetRun = 0
            }
        } else {
            onsetRun = strong ? onsetRun + 1 : 0
            if onsetRun >= c.onsetFrames {
                speaking = true
                hangoverLeft = c.hangoverFrames
                pending |= (UInt64(1) << UInt64(c.onsetFrames)) - 1  // backdate to the first onset frame
            }
        }
        framesSeen += 1
        guard framesSeen > lookaheadFrames else { return nil }
        return pending & (UInt64(1) << UInt64(lookaheadFrames)) != 0
    }

    /// Returns the decisions still pending at the end of a stream, oldest first, through `emit`.
    public mutating func flush(_ emit: (Bool) -> Void) {
        let count = min(framesSeen, lookaheadFrames)
        for age in stride(from: count - 1, through: 0, by: -1) {
            emit(pending & (UInt64(1) << UInt64(age)) != 0)
        }
        framesSeen = 0
    }
}
