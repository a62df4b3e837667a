import EarshotAudio
import EarshotCore
import Foundation

/// The capture side of a `live` session: drains the capture devices into the session until the stop (Ctrl-C,
/// SIGTERM, SIGHUP, `--duration`, or every device ended), fills in capture that was lost, then feeds what the devices
/// still held and accounts for a device that stalled. Says device loss, returns, stalls and drops as they
/// happen.
final class LiveCaptureLoop {
    private let captures: [ALSACapture]
    private let feed: CaptureFeed
    private let session: MonitorSession
    private let clock = MonotonicClock()
    /// When the session started (monotonic seconds).
    private var started = 0.0
    private let durationSeconds: Double?
    private let ringSeconds: Double
    /// Media frames the session may still take (`--duration`), or `Int.max`.
    private var remainingFrames: Int {
        durationFrames.map { $0 - session.engine.samplesProcessed } ?? Int.max
    }
    private let durationFrames: Int?
    private var sampleRate: Int { captures[0].sampleRate }
    private var reportedLoss = false
    private var reportedRate: Int?
    private var reportedStall = false
    private var warnedDrop = false
    private var warnedFast = false

    /// - Parameters:
    ///   - captures: one stereo device, or the agent's and the customer's device, not started yet.
    ///   - durationSeconds: `--duration`: media to analyse, or `nil` for until the stop.
    ///   - ringSeconds: `--ring-seconds`, named in the warning of a full ring.
    init(
        captures: [ALSACapture], feed: CaptureFeed, session: MonitorSession, durationSeconds: Double?,
        ringSeconds: Double
    ) {
        self.captures = captures
        self.feed = feed
        self.session = session
        self.durationSeconds = durationSeconds
        self.ringSeconds = ringSeconds
        durationFrames = durationSeconds.map { Int($0 * Double(captures[0].sampleRate)) }
    }

    /// Runs the session from the started devices to the stop, then stops them and analyses what they still
    /// held; a device that never returned from its read has the session's time it did not cover as lost capture,
    /// so the report spans the whole session.
    func run() {
        started = clock.now()
        drainUntilStop()
        let stopped = clock.now()
        session.sayStoppingIfSignalled()
        captures.forEach { $0.stop() }
        drainAfterStop()
        coverStall(sessionSeconds: stopped - started)
        let dropped = feed.stats().droppedFrames
        if dropped > 0 {
            let droppedSeconds = Double(dropped) / Double(sampleRate)
            let lostSeconds = session.engine.lostCaptureSeconds
            // A file read faster than real time without --duration drops far more than the session lasted: only
            // the part within its wall-clock length is lost capture (`framesUpToNow`).
            let reported =
                lostSeconds + 0.5 >= droppedSeconds
                ? "the report has it as lost capture"
                : "the report has \(ReportText.duration(lostSeconds)) of lost capture in all: a device faster than "
                    + "real time (a file) gave more than the session's length"
            session.warn(
                "earshot: warning: \(ReportText.duration(droppedSeconds)) of captured audio was dropped on a full "
                    + "ring; \(reported)")
        }
    }

    private func drainUntilStop() {
        while !StopSignal.isRequested {
            sayDeviceChanges()
            let remaining = remainingFrames
            if remaining <= 0 { return }
            // A device that hangs without an error delivers no media: then --duration ends the session by the wall
            // clock, 2 s late at most, and the time the device did not cover is lost capture (`coverStall`).
            if let durationSeconds, clock.now() - started > durationSeconds + 2,
                captures.contains(where: { $0.secondsSinceDelivery >= 2 && !$0.isDeviceLost })
            {
                return
            }
            // Seen before the read: once every capture has ended, an empty ring means nothing more comes.
            let captureEnded = captures.allSatisfy(\.hasEnded)
            let block = feed.read(maxFrames: min(remaining, 1_024))
            if block.isEmpty {
                // Lost time follows what was captured before it, so it is filled in once the ring holds
                // nothing older.
                if fillLostCapture() { continue }
                if captureEnded { return }
                warnAboutStalls()
                session.publish()
                clock.sleep(until: clock.now() + 0.005)
                continue
            }
            block.withUnsafeBufferPointer { session.feed($0) }
        }
    }

    /// What the devices had captured by the stop (Ctrl-C) is analysed too, lost time filled in where it fell.
    private func drainAfterStop() {
        while remainingFrames > 0 {
            let block = feed.read(maxFrames: min(remainingFrames, 1_024))
            if block.isEmpty {
                if fillLostCapture() { continue }
                return
            }
            block.withUnsafeBufferPointer { session.feed($0) }
        }
    }

    /// A device stuck in a read (a hung sound server) delivered nothing from some point to the stop: the
    /// session's time it did not cover is lost capture.
    private func coverStall(sessionSeconds: Double) {
        guard let stuck = captures.first(where: { $0.stalledSeconds > 0 }) else { return }
        let engine = session.engine
        let missing = min(Int(sessionSeconds * Double(sampleRate)) - engine.samplesProcessed, remainingFrames)
        guard missing > 0 else { return }  // already counted as an outage
        let seconds = Double(missing) / Double(sampleRate)
        session.skipLost(frames: missing)
        let total = engine.lostCaptureSeconds
        session.warn(
            "earshot: warning: capture device '\(stuck.device)' delivered nothing for the last "
                + "\(ReportText.duration(stuck.stalledSeconds)) and never returned from its read; the report "
                + "has \(ReportText.duration(total)) of lost capture in all, the last "
                + "\(ReportText.duration(seconds)) of it added at the end of the session")
    }

    /// Fills in the lost time (device gone, or periods dropped on a full ring) up to the limit; true if any.
    /// The first drop on a full ring is said at once: the report's lost capture alone would come too late.
    private func fillLostCapture() -> Bool {
        let lost = min(feed.takeLostFrames(), remainingFrames, framesUpToNow)
        guard lost > 0 else { return false }
        session.skipLost(frames: lost)
        if !warnedDrop && feed.stats().droppedFrames > 0 {
            warnedDrop = true
            session.warn(
                "earshot: warning: the \(ReportText.threshold(ringSeconds)) ring is full, so captured audio is "
                    + "being dropped and reported as lost capture: the machine is too busy, or the device "
                    + "delivers faster than real time (a file); --ring-seconds holds more")
        }
        return true
    }

    /// Without `--duration`, the media frames the session may still take: up to the session's wall-clock length
    /// (with 1 % and the ring to spare for a device clock running fast and a backlog let go). A device delivers no
    /// faster than real time, so this holds back only a file read as fast as it goes, whose lost capture would
    /// otherwise pile up faster than it is filled in and keep a stopped session going for as long as it ran.
    private var framesUpToNow: Int {
        guard durationSeconds == nil else { return Int.max }
        let seconds = (clock.now() - started) * 1.01 + ringSeconds + 1
        return max(0, Int(seconds * Double(sampleRate)) - session.engine.samplesProcessed)
    }

    /// Says once when a device is lost and when it is back, and when it came back at another rate; and, without
    /// `--duration`, when a device delivers faster than real time (a file).
    private func sayDeviceChanges() {
        if durationSeconds == nil, !warnedFast, let fast = captures.first(where: \.isFasterThanRealTime) {
            warnedFast = true
            session.warn(
                "earshot: warning: capture device '\(fast.device)' delivers faster than real time (a file, not a "
                    + "sound card?): without --duration the session takes what it delivers as fast as it comes, "
                    + "past the file's end (the device's silence), until Ctrl-C; give --duration the file's length")
        }
        let lostNow = captures.contains { $0.isDeviceLost }
        if lostNow != reportedLoss {
            reportedLoss = lostNow
            let lost = captures.filter { $0.isDeviceLost }
            let names = lost.map(\.device).joined(separator: ", ")
            let why = lost.map(\.lossReason).joined(separator: "; ")
            session.warn(
                lostNow
                    ? "earshot: warning: capture device '\(names)' is gone; retrying every second (the gap is "
                        + "reported as lost capture): \(why)"
                    : "earshot: capture device is back")
        }
        if let back = captures.first(where: { $0.rateOnReturn != nil }), back.rateOnReturn != reportedRate {
            reportedRate = back.rateOnReturn
            session.warn(
                "earshot: warning: capture device '\(back.device)' is back at \(reportedRate ?? 0) Hz, not "
                    + "\(back.sampleRate) Hz, so it cannot be taken back into this session: restart with --rate "
                    + "\(reportedRate ?? 0), or capture through '\(ALSADevices.plug(back.device))'; still retrying")
        }
    }

    /// Warns once when a device has delivered nothing for 2 s, silent or stuck in a read that does not return
    /// (a device that hangs; a silent one is taken as gone by its capture at 5 s), and again when it delivers
    /// again. Both are measured so that a process stopped for a while (Ctrl-Z) is not taken for a hung device.
    private func warnAboutStalls() {
        let isStalled = { (capture: ALSACapture) in
            !capture.isDeviceLost && !capture.hasEnded && max(capture.secondsInRead, capture.silentSeconds) >= 2
        }
        let stalled = captures.contains(where: isStalled)
        if stalled && !reportedStall {
            let names = captures.filter(isStalled).map(\.device).joined(separator: ", ")
            session.warn(
                "earshot: warning: capture device '\(names)' has delivered nothing for 2 s (a sound server that "
                    + "hangs?); Ctrl-C still ends the session with its report")
        } else if !stalled && reportedStall && !captures.contains(where: \.isDeviceLost) {
            session.warn("earshot: capture device is delivering again")
        }
        reportedStall = stalled
    }
}
