/// The typical level of what the detector rejects (background noise, distant voices), as a running
/// mean rather than a minimum: babble ~12 dB under the talker peaks only ~6 dB over its own mean, so
/// speech is asked to stand out from this level, not just from the floor. Fixed-size state.
public struct BackgroundLevel: Sendable {
    /// Mean level of rejected frames in dBFS, over the band and per sub-band.
    public private(set) var levelDB: Float
    /// The same per sub-band, one band per lane.
    public private(set) var bandLanes: SIMD8<Float>
    /// Rejected frames learnt from so far.
    public private(set) var frames = 0
    private let timeFrames: Int
    private let priorFrames: Int

    /// A background level that has rejected nothing yet.
    /// - Parameters:
    ///   - initialDB: level assumed before anything was rejected (over the band).
    ///   - timeFrames: time constant of the mean once settled.
    ///   - priorFrames: weight of the initial level.
    public init(initialDB: Float, timeFrames: Int, priorFrames: Int) {
        levelDB = initialDB
        bandLanes = SIMD8(repeating: initialDB - 9.030_9)  // 10·log10(8): the band level spread over 8 bands
        self.timeFrames = timeFrames
        self.priorFrames = priorFrames
    }

    /// How far a frame stands out: over the band in dB, and as the mean over sub-bands of ln(1 + SNR).
    /// - Parameters:
    ///   - frame: the frame's band level, in dBFS.
    ///   - frameBands: the frame's sub-band levels in dBFS, one band per lane.
    /// - Returns: `db`, the frame's level less `levelDB`, in dB; `score`, the mean over the eight sub-bands of
    ///   ln(1 + SNR), SNR the band's power over this level's.
    public func contrast(levelDB frame: Float, bandDB frameBands: SIMD8<Float>) -> (db: Float, score: Float) {
        (frame - levelDB, FastLog.meanLogOnePlus(decibels: frameBands - bandLanes))
    }

    /// Learns from one rejected frame.
    /// - Parameters:
    ///   - frame: the frame's band level, in dBFS.
    ///   - frameBands: the frame's sub-band levels in dBFS, one band per lane.
    public mutating func update(levelDB frame: Float, bandDB frameBands: SIMD8<Float>) {
        frames += 1
        let rate = max(1 / Float(timeFrames), 1 / Float(frames + priorFrames))
        levelDB += rate * (frame - levelDB)
        bandLanes += rate * (frameBands - bandLanes)
    }
}
