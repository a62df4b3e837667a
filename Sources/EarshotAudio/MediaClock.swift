/// Wall-clock time for pacing, injectable so tests can run paced code without sleeping.
public protocol MediaClock: AnyObject {
    /// Seconds on a monotonic scale.
    /// - Returns: seconds since an arbitrary start, never going back.
    func now() -> Double
    /// Waits until `now() >= time` (`time` in the seconds of `now()`).
    /// - Parameter time: the moment to wake, in seconds of `now()`; a time already past returns at once.
    func sleep(until time: Double)
}
