/// Wall-clock time for pacing, injectable so tests can run paced code without sleeping.
public protocol MediaClock: AnyObject {
    /// Seconds on a monotonic scale.
    func now() -> Double
    /// Waits until `now() >= time` (`time` in the seconds of `now()`).
    func sleep(until time: Double)
}
