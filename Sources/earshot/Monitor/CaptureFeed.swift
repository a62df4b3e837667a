import EarshotAudio
import EarshotCore

/// Turns one stereo capture, or two mono captures, into stereo blocks for the engine; two devices are
/// kept aligned by sample count (each block takes the same number of frames from both).
final class CaptureFeed {
    private let captures: [ALSACapture]
    private var stereo: [Float]
    private var left: [Float]
    private var right: [Float]
    /// Per device, frames still to drop: audio it captured while the other device was gone, which the engine
    /// has already filled in as lost on both channels.
    private var owed = [0, 0]

    init(captures: [ALSACapture]) {
        self.captures = captures
        stereo = [Float](repeating: 0, count: 2 * 4_096)
        left = [Float](repeating: 0, count: 4_096)
        right = [Float](repeating: 0, count: 4_096)
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

    /// Media lost by any device since the last call (the longest of them). With two devices, what the other
    /// one captured meanwhile is dropped, so that the channels stay in step after the outage.
    func takeLostFrames() -> Int {
        // No array is built: this runs every few milliseconds while the engine waits for audio.
        let first = captures[0].takeLostFrames()
        guard captures.count == 2 else { return first }
        let second = captures[1].takeLostFrames()
        let longest = max(first, second)
        owed[0] += longest - first
        owed[1] += longest - second
        return longest
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
        return CaptureStats(
            overruns: captures.reduce(0) { $0 + $1.overrunCount },
            droppedFrames: captures.reduce(0) { $0 + $1.droppedFrameCount }, lostSeconds: 0,
            deviceLost: captures.contains { $0.isDeviceLost }, driftPPM: drift)
    }
}
