/// What is known about how one channel (the source) leaks into the other (the target): a gain per
/// sub-band and a delay in frames, learnt while the source speaks loudly.
///
/// The gain of each band tracks a low quantile (20 %) of the target/source power ratio: frames where the
/// target only carries the leak sit at the bottom of that distribution, frames where the target party
/// speaks too sit above it. The delay is the lag whose broadband ratio varies least. Fixed-size state.
struct LeakPath: Sendable {
    /// Per-band leak gain in dB.
    var gainDB: InlineArray<8, Float>
    /// Running mean and mean square of the broadband target/source ratio (dB) at each lag, one lag per lane
    /// (lanes beyond the largest lag considered are kept but never read).
    private var lagMean = SIMD8<Float>(repeating: 0)
    private var lagSquare = SIMD8<Float>(repeating: 0)
    private var learnt = 0
    /// Running mean of the target's noise floor relative to the source's level while learning (dB): where
    /// the gain would sit if the target carried no leak at all.
    private var noiseRatioDB: Float = 0
    /// The delay in frames with the steadiest ratio.
    private(set) var delayFrames = 0

    init(initialGainDB: Float) {
        gainDB = InlineArray(repeating: initialGainDB)
    }

    /// Updates the path from one frame in which the source speaks loudly.
    /// - Parameters:
    ///   - target: the target channel's band powers now.
    ///   - history: the source's band powers, `history[d]` being `d` frames ago.
    ///   - maxDelay: largest lag considered.
    ///   - noiseRatioDB: the target's noise floor minus the source's level now (dB).
    mutating func learn(
        target: InlineArray<8, Float>, history: borrowing SourceHistory, maxDelay: Int, noiseRatioDB: Float
    ) {
        learnt += 1
        let rate = max(0.002, 1 / Float(learnt))
        self.noiseRatioDB += 1 / Float(learnt) * (noiseRatioDB - self.noiseRatioDB)
        let source = history.maxOver(delay: delayFrames, spread: 1)
        // Per band, in vector lanes: the target/source ratio in dB, clamped to -80 ... 0.
        let targetLanes = SIMD8(target)
        let ratios = FastLog.decibels(targetLanes + 1e-12) - FastLog.decibels(source + 1e-12)
        let floored = ratios.replacing(with: -80, where: ratios .< -80)
        let clamped = floored.replacing(with: 0, where: .!(floored .< 0))
        // Stochastic quantile tracking: down by 0.8·step when below, up by 0.2·step when above.
        let step: Float = 0.5
        var gains = SIMD8(gainDB)
        gains += SIMD8(repeating: 0.2 * step).replacing(with: -0.8 * step, where: clamped .< gains)
        gainDB = InlineArray(gains)
        let targetDB = FastLog.decibels(SourceHistory.total(targetLanes) + 1e-12)
        // The source's level at every lag in vector lanes (lane for lane the scalar logarithm).
        var totals = SIMD8<Float>(repeating: 1)
        for lag in 0...maxDelay { totals[lag] = history.total(at: lag) + 1e-12 }
        let lagRatios = targetDB - FastLog.decibels(totals)
        lagMean += rate * (lagRatios - lagMean)
        lagSquare += rate * (lagRatios * lagRatios - lagSquare)
        let variances = lagSquare - lagMean * lagMean
        var best = 0
        for lag in 0...maxDelay where variances[lag] < variances[best] { best = lag }
        if learnt > 50 { delayFrames = best }
    }

    /// The leak as found so far: its broadband level (median of the band gains, dB) and delay, or `nil`
    /// while fewer than `minFrames` frames were learnt or the level does not stand `marginDB` above where
    /// plain noise on the target would put it.
    func finding(minFrames: Int, marginDB: Float) -> (levelDB: Float, delayFrames: Int)? {
        guard learnt >= minFrames else { return nil }
        var gains = (0..<FrameFeatures.bandCount).map { gainDB[$0] }
        gains.sort()
        let level = (gains[3] + gains[4]) / 2
        guard level > noiseRatioDB + marginDB else { return nil }
        return (level, delayFrames)
    }
}
