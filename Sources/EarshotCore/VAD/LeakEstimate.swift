/// The leak from one channel into the other as the report states it: its broadband level relative to the
/// source and its delay, measured only in frames where the source speaks loudly and the target party is
/// silent, so that the target carries nothing but the leak and its own background.
///
/// `LeakPath` learns the suppression gains from every loud source frame through a low quantile, which
/// copes with the target party talking too; that quantile sits a few dB under the leak, and over a loud
/// background it measures the background instead. Here the target's background (relative to the source) is
/// taken out in power from each frame's target/source ratio at the steadiest lag, and the level is the
/// running median of what remains. Fixed-size state, real-time safe.
struct LeakEstimate: Sendable {
    /// The delay: the lag whose ratio varies least over these frames.
    private var steadiest = SteadiestLag()
    private var level = RunningMedian(stepDB: 0.25)
    private var background = RunningMedian(stepDB: 0.25)

    /// Takes one frame in which the source speaks loudly and the target party is silent.
    /// - Parameters:
    ///   - lagRatiosDB: the target's band-total level minus the source's at each lag (`LeakPath.learn`).
    ///   - maxDelay: largest lag considered (at most 7).
    ///   - backgroundRatioDB: the target's background level minus the source's level now (dB).
    mutating func observe(lagRatiosDB: SIMD8<Float>, maxDelay: Int, backgroundRatioDB: Float) {
        steadiest.add(lagRatiosDB, maxDelay: maxDelay)
        background.add(backgroundRatioDB)
        // What the background leaves of the ratio; where it leaves nothing, a level well under the background
        // (so that a channel with no leak has its median there, not at the leak test's margin).
        let ratioDB = lagRatiosDB[steadiest.delayFrames]
        let excess = FastLog.power(decibels: ratioDB) - FastLog.power(decibels: backgroundRatioDB)
        level.add(excess > 0 ? max(FastLog.decibels(excess), backgroundRatioDB - 20) : backgroundRatioDB - 20)
    }

    /// The leak as found so far: its level (dB relative to the source) and delay (frames), or `nil` while
    /// fewer than `minFrames` frames were observed, or the level does not reach `marginDB` over the target's
    /// background or lies under `floorDB` (a target cut to digital silence has no background to stand over).
    func finding(minFrames: Int, marginDB: Float, floorDB: Float) -> (levelDB: Float, delayFrames: Int)? {
        let standsOver = level.valueDB > background.valueDB + marginDB && level.valueDB > floorDB
        guard steadiest.frames >= minFrames, standsOver else { return nil }
        return (level.valueDB, steadiest.delayFrames)
    }
}
