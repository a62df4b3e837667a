import EarshotAudio
import EarshotCore

/// Turns one stereo capture, or two mono captures, into stereo blocks for the engine. Two devices are kept in
/// step in time: each block takes the same number of frames from both, and since both rings of devices paced by
/// a clock end at the present, a ring that holds more than `slipLimit` frames more than the other has an oldest
/// excess with no partner in time, which is dropped (see `alignInTime`).
final class CaptureFeed {
    private let captures: [ALSACapture]
    private var stereo: [Float]
    private var left: [Float]
    private var right: [Float]
    /// Per device, frames still to drop: audio it captured while the other device was gone, which the engine
    /// has already filled in as lost on both channels.
    private var owed = [0, 0]
    /// Per device, frames already dropped (and reported lost) while the other delivered nothing: they stand
    /// for the other's outage when it is reported, so that it is neither counted twice nor owed again.
    private var droppedAhead = [0, 0]
    /// Lost time found by `alignInTime`, not yet taken.
    private var stallLost = 0
    /// Frames dropped from one device only, to keep the two in step: a clock that runs fast, a backlog
    /// delivered at once. Not lost time: the other channel has the audio of those moments.
    private(set) var slippedFrames = 0
    private let slipLimit: Int
    private let slipKeep: Int
    /// A device that has delivered nothing for this long while the other delivers has stalled.
    private static let stalledAfterSeconds = 0.1

    init(captures: [ALSACapture]) {
        self.captures = captures
        stereo = [Float](repeating: 0, count: 2 * 4_096)
        left = [Float](repeating: 0, count: 4_096)
        right = [Float](repeating: 0, count: 4_096)
        // 0.2 s of difference in fill (a sound server delivers in bursts of tens of ms), down to 0.05 s; at most
        // half and an eighth of the smaller ring.
        let rate = captures[0].sampleRate
        let ring = captures.map { $0.ring.capacity / $0.channelCount }.min() ?? rate
        slipLimit = min(rate / 5, ring / 2)
        slipKeep = min(rate / 20, ring / 8)
    }

    /// Up to `maxFrames` stereo frames that every device has delivered; empty when none are ready.
    func read(maxFrames: Int) -> ArraySlice<Float> {
        let frames = min(maxFrames, 4_096)
        if captures.count == 1 {
            let got = stereo.withUnsafeMutableBufferPointer {
                captures[0].ring.read(into: UnsafeMutableBufferPointer(rebasing: $0[0..<(2 * frames)]))
            }
            return stereo[0..<got]
        }
        for device in 0..<2 where owed[device] > 0 { owed[device] -= discard(owed[device], from: captures[device]) }
        alignInTime()
        guard owed[0] == 0 && owed[1] == 0 else { return [] }
        let ready = min(frames, captures[0].ring.available, captures[1].ring.available)
        guard ready > 0 else { return [] }
        _ = left.withUnsafeMutableBufferPointer {
            captures[0].ring.read(into: UnsafeMutableBufferPointer(rebasing: $0[0..<ready]))
        }
        _ = right.withUnsafeMutableBufferPointer {
            captures[1].ring.read(into: UnsafeMutableBufferPointer(rebasing: $0[0..<ready]))
        }
        for i in 0..<ready {
            stereo[2 * i] = left[i]
            stereo[2 * i + 1] = right[i]
        }
        return stereo[0..<(2 * ready)]
    }

    /// Media lost since the last call. One device: its outages and the frames its full ring dropped. Two
    /// devices: the longer outage (what the other captured meanwhile is dropped, so that the channels stay in
    /// step), the frames both rings dropped (the engine fell behind; what only one ring dropped, a burst, is a
    /// slip), and the time one device delivered nothing while the other's audio was dropped (`alignInTime`).
    func takeLostFrames() -> Int {
        // No array is built: this runs every few milliseconds while the engine waits for audio.
        guard captures.count == 2 else { return captures[0].takeLostFrames() }
        let (outage0, dropped0) = captures[0].takeLostAndDroppedFrames()
        let (outage1, dropped1) = captures[1].takeLostAndDroppedFrames()
        let outage = max(outage0, outage1)
        var lost = stallLost + outage
        stallLost = 0
        // The device with the shorter outage captured the difference while the other was gone: dropped (and
        // counted lost) already, or owed now.
        if outage > outage0 { lost -= settle(device: 0, captured: outage - outage0) }
        if outage > outage1 { lost -= settle(device: 1, captured: outage - outage1) }
        let both = min(dropped0, dropped1)
        slippedFrames += dropped0 + dropped1 - 2 * both
        return lost + both
    }

    /// Owes `captured` frames of `device`, less those dropped ahead; returns how many were dropped ahead.
    private func settle(device: Int, captured: Int) -> Int {
        let covered = min(droppedAhead[device], captured)
        droppedAhead[device] -= covered
        owed[device] += captured - covered
        return covered
    }

    /// Devices that deliver faster than real time (files through a plugin) have no present: they are paired by
    /// sample count only. Asked only when it matters, since it reads the clock.
    private var fasterThanRealTime: Bool { captures[0].isFasterThanRealTime || captures[1].isFasterThanRealTime }

    /// Both rings end at the present, so frames at the same distance from their newest are simultaneous. When
    /// one ring holds more than `slipLimit` frames more than the other, its oldest excess (down to `slipKeep`)
    /// has no partner in time and is dropped: lost time when the other device delivered nothing meanwhile (it
    /// stalled, or it is gone), else a slip (its clock runs fast, or it delivered a backlog at once). Without
    /// this, a fast clock fills its ring until it overflows.
    private func alignInTime() {
        let (a, b) = (captures[0].ring.available, captures[1].ring.available)
        guard abs(a - b) > slipLimit else {
            // In step with both delivering: what was dropped ahead of an outage report is no longer waited for.
            if droppedAhead[0] + droppedAhead[1] > 0, !fasterThanRealTime,
                captures.allSatisfy({ $0.secondsSinceDelivery < Self.stalledAfterSeconds && !$0.isDeviceLost })
            {
                droppedAhead[0] = 0
                droppedAhead[1] = 0
            }
            return
        }
        guard !fasterThanRealTime else { return }
        let fuller = a > b ? 0 : 1
        let dropped = discard(abs(a - b) - slipKeep, from: captures[fuller])
        if captures[1 - fuller].secondsSinceDelivery >= Self.stalledAfterSeconds {
            stallLost += dropped
            droppedAhead[fuller] += dropped
        } else {
            slippedFrames += dropped
        }
    }

    /// Drops up to `frames` frames of a mono device's ring; returns how many it dropped.
    private func discard(_ frames: Int, from capture: ALSACapture) -> Int {
        var dropped = 0
        while dropped < frames {
            let chunk = min(frames - dropped, capture.ring.available, left.count)
            guard chunk > 0 else { break }
            _ = left.withUnsafeMutableBufferPointer {
                capture.ring.read(into: UnsafeMutableBufferPointer(rebasing: $0[0..<chunk]))
            }
            dropped += chunk
        }
        return dropped
    }

    /// The devices' counters; `lostSeconds` is left 0 here (the engine keeps the lost stretches).
    func stats() -> CaptureStats {
        var drift: Double?
        if captures.count == 2, let a = captures[0].measuredRate, let b = captures[1].measuredRate {
            drift = (a - b) / Double(captures[0].sampleRate) * 1e6
        }
        let waiting = captures.map {
            $0.isDeviceLost || $0.hasEnded ? 0 : max($0.secondsInRead, $0.silentSeconds)
        }
        var quietParty: String?
        if captures.count == 2 {
            let lost = captures.map(\.isDeviceLost)
            let silent = waiting.map { $0 >= CaptureStats.noAudioSeconds }
            if lost == [true, true] || (lost == [false, false] && silent == [true, true]) {
                quietParty = "agent and customer"  // both gone, or both silent
            } else {
                let quiet = lost.firstIndex(of: true) ?? (waiting[1] > waiting[0] ? 1 : 0)
                quietParty = quiet == 0 ? "agent" : "customer"
            }
        }
        return CaptureStats(
            overruns: captures.reduce(0) { $0 + $1.overrunCount },
            // The most one device dropped: two devices' drops overlap in time (as the session's closing line counts).
            droppedFrames: captures.map(\.droppedFrameCount).max() ?? 0, lostSeconds: 0,
            deviceLost: captures.contains { $0.isDeviceLost }, secondsWithoutAudio: waiting.max() ?? 0,
            quietParty: quietParty, driftPPM: drift, slippedFrames: slippedFrames)
    }
}
