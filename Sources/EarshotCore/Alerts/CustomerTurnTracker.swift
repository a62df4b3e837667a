/// The customer's turns and opening account followed live, on the detector's newest decisions, with the
/// report's definitions (docs/METRICS.md): a turn is the customer's speech, backchannels left out, until the
/// agent takes the floor (speaks, not as a backchannel) or the customer pauses `pauseFrames`; the opening
/// account is the first turn of at least `openingMinFrames`, or the first the agent cut into `openingCutInFrames` or
/// more after it began. Fixed-size state; real-time safe.
struct CustomerTurnTracker: Sendable {
    private let pauseFrames: Int
    private let openingMinFrames: Int
    private let openingCutInFrames: Int
    /// Whether a cut-in into the current turn made it the opening account (`tagCutIn(at:)`).
    private var cutInto = false
    /// The opening account once its turn has ended.
    private(set) var opening: Range<Int>?
    /// The current turn: its first frame and the end of its speech so far.
    private var turnStart: Int?
    private var turnEnd = 0
    /// One past the customer's newest active frame in the current turn, a spurt not yet judged included (one that
    /// began within the pause after the turn's speech, with no floor of the agent's since the turn began): where
    /// the customer may still be speaking in it, which `turnEnd` learns only as the spurts are judged. Not a length:
    /// such a spurt may yet be a backchannel or a sound too short to count.
    private var reach = 0
    private var customer: SpurtJudge
    private var agent: SpurtJudge
    /// Starts of the agent's latest floor segments, newest last.
    private var floors = InlineArray<4, Int>(repeating: Int.min / 2)

    init(pauseFrames: Int, openingMinFrames: Int, openingCutInFrames: Int, conversation: ConversationConfiguration) {
        self.pauseFrames = pauseFrames
        self.openingMinFrames = openingMinFrames
        self.openingCutInFrames = openingCutInFrames
        customer = SpurtJudge(
            bridgeFrames: conversation.bridgeFrames, backchannelMaxFrames: conversation.backchannelMaxFrames,
            resumeFrames: conversation.backchannelResumeFrames)
        agent = customer
    }

    /// Feeds one frame of the detector's newest decisions.
    mutating func process(_ raw: RawFrame) {
        let r = raw.frame
        if let spurt = agent.process(
            frame: r, active: raw.agentActive, counts: raw.agentPendingStart == nil, otherActive: raw.customerActive,
            otherStart: customer.start)
        {
            for i in 0..<3 { floors[i] = floors[i + 1] }
            floors[3] = spurt.lowerBound
        }
        if let spurt = customer.process(
            frame: r, active: raw.customerActive, counts: raw.customerPendingStart == nil,
            otherActive: raw.agentActive, otherStart: agent.start)
        {
            join(spurtStart: spurt.lowerBound)
            // A spurt judged once the next began (it waited on the agent) ends where it ended.
            if turnStart != nil { turnEnd = max(turnEnd, spurt.upperBound) }
        }
        guard let start = turnStart, customer.start >= start else { return }
        if customer.judgedSpeech { turnEnd = max(turnEnd, customer.lastActive + 1) }
        if raw.customerActive && customer.start - turnEnd < pauseFrames
            && !agentFloor(after: start, before: customer.start)
        {
            reach = max(reach, r + 1)
        }
    }

    /// Whether a cut-in at `frame` (its alert firing now) falls in the opening account: in the account once
    /// found, else in the customer's turn now running when that has lasted `openingMinFrames` or the cut-in comes
    /// `openingCutInFrames` or more into it, which makes the turn the account. A cut-in after the turn's speech (the
    /// customer silent since, their next sound not yet judged) is not in it.
    mutating func tagCutIn(at frame: Int) -> Bool {
        if let opening { return opening.contains(frame) }
        guard let start = turnStart, frame >= start, frame < max(turnEnd, reach) else { return false }
        if turnEnd - start >= openingMinFrames || cutInto { return true }
        guard frame - start >= openingCutInFrames else { return false }
        cutInto = true
        return true
    }

    /// Whether the agent took the floor after `start` and before `end`.
    private func agentFloor(after start: Int, before end: Int) -> Bool {
        (0..<4).contains { floors[$0] > start && floors[$0] < end }
    }

    /// A customer spurt that is not a backchannel continues the turn, or starts a new one when the agent
    /// took the floor since the turn began or the customer paused long enough before it.
    private mutating func join(spurtStart: Int) {
        if let start = turnStart {
            if agentFloor(after: start, before: spurtStart) || spurtStart - turnEnd >= pauseFrames {
                if opening == nil, turnEnd - start >= openingMinFrames || cutInto { opening = start..<turnEnd }
                turnStart = nil
            }
        }
        if turnStart == nil {
            cutInto = false
            turnStart = spurtStart
            turnEnd = spurtStart
            reach = spurtStart
        }
    }
}
