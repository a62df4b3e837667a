/// A leak that comes back late: the agent's voice returned on the customer's channel by the far end (a
/// speakerphone, a poor echo canceller), or the customer's by a softphone, 90 to 390 ms after it was spoken,
/// beyond `LeakPath`'s delays.
///
/// Learnt from the same frames as `LeakPath` (the source loud and louder than the target), over the target's
/// noise floor: at each long lag whose source frame was loud, the running mean and mean square of the
/// target/source broadband ratio (dB). An echo holds that ratio steady at its delay while the source's own
/// level, and so the ratio at every other lag, swings with the syllables. Judged every `judgeEvery` frames
/// from `minFrames` on: the steadiest lag from 90 ms (80 ms, the first lag searched, is left out: a short leak's
/// tail is steady there too, as speech's level changes little over 80 ms) is an echo
/// when its spread is under `maxSpreadDB`, under `maxSpreadShare` of the median lag's, under the short leak's
/// and under `maxSelfShare` of the source's own level change over that lag (a source that repeats itself is
/// steady at its period), and its level over `minLevelDB`; a found echo is kept on looser limits while its delay
/// stays within a frame. It is dropped, and learnt afresh, once the source has been loud at its delay in
/// `goneFrames` frames in which the target stayed at its floor (the echo stopped). Its gain per sub-band tracks a
/// low quantile of the ratio at the delay, as `LeakPath`'s does. Fixed-size state.
struct EchoPath: Sendable {
    /// The first lag measured (frames) and how many: 8 … 39 (80-390 ms), of which the first only as the
    /// median's company.
    static let firstLag = 8
    static let lagCount = 32
    /// Frames of the source loud at the delay over a target at its floor after which a found echo is dropped.
    static let goneFrames = 100
    /// Frames to see before a path counts, the steadiest lag's largest spread (standard deviation, dB), and its
    /// largest share of the median lag's spread.
    static let minFrames = 300
    static let maxSpreadDB: Float = 6.5
    static let maxSpreadShare: Float = 0.6
    /// A path once found is kept while its spread stays under these (a steady echo's spread wanders around the
    /// finding's limits as the talk goes on).
    static let keepSpreadDB: Float = 8
    static let keepSpreadShare: Float = 0.75
    /// The echo's spread must be under this share of the source's own level change over the same lag.
    static let maxSelfShare: Float = 0.8
    /// The quietest echo worth taking out, relative to its source (dB): under it, a steady ratio is the target's
    /// silence or background, not a voice.
    static let minLevelDB: Float = -40

    /// Running mean and mean square of the ratio at each lag, eight lags to a vector.
    private var mean = InlineArray<4, SIMD8<Float>>(repeating: SIMD8(repeating: 0))
    private var square = InlineArray<4, SIMD8<Float>>(repeating: SIMD8(repeating: 0))
    /// The same of the source's own level now against its level at each lag: a source that repeats itself (a
    /// steady beat) is as steady at its period as an echo would be, and cannot tell one.
    private var selfMean = InlineArray<4, SIMD8<Float>>(repeating: SIMD8(repeating: 0))
    private var selfSquare = InlineArray<4, SIMD8<Float>>(repeating: SIMD8(repeating: 0))
    /// Frames counted at each lag: those whose source frame at that lag was loud.
    private var counts = InlineArray<4, SIMD8<Float>>(repeating: SIMD8(repeating: 0))
    private(set) var frames = 0
    /// Frames, since the echo was found, in which the source was loud at its delay and the target at its floor.
    private var silentAtDelay = 0
    /// The echo's delay in frames, once found (`nil` before, or while no lag stands out).
    private(set) var delayFrames: Int?
    /// The echo's broadband level relative to its source (dB), the mean ratio at the delay, as last judged.
    private(set) var levelDB: Float = -80
    /// Per sub-band gain at the delay (dB), tracked while a delay is found.
    private(set) var gainDB = SIMD8<Float>(repeating: -80)
    /// The steadiest lag's spread and the median lag's (standard deviations, dB), as last judged.
    private(set) var steadiestSpreadDB: Float = .infinity
    private(set) var medianSpreadDB: Float = .infinity
    /// Frames between two judgements of the lags (the judgement sorts them; a delay holds for seconds).
    private static let judgeEvery = 100

    /// Takes one frame in which the source speaks loudly and louder than the target.
    /// - Parameters:
    ///   - target: the target channel's band powers now.
    ///   - history: the source channel's band powers of the last `BandHistory.capacity` frames.
    ///   - targetFloor: the target channel's noise floor per sub-band (power), taken out of its powers: on a noisy
    ///     line an echo near the noise shows steady only over it. A frame within 1 dB of the floor is skipped.
    ///   - loudDB: the level over which a source frame is loud; each lag learns only from frames whose source
    ///     frame at that lag was (an echo of silence tells nothing of the path).
    ///   - shortSpreadDB: how steady the short leak's ratio is (`LeakPath.spreadDB`): an echo must be steadier, or a
    ///     short leak of a source that repeats itself (a tone's beat, generated speech) would pass for one.
    mutating func learn(
        target bands: SIMD8<Float>, targetFloor: SIMD8<Float>, history: BandHistory, loudDB: Float,
        shortSpreadDB: Float
    ) {
        let floorTotal = BandHistory.total(targetFloor)
        let excessTotal = BandHistory.total(bands) - floorTotal
        let atFloor = excessTotal <= 0.26 * floorTotal
        if let delay = delayFrames, history.levelDB(delay) > loudDB {
            silentAtDelay = atFloor ? silentAtDelay + 1 : max(0, silentAtDelay - 1)
            if silentAtDelay >= Self.goneFrames { self = EchoPath() }  // the echo stopped: learn afresh
        }
        guard !atFloor else { return }
        frames += 1
        let target = (bands - targetFloor).replacing(with: 0, where: bands .< targetFloor)
        let targetDB = FastLog.decibels(excessTotal + 1e-12)
        for group in 0..<4 {
            var sourceDB = SIMD8<Float>(repeating: 0)
            for lane in 0..<8 { sourceDB[lane] = history.levelDB(Self.firstLag + 8 * group + lane) }
            let loud = sourceDB .> loudDB
            counts[group] += SIMD8(repeating: 1).replacing(with: 0, where: .!loud)
            let rate = (1 / counts[group]).replacing(with: 0.002, where: counts[group] .> 500).replacing(
                with: 0, where: .!loud)
            let ratios = targetDB - sourceDB
            mean[group] += rate * (ratios - mean[group])
            square[group] += rate * (ratios * ratios - square[group])
            let own = history.levelDB(0) - sourceDB
            selfMean[group] += rate * (own - selfMean[group])
            selfSquare[group] += rate * (own * own - selfSquare[group])
        }
        if frames >= Self.minFrames && frames % Self.judgeEvery == 0 { judge(shortSpreadDB: shortSpreadDB) }
        guard let delay = delayFrames else { return }
        // Per band, as LeakPath: the 20 % quantile of the ratio, here at the delay itself (the prediction then
        // takes the loudest of the frames either side: an echo's delay falls between frames).
        gainDB = LeakPath.lowQuantileStep(gainDB, target: target, source: history.lanes(delay))
    }

    /// Finds the steadiest lag and whether it stands out from the others.
    private mutating func judge(shortSpreadDB: Float) {
        var variances = InlineArray<32, Float>(repeating: 0)
        var best = 1  // the first lag is measured for the median only
        for i in 0..<Self.lagCount {
            let (group, lane) = (i / 8, i % 8)
            // A lag seen loud in too few frames is not judged.
            variances[i] =
                counts[group][lane] < Float(Self.minFrames) / 2
                ? .infinity : max(0, square[group][lane] - mean[group][lane] * mean[group][lane])
            if i > 1 && variances[i] < variances[best] { best = i }
        }
        // The median variance (the 16th or 17th smallest of the 32); every lag must have been heard loud often
        // enough, or a few steady ones would stand out by chance.
        var judged = 0
        for i in 0..<Self.lagCount where variances[i] < .infinity { judged += 1 }
        guard judged == Self.lagCount else { return }
        var median = Float.infinity
        for i in 0..<Self.lagCount {
            var atOrAbove = 0
            for j in 0..<Self.lagCount where variances[j] >= variances[i] { atOrAbove += 1 }
            if atOrAbove >= Self.lagCount / 2 && atOrAbove <= Self.lagCount / 2 + 1 {
                median = min(median, variances[i])
            }
        }
        steadiestSpreadDB = variances[best].squareRoot()
        medianSpreadDB = median.squareRoot()
        let delay = Self.firstLag + best
        let (group, lane) = (best / 8, best % 8)
        let selfSpreadDB = max(0, selfSquare[group][lane] - selfMean[group][lane] * selfMean[group][lane]).squareRoot()
        let kept = delayFrames.map { abs($0 - delay) <= 1 } ?? false  // a delay between two frames wavers
        let (spreadLimit, shareLimit) =
            kept ? (Self.keepSpreadDB, Self.keepSpreadShare) : (Self.maxSpreadDB, Self.maxSpreadShare)
        let found =
            steadiestSpreadDB < spreadLimit && steadiestSpreadDB < shareLimit * medianSpreadDB
            && mean[best / 8][best % 8] > Self.minLevelDB && steadiestSpreadDB < shortSpreadDB
            && steadiestSpreadDB < Self.maxSelfShare * selfSpreadDB
        levelDB = mean[best / 8][best % 8]
        if found && !kept { gainDB = SIMD8(repeating: levelDB) }  // a new delay starts from its broadband ratio
        delayFrames = found ? delay : nil
    }
}
