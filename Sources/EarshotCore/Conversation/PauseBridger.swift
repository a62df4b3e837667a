/// Bridges pauses shorter than `bridgeFrames` inside one channel's speech, drops talk spurts (bridged
/// pauses included) shorter than `minSpurtFrames` unless they begin while the other party talks (a nod),
/// and emits the final per-frame activity `delayFrames` frames late (the earliest moment it can no longer
/// change).
///
/// A run of speech input that the detector never marks as foreground (a distant voice) is dropped, unless
/// foreground speech lies on both sides of it with pauses under the bridge: it is then inside the spurt
/// (provided the later speech comes before the run's first frame is due out).
///
/// Fixed-size state; real-time safe.
public struct PauseBridger: Sendable {
    /// Pauses shorter than this many frames are bridged.
    public let bridgeFrames: Int
    /// Spurts shorter than this many frames, from their first to their last speech frame, are not speech.
    public let minSpurtFrames: Int
    /// Frames between an input frame and the output of its final activity.
    public let delayFrames: Int
    private var open = false
    /// The shortest length of the open (or last closed) spurt: `minSpurtFrames`, or 0 for a nod.
    private var spurtMinimum = 0
    /// Whether the run of speech now arriving began while the other party was talking (`otherTalking`).
    private var runOverOther = false
    private var segmentStart = 0
    private var lastSpeech = -1
    /// The last closed spurt long enough to keep (at most one can still reach the output frame).
    private var keptStart = 0
    private var keptEnd = -1
    private var nextInput = 0
    /// The run of speech input now arriving: where it began and whether it was marked foreground.
    private var inRun = false
    private var runStart = 0
    private var runForeground = false
    /// The last speech frame that keeps the open spurt open: foreground speech, or other speech after it
    /// with no pause as long as the bridge.
    private var reach = -1

    /// A bridger with no decisions yet.
    /// - Parameters:
    ///   - bridgeFrames: 0 (no bridging) … 1 000 frames.
    ///   - minSpurtFrames: 0 (keep every spurt) … 1 000 frames.
    public init(bridgeFrames: Int, minSpurtFrames: Int = 0) {
        precondition(bridgeFrames >= 0 && bridgeFrames <= 1_000)
        precondition(minSpurtFrames >= 0 && minSpurtFrames <= 1_000)
        self.bridgeFrames = bridgeFrames
        self.minSpurtFrames = minSpurtFrames
        spurtMinimum = minSpurtFrames
        // A pause is final `bridgeFrames` frames after it began. A spurt still open `delayFrames` after a
        // frame of it has run on from that frame to a speech frame at most `bridgeFrames - 1` old, so it is
        // long enough once `delayFrames - max(bridgeFrames - 1, 0) + 1 >= minSpurtFrames`.
        delayFrames = max(bridgeFrames, max(bridgeFrames - 1, 0) + max(minSpurtFrames - 1, 0))
    }

    /// Start of the spurt still open after the last input frame (its pauses so far all shorter than
    /// the bridge), or `nil`: what is certain about the current speech before the delay has passed.
    public var openSegmentStart: Int? { open ? segmentStart : nil }

    /// Start of the open spurt while it is still too short to count as speech, else `nil`.
    /// A run of speech not yet marked foreground counts as pending too.
    public var pendingSpurtStart: Int? {
        if open && !longEnough { return segmentStart }
        return inRun && !runForeground ? runStart : nil
    }

    /// Whether the current (open or just closed) spurt, from its first to its last speech frame, counts.
    private var longEnough: Bool { lastSpeech - segmentStart + 1 >= spurtMinimum }

    /// Feeds the raw decision of the next frame and returns the final activity of the frame
    /// `delayFrames` earlier, or `nil` while that frame does not exist. `foreground`: whether the detector
    /// has found the talker's own voice in the run of speech this frame belongs to (a run without it is
    /// dropped; see the type's comment). `otherTalking`: whether the other party has been talking for a
    /// while (`VADConfiguration.nodListenFrames`); a spurt that begins then is a listener's nod and counts
    /// however short it is, and a run of it is theirs without the foreground test once `nodLevel` (the detector
    /// heard it near their own level, `VADConfiguration.nodRangeDB`). Real-time safe.
    /// - Parameters:
    ///   - speech: the detector's raw decision for the frame.
    ///   - foreground: whether the talker's own voice has been found in this frame's run of speech. Default `true`.
    ///   - nodLevel: whether the detector heard the run near the talker's own level. Default `false`.
    ///   - otherTalking: whether the other party has been talking for a while. Default `false`.
    /// - Returns: whether the frame `delayFrames` earlier is speech, or `nil` while that frame does not exist.
    @inline(__always)
    public mutating func process(
        _ speech: Bool, foreground: Bool = true, nodLevel: Bool = false, otherTalking: Bool = false
    ) -> Bool? {
        let frame = nextInput
        nextInput += 1
        if speech {
            if !inRun {
                inRun = true
                runStart = frame
                runForeground = false
                runOverOther = otherTalking
            }
            if foreground || (runOverOther && nodLevel) { runForeground = true }
            if runForeground {
                if !open {
                    open = true
                    segmentStart = runStart
                    spurtMinimum = runOverOther ? 0 : minSpurtFrames
                }
                lastSpeech = frame
                reach = frame
            } else if open {
                reach = frame
            }
        } else {
            inRun = false
            if open && frame - reach >= bridgeFrames {
                close()  // the pause reached the bridge length: the spurt ended at lastSpeech + 1
            }
        }
        let output = frame - delayFrames
        guard output >= 0 else { return nil }
        return isSpeech(output)
    }

    /// Emits the activity of the frames still held back at the end of a stream, oldest first.
    /// - Parameter emit: called once per held frame, with whether it is speech.
    public mutating func flush(_ emit: (Bool) -> Void) {
        let first = max(0, nextInput - delayFrames)
        // The stream's end closes the open spurt; the last kept one may still reach into these frames.
        let keepOpen = open && longEnough
        for frame in first..<nextInput {
            emit((keepOpen && frame >= segmentStart && frame <= lastSpeech) || (frame >= keptStart && frame <= keptEnd))
        }
        open = false
    }

    @inline(__always)
    private mutating func close() {
        open = false
        if longEnough {
            keptStart = segmentStart
            keptEnd = lastSpeech
        }
    }

    /// Final activity of `frame`, once no later input can change it. An open spurt that reaches back to
    /// `frame` is long enough (see `delayFrames`); an older spurt counts only if it was kept.
    @inline(__always)
    private func isSpeech(_ frame: Int) -> Bool {
        (open && frame >= segmentStart && frame <= lastSpeech) || (frame >= keptStart && frame <= keptEnd)
    }
}
