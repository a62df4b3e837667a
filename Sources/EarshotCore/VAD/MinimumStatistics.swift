/// The noise floor of each sub-band of one channel as minimum statistics: the minimum of the lightly smoothed
/// band level over a sliding window, plus fast acquisition of steady sounds (`NoiseFloorTracker` decides which
/// frames it sees).
///
/// The window is split into ten sub-windows whose minima are kept in a fixed ring. When the channel's
/// level has stayed within a few dB for a while (hum, fan, steady noise), that level becomes the floor at
/// once instead of after the whole window. Fixed-size state (a value that can be kept and restored);
/// real-time safe.
struct MinimumStatistics: Sendable {
    private typealias Lanes = SIMD8<Float>
    private static let subwindows = 10
    private static let steadyCapacity = 30
    // The eight sub-bands in vector lanes.
    private var minima: InlineArray<10, SIMD8<Float>>
    private var current = Lanes(repeating: .infinity)
    private var smoothed = Lanes(repeating: 0)
    private var started = false
    private var fill = 0
    private var slot = 0
    private let subwindowFrames: Int
    private let steadyFrames: Int
    private let steadyRangeDB: Float
    // Steady-sound check: the last frames' 3-frame mean level and smoothed band levels.
    private var recentLevels: InlineArray<3, Float> = InlineArray(repeating: 0)
    private var recentCount = 0
    private var meanHistory: InlineArray<30, Float> = InlineArray(repeating: 0)
    private var bandHistory: InlineArray<30, SIMD8<Float>> = InlineArray(repeating: Lanes(repeating: 0))
    private var historyCount = 0
    private var historyNext = 0

    /// - Parameter configuration: window, initial floor and steady-sound settings.
    init(configuration: VADConfiguration) {
        subwindowFrames = max(1, configuration.noiseWindowFrames / Self.subwindows)
        minima = InlineArray(repeating: Lanes(repeating: configuration.initialBandFloorDB))
        floorLanes = Lanes(repeating: configuration.initialBandFloorDB)
        steadyFrames = configuration.steadyFrames
        steadyRangeDB = configuration.steadyRangeDB
    }

    /// The floor of each band in dBFS, as of the last update, one band per lane.
    private(set) var floorLanes: SIMD8<Float>

    /// Lane by lane the smaller of the two (the first where equal), as `Swift.min` does.
    @inline(__always)
    private static func lower(_ a: Lanes, _ b: Lanes) -> Lanes { a.replacing(with: b, where: b .< a) }

    private mutating func refreshFloor() {
        var floor = current
        for i in 0..<Self.subwindows { floor = Self.lower(floor, minima[i]) }
        floorLanes = floor
    }

    /// Feeds one frame of sound: its band levels (dBFS) and overall level. Real-time safe.
    mutating func update(bandDB bands: SIMD8<Float>, levelDB: Float) {
        smoothed = started ? 0.6 * smoothed + 0.4 * bands : bands
        current = Self.lower(current, smoothed)
        started = true
        fill += 1
        if fill == subwindowFrames {
            minima[slot] = current
            slot = (slot + 1) % Self.subwindows
            current = Lanes(repeating: .infinity)
            fill = 0
        }
        acquireSteadySound(levelDB: levelDB)
        refreshFloor()
    }

    /// Replaces the floor with `marginDB` under the given band levels: for a new sound whose old floor
    /// no longer applies (see `VoiceActivityDetector`). Real-time safe.
    mutating func reseed(bandDB: SIMD8<Float>, marginDB: Float) {
        minima = InlineArray(repeating: bandDB - marginDB)
        current = Lanes(repeating: .infinity)
        fill = 0
        refreshFloor()
    }

    /// The smallest and largest of `values` (finite), eight at a time.
    private static func range(of values: UnsafeBufferPointer<Float>) -> (Float, Float) {
        let base = values.baseAddress!
        var lows = Lanes(repeating: .infinity)
        var highs = Lanes(repeating: -.infinity)
        var k = 0
        while k + 8 <= values.count {
            let chunk = Lanes.load(base + k)
            lows = lows.replacing(with: chunk, where: chunk .< lows)
            highs = highs.replacing(with: chunk, where: chunk .> highs)
            k += 8
        }
        var low = VectorMath.smallest(lows)
        var high = VectorMath.largest(highs)
        while k < values.count {
            low = min(low, values[k])
            high = max(high, values[k])
            k += 1
        }
        return (low, high)
    }

    private mutating func acquireSteadySound(levelDB: Float) {
        recentLevels[recentCount % 3] = levelDB
        recentCount += 1
        let n = min(recentCount, 3)
        var mean: Float = 0
        for i in 0..<n { mean += recentLevels[i] }
        meanHistory[historyNext] = mean / Float(n)
        bandHistory[historyNext] = smoothed
        historyNext = historyNext + 1 == Self.steadyCapacity ? 0 : historyNext + 1
        historyCount = min(historyCount + 1, steadyFrames)
        guard historyCount == steadyFrames else { return }
        // The range of the last `steadyFrames` mean levels (with the default, the whole ring: eight at
        // a time), then the lowest band levels among them.
        var low = Float.infinity
        var high = -Float.infinity
        if steadyFrames == Self.steadyCapacity {
            (low, high) = meanHistory.span.withUnsafeBufferPointer { Self.range(of: $0) }
        } else {
            var i = historyNext
            for _ in 0..<steadyFrames {
                i = i == 0 ? Self.steadyCapacity - 1 : i - 1
                low = min(low, meanHistory[i])
                high = max(high, meanHistory[i])
            }
        }
        guard high - low < steadyRangeDB else { return }
        var bandLow = Lanes(repeating: .infinity)
        var i = historyNext
        for _ in 0..<steadyFrames {
            i = i == 0 ? Self.steadyCapacity - 1 : i - 1
            bandLow = Self.lower(bandLow, bandHistory[i])
        }
        for i in 0..<Self.subwindows { minima[i] = bandLow }
        current = Self.lower(current, bandLow)
    }
}
