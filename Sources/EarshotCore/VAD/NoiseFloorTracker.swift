/// Tracks the noise floor of each sub-band of one channel (`MinimumStatistics`), from the frames that show it.
///
/// Digital silence shows nothing and is left out. Nor do the frames whose window reaches into a dropout, a run
/// of digital silence shorter than `dropoutFrames` (a lost packet written as zeros, a recorder's glitch): partly
/// a window of nothing, their level dips by up to tens of dB, a minimum that is no floor, and steady noise would
/// then pass as speech until the window forgot it. The frames before a dropout were taken as they came: the state
/// from before them is kept, and put back when the dropout ends; the `edgeFrames` frames after it are skipped.
/// A longer run is a pause cut to zeros, and what comes after it is new sound (the detector reseeds the floor
/// from it): everything is kept. Fixed-size state; real-time safe.
public struct NoiseFloorTracker: Sendable {
    /// Runs of digital silence shorter than this (in frames) are dropouts.
    public static let dropoutFrames = 10
    private static let maxEdgeFrames = 8

    private var statistics: MinimumStatistics
    // The state before each of the last `edgeFrames` frames taken (fewer since a dropout or a reseed), oldest at
    // `earliest`.
    private var before: InlineArray<8, MinimumStatistics>
    private var earliest = 0
    private var kept = 0
    // The state before the frames that reached into the current run of digital silence.
    private var beforeRun: MinimumStatistics
    private var silentFrames = 0
    private var skipping = 0
    private let edgeFrames: Int
    private let digitalSilenceDB: Float

    /// A tracker at the initial floor.
    /// - Parameters:
    ///   - configuration: window, initial floor, steady-sound and digital-silence settings.
    ///   - edgeFrames: frames on each side of a frame whose window can overlap it (2 for 25 ms windows every
    ///     10 ms), 0 … 8.
    public init(configuration: VADConfiguration, edgeFrames: Int = 2) {
        precondition((0...Self.maxEdgeFrames).contains(edgeFrames))
        statistics = MinimumStatistics(configuration: configuration)
        before = InlineArray(repeating: statistics)
        beforeRun = statistics
        self.edgeFrames = edgeFrames
        digitalSilenceDB = configuration.digitalSilenceDB
    }

    /// The floor of each band in dBFS, as of the last update, one band per lane.
    public var floorLanes: SIMD8<Float> { statistics.floorLanes }

    /// Feeds one frame: its band levels (dBFS) and overall level. Real-time safe.
    /// - Parameters:
    ///   - bands: the frame's sub-band levels in dBFS, one band per lane.
    ///   - levelDB: the frame's band level in dBFS; a frame below `VADConfiguration.digitalSilenceDB` is counted as
    ///     digital silence and not learnt from.
    public mutating func update(bandDB bands: SIMD8<Float>, levelDB: Float) {
        guard levelDB >= digitalSilenceDB else {
            if silentFrames == 0 { beforeRun = kept > 0 ? before[earliest] : statistics }
            silentFrames += 1
            return
        }
        if silentFrames > 0 {
            if silentFrames < Self.dropoutFrames {
                statistics = beforeRun
                skipping = edgeFrames
            }
            silentFrames = 0
            kept = 0
        }
        if skipping > 0 {
            skipping -= 1
            return
        }
        if edgeFrames > 0 {
            // Keep the state before this frame; the ring holds the last `edgeFrames` of them.
            let capacity = edgeFrames
            if kept == capacity {
                before[earliest] = statistics
                earliest = (earliest + 1) % capacity
            } else {
                before[(earliest + kept) % capacity] = statistics
                kept += 1
            }
        }
        statistics.update(bandDB: bands, levelDB: levelDB)
    }

    /// Replaces the floor with `marginDB` under the given band levels: for a new sound whose old floor
    /// no longer applies (see `VoiceActivityDetector`). Real-time safe.
    /// - Parameters:
    ///   - bandDB: the new sound's sub-band levels in dBFS, one band per lane.
    ///   - marginDB: how far under them the new floor lies, in dB.
    public mutating func reseed(bandDB: SIMD8<Float>, marginDB: Float) {
        statistics.reseed(bandDB: bandDB, marginDB: marginDB)
        kept = 0  // a dropout that follows puts back no state from before the reseed
    }
}
