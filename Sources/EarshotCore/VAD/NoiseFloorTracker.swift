/// Tracks the noise floor of each sub-band of one channel: the minimum of the lightly smoothed band
/// level over a sliding window (minimum statistics), plus fast acquisition of steady sounds.
///
/// The window is split into ten sub-windows whose minima are kept in a fixed ring. When the channel's
/// level has stayed within a few dB for a while (hum, fan, steady noise), that level becomes the floor at
/// once instead of after the whole window. Digital silence leaves the state untouched.
/// Fixed-size state; real-time safe.
public struct NoiseFloorTracker: Sendable {
    private static let subwindows = 10
    private static let steadyCapacity = 30
    private var minima: InlineArray<10, InlineArray<8, Float>>
    private var current: InlineArray<8, Float> = InlineArray(repeating: .infinity)
    private var smoothed: InlineArray<8, Float> = InlineArray(repeating: 0)
    private var started = false
    private var fill = 0
    private var slot = 0
    private let subwindowFrames: Int
    private let steadyFrames: Int
    private let steadyRangeDB: Float
    private let digitalSilenceDB: Float
    // Steady-sound check: the last frames' 3-frame mean level and smoothed band levels.
    private var recentLevels: InlineArray<3, Float> = InlineArray(repeating: 0)
    private var recentCount = 0
    private var meanHistory: InlineArray<30, Float> = InlineArray(repeating: 0)
    private var bandHistory: InlineArray<30, InlineArray<8, Float>> = InlineArray(repeating: InlineArray(repeating: 0))
    private var historyCount = 0
    private var historyNext = 0

    /// - Parameter configuration: window, initial floor and steady-sound settings.
    public init(configuration: VADConfiguration) {
        subwindowFrames = max(1, configuration.noiseWindowFrames / Self.subwindows)
        minima = InlineArray(repeating: InlineArray(repeating: configuration.initialBandFloorDB))
        floorDB = InlineArray(repeating: configuration.initialBandFloorDB)
        steadyFrames = configuration.steadyFrames
        steadyRangeDB = configuration.steadyRangeDB
        digitalSilenceDB = configuration.digitalSilenceDB
    }

    /// The floor of each band in dBFS, as of the last update.
    public private(set) var floorDB: InlineArray<8, Float>

    private mutating func refreshFloor() {
        var floor = current
        for i in 0..<Self.subwindows {
            for band in 0..<FrameFeatures.bandCount { floor[band] = min(floor[band], minima[i][band]) }
        }
        floorDB = floor
    }

    /// Feeds one frame: its band levels (dBFS) and overall level. Real-time safe.
    public mutating func update(bandDB: InlineArray<8, Float>, levelDB: Float) {
        guard levelDB >= digitalSilenceDB else { return }
        for band in 0..<FrameFeatures.bandCount {
            smoothed[band] = started ? 0.6 * smoothed[band] + 0.4 * bandDB[band] : bandDB[band]
            current[band] = min(current[band], smoothed[band])
        }
        started = true
        fill += 1
        if fill == subwindowFrames {
            minima[slot] = current
            slot = (slot + 1) % Self.subwindows
            current = InlineArray(repeating: .infinity)
            fill = 0
        }
        acquireSteadySound(levelDB: levelDB)
        refreshFloor()
    }

    /// Replaces the floor with `marginDB` under the given band levels: for a new sound whose old floor
    /// no longer applies (see `VoiceActivityDetector`). Real-time safe.
    public mutating func reseed(bandDB: InlineArray<8, Float>, marginDB: Float) {
        var seed = bandDB
        for band in 0..<FrameFeatures.bandCount { seed[band] -= marginDB }
        minima = InlineArray(repeating: seed)
        current = InlineArray(repeating: .infinity)
        fill = 0
        refreshFloor()
    }

    private mutating func acquireSteadySound(levelDB: Float) {
        recentLevels[recentCount % 3] = levelDB
        recentCount += 1
        let n = min(recentCount, 3)
        var mean: Float = 0
        for i in 0..<n { mean += recentLevels[i] }
        meanHistory[historyNext] = mean / Float(n)
        bandHistory[historyNext] = smoothed
        historyNext = (historyNext + 1) % Self.steadyCapacity
        historyCount = min(historyCount + 1, steadyFrames)
        guard historyCount == steadyFrames else { return }
        var low = Float.infinity
        var high = -Float.infinity
        for age in 1...steadyFrames {
            let i = (historyNext - age + Self.steadyCapacity) % Self.steadyCapacity
            low = min(low, meanHistory[i])
            high = max(high, meanHistory[i])
        }
        guard high - low < steadyRangeDB else { return }
        var bandLow = InlineArray<8, Float>(repeating: .infinity)
        for age in 1...steadyFrames {
            let i = (historyNext - age + Self.steadyCapacity) % Self.steadyCapacity
            for band in 0..<FrameFeatures.bandCount { bandLow[band] = min(bandLow[band], bandHistory[i][band]) }
        }
        for i in 0..<Self.subwindows { minima[i] = bandLow }
        for band in 0..<FrameFeatures.bandCount { current[band] = min(current[band], bandLow[band]) }
    }
}
