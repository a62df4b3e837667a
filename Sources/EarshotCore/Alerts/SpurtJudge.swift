/// One party's talk spurts (pauses under the bridge joined), each judged as soon as it is known whether it
/// is speech that is not a backchannel: long enough to count, and started outside the other party's speech,
/// outlasted a backchannel, or ended outside the other's speech.
struct SpurtJudge: Sendable {
    private let bridgeFrames: Int
    private let backchannelMaxFrames: Int
    /// The latest spurt's first and last active frames.
    private(set) var start = Int.min / 2
    private(set) var lastActive = Int.min / 2
    /// Whether the latest spurt was judged speech that is not a backchannel.
    private(set) var judgedSpeech = false
    private var judged = true
    private var longEnough = false
    private var insideOther = false
    private var otherAtLastActive = false

    init(bridgeFrames: Int, backchannelMaxFrames: Int) {
        self.bridgeFrames = bridgeFrames
        self.backchannelMaxFrames = backchannelMaxFrames
    }

    /// Feeds one frame; returns true on the frame the current spurt is judged speech, not a backchannel.
    /// `counts`: the spurt is long enough to be speech.
    mutating func process(frame r: Int, active: Bool, counts: Bool, otherActive: Bool) -> Bool {
        if active {
            if r - lastActive - 1 >= bridgeFrames {
                start = r
                insideOther = otherActive
                judged = false
                judgedSpeech = false
                longEnough = false
            }
            lastActive = r
            otherAtLastActive = otherActive
            if counts { longEnough = true }
            if !judged && longEnough && (!insideOther || r + 1 - start > backchannelMaxFrames) { return accept() }
        } else if !judged && r - lastActive >= bridgeFrames {
            // The spurt has ended: too short to be speech, or a backchannel if it also ended inside the other's.
            if !longEnough || (insideOther && otherAtLastActive) {
                judged = true
            } else {
                return accept()
            }
        }
        return false
    }

    private mutating func accept() -> Bool {
        judged = true
        judgedSpeech = true
        return true
    }
}
