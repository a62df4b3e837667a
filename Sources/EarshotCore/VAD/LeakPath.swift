/// What is known about how one channel (the source) leaks into the other (the target): a gain per
/// sub-band and a delay in frames, learnt while the source speaks loudly.
///
/// The gain of each band tracks a low quantile (20 %) of the target/source power ratio: frames where the
/// target only carries the leak sit at the bottom of that distribution, frames where the target party
/// speaks too sit above it. The delay is the lag whose broadband ratio varies least. What the report states
/// of the leak is measured apart, by `LeakEstimate`. Fixed-size state.
struct LeakPath: Sendable {
    /// Per-band leak gain in dB.
    var gainDB: InlineArray<8, Float>
    /// The delay in frames: the lag whose broadband target/source ratio varies least.
    private var steadiest = SteadiestLag()
    var delayFrames: Int { steadiest.delayFrames }
    /// How much the broadband ratio at the delay varies (standard deviation, dB): small for a path that carries
    /// the source as it is.
    var spreadDB: Float { steadiest.leastVariance.squareRoot() }

    init(initialGainDB: Float) {
        gainDB = InlineArray(repeating: initialGainDB)
    }

    /// Updates the path from one frame in which the source speaks loudly.
    /// - Parameters:
    ///   - target: the target channel's band powers now.
    ///   - history: the source's band powers, `history[d]` being `d` frames ago.
    ///   - maxDelay: largest lag considered.
    /// - Returns: the target's band-total level minus the source's at each lag (dB), one lag per lane.
    mutating func learn(
        target: InlineArray<8, Float>, history: BandHistory, maxDelay: Int
    ) -> SIMD8<Float> {
        let targetLanes = SIMD8(target)
        // Within the last 8 frames (the delays a leak path covers, 7 at most).
        let source = history.maxOver(delay: delayFrames, spread: 1, lastLag: 7)
        gainDB = InlineArray(Self.lowQuantileStep(SIMD8(gainDB), target: targetLanes, source: source))
        let targetDB = FastLog.decibels(BandHistory.total(targetLanes) + 1e-12)
        // The source's level at every lag in vector lanes (lane for lane the scalar logarithm).
        var totals = SIMD8<Float>(repeating: 1)
        for lag in 0...maxDelay { totals[lag] = history.total(at: lag) + 1e-12 }
        let lagRatios = targetDB - FastLog.decibels(totals)
        steadiest.add(lagRatios, maxDelay: maxDelay)
        return lagRatios
    }

    /// One step of the gains' tracking of the 20 % quantile of the target/source power ratio per band (dB, clamped
    /// to -80 ... 0): down by 0.4 dB where the ratio is below, up by 0.1 dB where it is above. Used by `EchoPath` too.
    static func lowQuantileStep(
        _ gainsDB: SIMD8<Float>, target: SIMD8<Float>, source: SIMD8<Float>
    ) -> SIMD8<Float> {
        let ratios = FastLog.decibels(target + 1e-12) - FastLog.decibels(source + 1e-12)
        let floored = ratios.replacing(with: -80, where: ratios .< -80)
        let clamped = floored.replacing(with: 0, where: .!(floored .< 0))
        let step: Float = 0.5
        return gainsDB + SIMD8(repeating: 0.2 * step).replacing(with: -0.8 * step, where: clamped .< gainsDB)
    }
}
