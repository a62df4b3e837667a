/// Bridges pauses shorter than `bridgeFrames` inside one channel's speech and emits the final
/// per-frame activity `bridgeFrames` frames late (the earliest moment it can no longer change).
///
/// Fixed-size state; real-time safe.
public struct PauseBridger: Sendable {
    /// Pauses shorter than this many frames are bridged.
    public let bridgeFrames: Int
    private var open = false
    private var segmentStart = 0
    private var lastSpeech = -1
    private var nextInput = 0

    /// - Parameter bridgeFrames: 0 (no bridging) … 1 000 frames.
    public init(bridgeFrames: Int) {
        precondition(bridgeFrames >= 0 && bridgeFrames <= 1_000)
        self.bridgeFrames = bridgeFrames
    }

    /// Start of the segment still open after the last input frame (its pauses so far all shorter than
    /// the bridge), or `nil`: what is certain about the current speech before the delay has passed.
    public var openSegmentStart: Int? { open ? segmentStart : nil }

    /// Feeds the raw decision of the next frame and returns the final activity of the frame
    /// `bridgeFrames` earlier, or `nil` while that frame does not exist. Real-time safe.
    @inline(__always)
    public mutating func process(_ speech: Bool) -> Bool? {
        let frame = nextInput
        nextInput += 1
        if speech {
            if !open {
                open = true
                segmentStart = frame
            }
            lastSpeech = frame
        } else if open && frame - lastSpeech >= bridgeFrames {
            open = false  // the pause reached the bridge length: the segment ended at lastSpeech + 1
        }
        // Every frame of [segmentStart, lastSpeech] is final once `bridgeFrames` later frames are known;
        // earlier segments all end before `frame - bridgeFrames` (see the closing condition above).
        let output = frame - bridgeFrames
        guard output >= 0 else { return nil }
        return output >= segmentStart && output <= lastSpeech
    }

    /// Emits the activity of the frames still held back at the end of a stream, oldest first.
    public mutating func flush(_ emit: (Bool) -> Void) {
        let first = max(0, nextInput - bridgeFrames)
        for frame in first..<nextInput {
            emit(frame >= segmentStart && frame <= lastSpeech)
        }
        open = false
    }
}
