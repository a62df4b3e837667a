internal import Glibc

/// The system's monotonic clock (`CLOCK_MONOTONIC`).
public final class MonotonicClock: MediaClock {
    /// The system clock; nothing to set up.
    public init() {}

    /// Seconds since an arbitrary start (boot), never going back.
    /// - Returns: seconds of `CLOCK_MONOTONIC`, to the nanosecond.
    public func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Sleeps until `now()` reaches `time` (at once when it has), through interruptions by signals.
    /// - Parameter time: the moment to wake, in seconds of `now()`.
    public func sleep(until time: Double) {
        let wait = time - now()
        guard wait > 0 else { return }
        var request = timespec(tv_sec: Int(wait), tv_nsec: Int((wait - Double(Int(wait))) * 1e9))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}
