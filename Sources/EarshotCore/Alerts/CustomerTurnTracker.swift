/// The customer's turns and opening account followed live, on the detector's newest decisions, with the
/// report's definitions (docs/METRICS.md): a turn is the customer's speech, backchannels left out, until the
/// agent takes the floor (speaks, not as a backchannel) or the customer pauses `pauseFrames`; the opening
/// account is the first turn of at least `openingMinFrames`. Fixed-size state; real-time safe.
struct CustomerTurnTracker: Sendable {
    private let pauseFrames: Int
    private let openingMinFrames: Int
    /// The opening account once its turn has ended.
    private(set) var opening: Range<Int>?
    /// The current turn: its first frame and the end of its speech so far.
    private var turnStart: Int?
    private var turnEnd = 0
    private var customer: SpurtJudge
    private var agent: SpurtJudge
    /// Starts of the agent's latest floor segments, newest last.
    private var floors = InlineArray<4, Int>(repeating: Int.min / 2)

    init(pauseFrames: Int, openingMinFrames: Int, bridgeFrames: Int, backchannelMaxFrames: Int) {
        self.pauseFrames = pauseFrames
        self.openingMinFrames = openingMinFrames
        customer = SpurtJudge(bridgeFrames: bridgeFrames, backchannelMaxFrames: backchannelMaxFrames)
        agent = customer
    }

    /// Feeds one frame of the detector's newest decisions.
    mutating func process(_ raw: RawFrame) {
        let r = raw.frame
        if agent.process(
            frame: r, active: raw.agentActive, counts: raw.agentPendingStart == nil, otherActive: raw.customerActive)
        {
            for i in 0..<3 { floors[i] = floors[i + 1] }
            floors[3] = agent.start
        }
        if customer.process(
            frame: r, active: raw.customerActive, counts: raw.customerPendingStart == nil,
            otherActive: raw.agentActive)
        {
            join(spurtStart: customer.start)
        }
        if customer.judgedSpeech && turnStart != nil && customer.start >= turnStart! {
            turnEnd = max(turnEnd, customer.lastActive + 1)
        }
    }

    /// Whether a cut-in at `frame` falls in the opening account: the customer's first turn of at least
    /// `openingMinFrames`, once that turn has lasted that long (now, when the alert fires).
    func isOpening(cutInAt frame: Int) -> Bool {
        if let opening { return opening.contains(frame) }
        guard let start = turnStart else { return false }
        return frame >= start && turnEnd - start >= openingMinFrames
    }

    /// A customer spurt that is not a backchannel continues the turn, or starts a new one when the agent
    /// took the floor since the turn began or the customer paused long enough before it.
    private mutating func join(spurtStart: Int) {
        if let start = turnStart {
            let floorBetween = (0..<4).contains { floors[$0] > start && floors[$0] < spurtStart }
            if floorBetween || spurtStart - turnEnd >= pauseFrames {
                if opening == nil, turnEnd - start >= openingMinFrames { opening = start..<turnEnd }
                turnStart = nil
            }
        }
        if turnStart == nil {
            turnStart = spurtStart
            turnEnd = spurtStart
        }
    }
}

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
