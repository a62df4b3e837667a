internal import CALSA
public import EarshotCore
internal import Glibc
import Synchronization

/// Captures one ALSA device on its own thread into a lock-free ring that the engine drains.
///
/// The capture thread does only this: `snd_pcm_wait` for a period, `snd_pcm_readi` into a preallocated buffer,
/// conversion to float, and a write into the `SampleRing`. A full ring never blocks it: the period is
/// dropped, counted and reported as lost time (for a device captured alone, so are the periods after it until the
/// engine has taken that loss, which it fills in where it finds the ring empty: `holdsAfterLoss`). Overruns are
/// recovered with `snd_pcm_recover` and counted, and what the device captured from its last delivered period to
/// the recovery is reported as lost time.
/// When the device disappears, the thread records the lost time, retries opening it every second, and
/// carries on. A device that delivers nothing and reports nothing for 5 s of waiting (a sound server that
/// died without its ALSA plugin noticing, as JACK's does) is taken as gone the same way, from its last
/// delivery; a shorter silence (a sound server that hangs a moment, then delivers what it held) loses
/// nothing, and time the process spends stopped does not count towards it.
public final class ALSACapture: @unchecked Sendable {
    /// The device name, as given.
    public let device: String
    /// Channels captured.
    public let channelCount: Int
    /// The rate the device runs at (it may differ from the one asked for).
    public let sampleRate: Int
    /// Frames per period (one read).
    public let periodFrames: Int
    /// Interleaved float samples waiting for the engine.
    public let ring: SampleRing

    private let running = Atomic<Bool>(false)
    private var thread: pthread_t?
    // Below: state shared with the capture thread (ALSACapture+CaptureThread.swift).
    var pcm: ALSAPCM?
    let requestedRate: Int
    let frameLimit: Int
    let periodMilliseconds: Int
    let periodBuffer: UnsafeMutablePointer<Int16>
    let floatBuffer: UnsafeMutablePointer<Float>
    let stopFlag = Atomic<Bool>(false)
    let clock = MonotonicClock()

    let overruns = Atomic<Int>(0)
    let droppedFrames = Atomic<Int>(0)
    let rate = CaptureRateMeter()
    let pendingLostFrames = Atomic<Int>(0)
    let pendingDroppedFrames = Atomic<Int>(0)
    let deviceLost = Atomic<Bool>(false)
    let ended = Atomic<Bool>(false)
    /// Waits in a row that found the device silent since the last delivery (written by the capture thread only).
    let silentWaits = Atomic<Int>(0)
    /// The ALSA error that ended the device's last read before it was taken as gone (0: it fell silent).
    let lossCode = Atomic<Int32>(0)
    /// While gone: the rate the device opened at on a retry when that is not the session's (0 otherwise).
    let backAtRate = Atomic<Int>(0)
    /// While the device is gone: the monotonic time (ns) up to which the outage has been counted as lost
    /// frames; 0 while it is there. Advanced by `takeLostFrames` and, on reopening, by the capture thread,
    /// each interval by exactly one of them.
    let outageCountedUntil = Atomic<UInt64>(0)
    /// Monotonic time (ns) of the device's last sign of life: `start()`, a period delivered, the device back.
    let lastProgressTime = Atomic<UInt64>(0)
    /// Monotonic time (ns) the read in progress began; 0 between reads.
    let readStartedAt = Atomic<UInt64>(0)
    /// Monotonic time (ns) `stop()` was asked for; an outage is not counted past it.
    private let stopTime = Atomic<UInt64>(0)
    /// Whether new audio waits for the consumer to take a loss (`takeLostFrames`) before it enters the ring: for
    /// a device captured alone, whose consumer fills in lost time where it finds this ring empty. Two devices
    /// are kept in step by their feed instead (a drop on one ring alone is a slip), so they do not hold.
    let holdsAfterLoss: Bool

    /// Losses (ring drops, overruns, a device back) recorded by the capture thread, and how many of them the
    /// consumer has taken (`takeLostAndDroppedFrames`): new audio waits while some are not taken. Periods held
    /// meanwhile do not count as losses of their own, so a device faster than the consumer's polls is not held
    /// for ever.
    let lossEvents = Atomic<Int>(0)
    let lossesTaken = Atomic<Int>(0)
    /// Whether the current hold began with a full ring (its periods then count as `droppedFrameCount` too). Capture
    /// thread only.
    var holdFollowsDrop = false

    /// Device overruns recovered so far (`snd_pcm_recover`); periods dropped because the ring was full are
    /// `droppedFrameCount`.
    public var overrunCount: Int { overruns.load(ordering: .relaxed) }
    /// Frames dropped because the engine fell behind (ring full).
    public var droppedFrameCount: Int { droppedFrames.load(ordering: .relaxed) }
    /// Frames captured from the device.
    public var capturedFrameCount: Int { rate.frameCount }
    /// Whether the device is lost right now (and being retried once a second).
    public var isDeviceLost: Bool { deviceLost.load(ordering: .acquiring) }

    /// Why the device is taken as gone, for the user: ALSA's words for the error that ended its last read, or
    /// that it fell silent.
    public var lossReason: String {
        let code = lossCode.load(ordering: .relaxed)
        return code == 0 ? "it delivered nothing for 5 s" : "ALSA: \(String(cString: snd_strerror(code)))"
    }

    /// While the device is gone: the rate it opened at on the latest retry, when that is not the session's (it
    /// cannot be taken back: the session's figures are at one rate).
    public var rateOnReturn: Int? {
        let rate = backAtRate.load(ordering: .relaxed)
        return isDeviceLost && rate != 0 ? rate : nil
    }
    /// Whether the capture thread has finished: `durationSeconds` captured, or stopped.
    public var hasEnded: Bool { ended.load(ordering: .acquiring) }
    /// Seconds since the device last delivered a period (or since `start()`, before the first); 0 before
    /// `start()`. A device that keeps this growing without an error has stalled (a hung sound server).
    public var secondsSinceDelivery: Double {
        secondsSince(lastProgressTime.load(ordering: .acquiring))
    }
    /// Seconds the device has been silent without an error, counted in waits that timed out (so time the process
    /// spends stopped does not count); at 5 s it is taken as gone.
    public var silentSeconds: Double {
        Double(silentWaits.load(ordering: .relaxed)) * Double(ALSAPCM.waitMilliseconds) / 1_000
    }
    /// Seconds the capture thread has been inside one read of the device; 0 while it is not reading (it waits
    /// for a period outside the read). A read that does not return for seconds is a device that hangs (a
    /// plugin reading a pipe nobody writes); a process that was stopped, as by Ctrl-Z, is not one.
    public var secondsInRead: Double {
        secondsSince(readStartedAt.load(ordering: .acquiring))
    }

    /// Seconds from a monotonic time in ns to now; 0 for a time not set (0).
    private func secondsSince(_ nanoseconds: UInt64) -> Double {
        nanoseconds == 0 ? 0 : max(0, clock.now() - Double(nanoseconds) / 1e9)
    }
    /// Set by `stop()` when the capture thread was stuck in a read that never returned: the seconds from the
    /// device's last delivery to the stop, audio that never came and is lost. 0 otherwise.
    public private(set) var stalledSeconds = 0.0
    /// Takes the frames of media lost since the last call: while the device was gone (counted as it goes, so
    /// an outage that lasts shows at once), discarded by the device in an overrun, or dropped because the ring
    /// was full.
    /// - Returns: frames lost since the last call to this or `takeLostAndDroppedFrames`, at the device's rate.
    public func takeLostFrames() -> Int {
        let (outage, dropped) = takeLostAndDroppedFrames()
        return outage + dropped
    }

    /// `takeLostFrames`, told apart: frames of the device's outages and overruns, and frames dropped on a
    /// full ring.
    /// - Returns: frames lost since the last take, at the device's rate: `outage`, while the device was gone or in
    ///   overruns; `dropped`, on a full ring.
    public func takeLostAndDroppedFrames() -> (outage: Int, dropped: Int) {
        let events = lossEvents.load(ordering: .acquiring)
        let dropped = pendingDroppedFrames.exchange(0, ordering: .acquiringAndReleasing)
        var frames = pendingLostFrames.exchange(0, ordering: .acquiringAndReleasing)
        lossesTaken.store(events, ordering: .releasing)
        while true {
            let since = outageCountedUntil.load(ordering: .acquiring)
            guard since != 0 else { break }
            let (count, until) = outageFrames(since: since)
            guard count > 0 else { break }
            if outageCountedUntil.compareExchange(
                expected: since, desired: until, ordering: .acquiringAndReleasing
            ).exchanged {
                frames += count
                break
            }
        }
        return (frames, dropped)
    }

    /// Whole frames of outage from `since` (ns) to now, and the time they reach.
    func outageFrames(since: UInt64) -> (Int, UInt64) {
        let stopped = stopTime.load(ordering: .acquiring)
        let now = stopped != 0 ? min(stopped, UInt64(clock.now() * 1e9)) : UInt64(clock.now() * 1e9)
        guard now > since else { return (0, since) }
        let frames = Int(Double(now - since) * Double(sampleRate) / 1e9)
        return (frames, since + UInt64((Double(frames) * 1e9 / Double(sampleRate)).rounded()))
    }

    /// Opens `device` for capture.
    /// - Parameters:
    ///   - device: an ALSA PCM name (`default`, `plughw:1,0`, a name from `earshot devices`).
    ///   - channelCount: channels to capture (1 or 2).
    ///   - sampleRate: rate to ask for (the device's `plug` layer converts when needed).
    ///   - periodMilliseconds: length of one read, 5 … 50 ms. Default 10.
    ///   - ringSeconds: how much audio may wait for the engine before periods are dropped. Default 2.
    ///   - durationSeconds: stop capturing after this much audio at the rate the device runs at (`nil`: until
    ///     `stop()`).
    ///   - holdsAfterLoss: whether audio after a loss waits for the consumer to take the loss (a device captured
    ///     alone; see `holdsAfterLoss`). Default `true`.
    /// - Throws: `AudioError` of kind `deviceNotFound`, `deviceBusy`, `permissionDenied` or `deviceFailed`.
    public init(
        device: String, channelCount: Int, sampleRate: Int, periodMilliseconds: Int = 10, ringSeconds: Double = 2,
        durationSeconds: Double? = nil, holdsAfterLoss: Bool = true
    ) throws(AudioError) {
        self.holdsAfterLoss = holdsAfterLoss
        let pcm = try ALSAPCM(
            device: device, capture: true, channelCount: channelCount, sampleRate: sampleRate,
            periodMilliseconds: periodMilliseconds)
        self.pcm = pcm
        self.device = device
        self.channelCount = channelCount
        self.sampleRate = pcm.sampleRate
        frameLimit = durationSeconds.map { Int($0 * Double(pcm.sampleRate)) } ?? Int.max
        self.periodFrames = pcm.periodFrames
        self.requestedRate = sampleRate
        self.periodMilliseconds = periodMilliseconds
        ring = SampleRing(
            minimumCapacity: Int(ringSeconds * Double(pcm.sampleRate)) * channelCount, frameSize: channelCount)
        periodBuffer = .allocate(capacity: pcm.periodFrames * channelCount)
        floatBuffer = .allocate(capacity: pcm.periodFrames * channelCount)
        // Zeros, not old heap contents, for a device that reports frames it never wrote (ALSA's `null`).
        periodBuffer.initialize(repeating: 0, count: pcm.periodFrames * channelCount)
        floatBuffer.initialize(repeating: 0, count: pcm.periodFrames * channelCount)
    }

    deinit {
        stop()
        periodBuffer.deallocate()
        floatBuffer.deallocate()
    }

    /// Starts the capture thread.
    /// - Throws: `AudioError` of kind `deviceFailed` when no thread can be made (out of threads or memory).
    public func start() throws(AudioError) {
        guard !running.exchange(true, ordering: .acquiringAndReleasing) else { return }
        lastProgressTime.store(UInt64(clock.now() * 1e9), ordering: .releasing)
        let context = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(
            &thread, nil,
            { context in
                let capture = Unmanaged<ALSACapture>.fromOpaque(context!).takeRetainedValue()
                ThreadName.set("earshot-capture")  // for `top -H`, debuggers, and the tests that starve it
                capture.captureLoop()
                return nil
            }, context)
        guard created == 0 else {
            Unmanaged<ALSACapture>.fromOpaque(context).release()
            ended.store(true, ordering: .releasing)
            let reason = String(cString: strerror(created))
            throw AudioError(
                kind: .deviceFailed, message: "cannot start capturing from '\(device)': \(reason)", device: device,
                underlying: reason)
        }
        self.thread = thread
    }

    /// Stops the capture thread and waits for it (at most one period, one 100 ms wait, or 50 ms of a retry's wait).
    /// A thread stuck in a read that does not return (a plugin reading a pipe nobody writes) is left behind
    /// after 2 s, so the session can still end and write its report (after 0.5 s, five of its waits, when it has
    /// delivered nothing for 2 s already: it was waited for then); the time it delivered nothing is then
    /// `stalledSeconds`.
    public func stop() {
        stopFlag.store(true, ordering: .releasing)
        _ = stopTime.compareExchange(expected: 0, desired: UInt64(clock.now() * 1e9), ordering: .acquiringAndReleasing)
        if let thread {
            let silentAtStop = secondsSinceDelivery
            // Silent for 2 s: stuck in a read, a wait or the close of a device taken as gone (a sound server that
            // hangs), or between retries of a device gone, which see the stop within 50 ms.
            let deadline = clock.now() + (silentAtStop >= 2 ? 0.5 : 2)
            while !ended.load(ordering: .acquiring) && clock.now() < deadline { clock.sleep(until: clock.now() + 0.01) }
            if ended.load(ordering: .acquiring) {
                pthread_join(thread, nil)
            } else {
                pthread_detach(thread)
                stalledSeconds = silentAtStop
            }
            self.thread = nil
        }
    }

    /// Whether the device has delivered more than 10 % faster than its rate (beyond half a second of burst)
    /// since it last started: a file read through a plugin, say, rather than a clock.
    public var isFasterThanRealTime: Bool { rate.isFasterThanRealTime(nowSeconds: clock.now(), sampleRate: sampleRate) }

    /// Measured rate of the device in frames per second of the monotonic clock, once a few seconds
    /// have been captured; `nil` before.
    public var measuredRate: Double? { rate.measuredRate }
}
