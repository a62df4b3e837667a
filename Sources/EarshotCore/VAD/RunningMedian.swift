/// A running median of a level in dB, moved a fixed step towards each new value: robust to the few loud or
/// silent outliers (a word's first frames, a click) that pull a mean. Starts at the first value; fixed-size
/// state, real-time safe.
struct RunningMedian: Sendable {
    /// The estimate in dB (0 before the first value).
    private(set) var valueDB: Float = 0
    /// Values seen so far.
    private(set) var count = 0
    /// How far one value moves the estimate, in dB.
    let stepDB: Float

    /// - Parameter stepDB: how far one value moves the estimate (dB); smaller is steadier and slower.
    init(stepDB: Float) {
        self.stepDB = stepDB
    }

    /// Takes one value (dB).
    mutating func add(_ db: Float) {
        count += 1
        if count == 1 {
            valueDB = db
        } else {
            valueDB += db > valueDB ? stepDB : -stepDB
        }
    }
}
