/// The 10 ms analysis grid of one stream: which input sample ends each frame.
///
/// Frame `f` covers samples `[boundary(f), boundary(f + 1))` with `boundary(f) = f * sampleRate / 100`,
/// so rates that are not a multiple of 100 Hz (22 050 Hz) stay on the exact grid without drift.
public struct FrameClock: Sendable, Equatable {
    /// Frames per second of media time (the grid is 10 ms).
    public static let framesPerSecond = 100

    /// Input samples per second per channel.
    public let sampleRate: Int

    /// The 10 ms frame grid of a stream of `sampleRate`.
    /// - Parameter sampleRate: samples per second per channel, 4 000 … 384 000.
    public init(sampleRate: Int) {
        precondition(sampleRate >= 4_000 && sampleRate <= 384_000, "sample rate out of range")
        self.sampleRate = sampleRate
    }

    /// The first sample of frame `frame`.
    /// - Parameter frame: a 10 ms frame index, ≥ 0.
    /// - Returns: the index of its first sample, `frame * sampleRate / 100` rounded down.
    @inline(__always)
    public func boundary(_ frame: Int) -> Int {
        frame * sampleRate / Self.framesPerSecond
    }

    /// Number of frames needed to cover `samples` samples (the last one may be partial).
    /// - Parameter samples: a count of samples per channel, ≥ 0.
    /// - Returns: the number of 10 ms frames, the smallest `f` with `boundary(f) >= samples`.
    public func frameCount(coveringSamples samples: Int) -> Int {
        var frames = samples * Self.framesPerSecond / sampleRate
        if boundary(frames) < samples { frames += 1 }
        return frames
    }

    /// Media time in seconds of a frame boundary (report edge only).
    /// - Parameter frame: a frame boundary, in 10 ms frames.
    /// - Returns: `frame / 100` seconds.
    public static func seconds(ofFrame frame: Int) -> Double {
        Double(frame) / Double(framesPerSecond)
    }
}
