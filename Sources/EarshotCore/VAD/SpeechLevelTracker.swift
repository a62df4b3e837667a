/// A running estimate of the channel's active speech level: the mean level of frames near confident
/// speech, starting from the ITU nominal level. It lets loud frames pass with a lower SNR and keeps
/// quiet noise from passing with a high one. Fixed-size state; real-time safe.
public struct SpeechLevelTracker: Sendable {
    /// The estimate in dBFS.
    public private(set) var levelDB: Float
    private var weight: Int
    private let minRate: Float

    /// A tracker at the initial speech level.
    /// - Parameter configuration: the initial level, its weight and the slowest update rate.
    public init(configuration: VADConfiguration) {
        levelDB = configuration.initialSpeechLevelDB
        weight = configuration.speechLevelPriorFrames
        minRate = configuration.minSpeechLevelRate
    }

    /// Learns from one frame near speech.
    /// - Parameter frameDB: the frame's level, in dBFS.
    public mutating func update(levelDB frameDB: Float) {
        weight += 1
        levelDB += max(minRate, 1 / Float(weight)) * (frameDB - levelDB)
    }
}
