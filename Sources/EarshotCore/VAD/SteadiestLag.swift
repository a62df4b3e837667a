/// The delay of a leak: the lag (in frames) at which the target/source level ratio varies least over the
/// frames seen, from a running mean and mean square of the ratio at each lag. Fixed-size state.
struct SteadiestLag: Sendable {
    /// Running mean and mean square of the ratio (dB) at each lag, one lag per lane (lanes beyond the
    /// largest lag considered are kept but never read).
    private var mean = SIMD8<Float>(repeating: 0)
    private var square = SIMD8<Float>(repeating: 0)
    /// Frames seen so far.
    private(set) var frames = 0
    /// The lag with the steadiest ratio, once 50 frames have been seen (0 before).
    private(set) var delayFrames = 0
    /// The variance of the ratio at the steadiest lag (dB²), as of the last frame.
    private(set) var leastVariance: Float = .infinity

    /// Takes one frame's ratios (dB) at lags 0 ... `maxDelay` (at most 7).
    mutating func add(_ ratiosDB: SIMD8<Float>, maxDelay: Int) {
        frames += 1
        let rate = max(0.002, 1 / Float(frames))
        mean += rate * (ratiosDB - mean)
        square += rate * (ratiosDB * ratiosDB - square)
        let variances = square - mean * mean
        var best = 0
        for lag in 0...maxDelay where variances[lag] < variances[best] { best = lag }
        leastVariance = max(0, variances[best])
        if frames > 50 { delayFrames = best }
    }
}
