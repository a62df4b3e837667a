import Synchronization

/// Counts a capture device's frames and measures its rate against the monotonic clock, run by run: a run
/// starts at the first period after the device (re)starts, so time when no audio came (an outage, an overrun's
/// recovery) is not counted. Written by the capture thread, read from any thread; lock-free.
final class CaptureRateMeter: Sendable {
    private let capturedFrames = Atomic<Int>(0)
    /// Monotonic time (ns) of the first period of the current run and of the latest; frames captured up to and
    /// with that first period.
    private let firstPeriodTime = Atomic<UInt64>(0)
    private let latestPeriodTime = Atomic<UInt64>(0)
    private let runStartFrames = Atomic<Int>(0)
    /// Frames and nanoseconds of the earlier runs.
    private let earlierRunFrames = Atomic<Int>(0)
    private let earlierRunNanoseconds = Atomic<UInt64>(0)

    /// Frames captured from the device so far.
    var frameCount: Int { capturedFrames.load(ordering: .relaxed) }

    /// Notes a period of `frames` delivered at `nanoseconds` (monotonic). Capture thread only; real-time safe.
    func notePeriod(frames: Int, at nanoseconds: UInt64) {
        let captured = capturedFrames.add(frames, ordering: .relaxed).newValue
        if firstPeriodTime.load(ordering: .relaxed) == 0 {
            runStartFrames.store(captured, ordering: .relaxed)
            firstPeriodTime.store(nanoseconds, ordering: .releasing)
        }
        latestPeriodTime.store(nanoseconds, ordering: .releasing)
    }

    /// The device restarts (reopened, or recovered from an overrun): the run so far joins the earlier ones,
    /// and the next period starts a new one. Capture thread only.
    func endRun() {
        let first = firstPeriodTime.exchange(0, ordering: .acquiringAndReleasing)
        let latest = latestPeriodTime.load(ordering: .acquiring)
        guard first > 0, latest > first else { return }
        earlierRunFrames.add(frameCount - runStartFrames.load(ordering: .relaxed), ordering: .releasing)
        earlierRunNanoseconds.add(latest - first, ordering: .releasing)
    }

    /// Frames per second of the monotonic clock over every run, once 2 s have been captured; `nil` before.
    var measuredRate: Double? {
        let first = firstPeriodTime.load(ordering: .acquiring)
        let latest = latestPeriodTime.load(ordering: .acquiring)
        var frames = earlierRunFrames.load(ordering: .acquiring)
        var nanoseconds = earlierRunNanoseconds.load(ordering: .acquiring)
        if first > 0 && latest > first {
            frames += frameCount - runStartFrames.load(ordering: .relaxed)
            nanoseconds += latest - first
        }
        let seconds = Double(nanoseconds) / 1e9
        guard seconds >= 2 else { return nil }
        return Double(frames) / seconds
    }

    /// Whether the current run has delivered more than 10 % faster than `sampleRate` (beyond half a second of
    /// burst) by `nowSeconds` (monotonic).
    func isFasterThanRealTime(nowSeconds: Double, sampleRate: Int) -> Bool {
        let first = firstPeriodTime.load(ordering: .acquiring)
        guard first > 0 else { return false }
        let seconds = max(0, nowSeconds - Double(first) / 1e9)
        let frames = frameCount - runStartFrames.load(ordering: .relaxed)
        return Double(frames) > (seconds * 1.1 + 0.5) * Double(sampleRate)
    }
}
