/// One party's talk spurts (pauses under the bridge joined), each judged as soon as it is known whether it
/// is speech that is not a backchannel: long enough to count, and started outside the other party's speech,
/// outlasted a backchannel, or ended outside the other's speech without the other going on within the resume
/// window (docs/METRICS.md, backchannel). It works on the detector's newest decisions, so that live rules need
/// not wait for the final ones: the other's activity there includes sounds the shortest-spurt rule drops later,
/// and such a sound can judge a spurt otherwise than the report (a 0.1 s click of the other within the window
/// makes a backchannel here). Used for the live opening-account tag of `agent_interrupts`.
struct SpurtJudge: Sendable {
    private let bridgeFrames: Int
    private let backchannelMaxFrames: Int
    private let resumeFrames: Int
    /// The latest spurt's first and last active frames.
    private(set) var start = Int.min / 2
    private(set) var lastActive = Int.min / 2
    /// Whether the latest spurt was judged speech that is not a backchannel.
    private(set) var judgedSpeech = false
    private var judged = true
    private var longEnough = false
    private var insideOther = false
    /// Whether the other was active in this party's last active frame, and in the frame after it: the spurt
    /// ended inside the other's speech when both hold (as the analyzer's `endsInsideOther`).
    private var otherAtLastActive = false
    private var otherAfterLastActive = false
    /// The first frame since this party's last active one in which the other was active.
    private var otherSince: Int?
    /// A short spurt that began inside the other's speech and ended after it waits on the other.
    private var waiting = false

    init(bridgeFrames: Int, backchannelMaxFrames: Int, resumeFrames: Int) {
        self.bridgeFrames = bridgeFrames
        self.backchannelMaxFrames = backchannelMaxFrames
        self.resumeFrames = resumeFrames
    }

    /// Feeds one frame; returns the spurt (first active frame to one past its last) judged speech, not a
    /// backchannel, in this frame, if any. `counts`: the current spurt is long enough to be speech.
    /// `otherStart`: the first frame of the other party's latest spurt.
    mutating func process(frame r: Int, active: Bool, counts: Bool, otherActive: Bool, otherStart: Int) -> Range<Int>? {
        var judgedSpurt: Range<Int>?
        if otherActive && otherSince == nil { otherSince = r }
        if !active && r == lastActive + 1 { otherAfterLastActive = otherActive }
        if waiting {
            if wentOn {
                waiting = false
                judged = true  // a backchannel: the other went on
            } else if active || r > lastActive + 1 + resumeFrames {
                waiting = false
                judgedSpurt = accept()
            }
        }
        if active {
            if r - lastActive - 1 >= bridgeFrames {
                // Taking up its own talk again within the resume window over the other's spurt that began after this
                // party's previous one and is still no longer than a backchannel is not starting inside the other's
                // speech (the analyzer's rule).
                let resumes =
                    r - lastActive - 1 <= resumeFrames && otherStart >= start
                    && r - otherStart <= backchannelMaxFrames
                start = r
                insideOther = otherActive && !resumes
                judged = false
                judgedSpeech = false
                longEnough = false
            }
            lastActive = r
            otherAtLastActive = otherActive
            otherSince = nil
            if counts { longEnough = true }
            // (A spurt judged in this frame already is the one before; this one is judged from the next frame.)
            if judgedSpurt == nil && !judged && longEnough
                && (!insideOther || r + 1 - start > backchannelMaxFrames)
            {
                judgedSpurt = accept()
            }
        } else if !judged && !waiting && r - lastActive >= bridgeFrames {
            // The spurt has ended: too short to be speech, or a backchannel if it also ended inside the other's.
            if !longEnough || (insideOther && otherAtLastActive && otherAfterLastActive) {
                judged = true
            } else if insideOther && lastActive + 1 - start <= backchannelMaxFrames && resumeFrames > 0 {
                if wentOn {
                    judged = true
                } else if r > lastActive + 1 + resumeFrames {
                    judgedSpurt = accept()
                } else {
                    waiting = true
                }
            } else {
                judgedSpurt = accept()
            }
        }
        return judgedSpurt
    }

    /// Whether the other has spoken within the resume window after this party's latest spurt.
    private var wentOn: Bool {
        guard let since = otherSince else { return false }
        return since <= lastActive + 1 + resumeFrames
    }

    private mutating func accept() -> Range<Int> {
        judged = true
        judgedSpeech = true
        return start..<(lastActive + 1)
    }
}
