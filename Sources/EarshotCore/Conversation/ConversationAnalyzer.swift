/// Turns the final per-frame activity of the two parties into segments and events, incrementally.
///
/// Implements the definitions of docs/METRICS.md frame by frame, so that each event is known at the
/// first frame it is certain. Per-frame work is constant; the segment and event lists grow by one
/// element per segment or event (reserved up front), never per frame.
public struct ConversationAnalyzer: Sendable {
    /// Thresholds in use.
    public let configuration: ConversationConfiguration
    /// The input channel of each role (`nil`: the role is absent, as in mono input).
    public let channels: [Role: Int]
    /// Closed segments, in the order they ended.
    public private(set) var segments: [Segment] = []
    /// Whether each closed segment (same index as `segments`) is a backchannel.
    public private(set) var segmentIsBackchannel: [Bool] = []
    /// Events, in the order they became certain.
    public private(set) var events: [ConversationEvent] = []
    /// Frames in which the agent / the customer / both speak.
    public private(set) var agentFrames = 0
    public private(set) var customerFrames = 0
    public private(set) var overlapFrames = 0
    /// Frames analysed so far.
    public private(set) var frameCount = 0

    private var agent = PartyState()
    private var customer = PartyState()
    private var silenceStart: Int?
    private var anySpeech = false

    /// Segments that start before this frame are closed and decided: no segment still open, waiting on the other
    /// party or still to come starts earlier.
    public var settledFrame: Int {
        func earliest(_ party: PartyState) -> Int {
            min(party.inSegment ? party.start : .max, party.undecidedSegment.map { segments[$0].startFrame } ?? .max)
        }
        return min(frameCount, earliest(agent), earliest(customer))
    }

    /// An analyzer at the start of a call.
    /// - Parameters:
    ///   - configuration: thresholds.
    ///   - channels: the input channel of each role present.
    public init(configuration: ConversationConfiguration = .standard, channels: [Role: Int]) {
        self.configuration = configuration
        self.channels = channels
        segments.reserveCapacity(4_096)
        segmentIsBackchannel.reserveCapacity(4_096)
        events.reserveCapacity(1_024)
    }

    /// Feeds the final activity of the next frame and returns the signals for the alert rules.
    /// Constant work; allocates only when a segment or event list outgrows its reserve.
    /// - Parameters:
    ///   - a: whether the agent speaks in the frame (final, bridged decision).
    ///   - c: whether the customer speaks in it (false for a mono stream).
    /// - Returns: the signals of this frame for the alert rules.
    public mutating func process(agentActive a: Bool, customerActive c: Bool) -> ConversationSignals {
        let frame = frameCount
        frameCount += 1
        var signals = ConversationSignals()
        signals.frame = frame
        signals.agentActive = a
        signals.customerActive = c
        // A short segment waiting on the other party is decided before anything of this frame happens.
        if agent.undecidedEnd != nil {
            decideUndecided(.agent, selfActive: a, otherActive: c, frame: frame, signals: &signals)
        }
        if customer.undecidedEnd != nil {
            decideUndecided(.customer, selfActive: c, otherActive: a, frame: frame, signals: &signals)
        }
        if a { agentFrames += 1 }
        if c { customerFrames += 1 }
        if a && c { overlapFrames += 1 }

        let agentStep = advance(.agent, active: a, otherActive: c, otherPrevious: customer.previousActive, frame: frame)
        let customerStep = advance(
            .customer, active: c, otherActive: a, otherPrevious: agent.previousActive, frame: frame)
        if agentStep.becameFloor { customer.endMonologue() }
        if customerStep.becameFloor { agent.endMonologue() }
        if let start = agentStep.interruptionStart { signals.agentInterruptionStart = start }
        if agent.inSegment {
            signals.agentSegmentStart = agent.start
            signals.agentStartedInsideCustomer = agent.startedInsideOther
            signals.agentOverlapFrames = agent.overlapFrames
        }
        if a, agent.isFloor, let start = agent.monologueStart {
            signals.agentMonologueFrames = frame + 1 - start
            signals.agentMonologueStart = start
        }
        trackSilence(anyone: a || c, frame: frame, signals: &signals)
        agent.previousActive = a
        customer.previousActive = c
        return signals
    }

    /// Closes the segments still open at the end of the stream (their end is the end of the media) and decides a
    /// short segment still waiting on the other (a backchannel if the other has spoken again since). Returns the
    /// start of an agent interruption that this decided, for its alert.
    /// - Returns: the start frame of the agent interruption this decided, or `nil` when it decided none.
    @discardableResult
    public mutating func finish() -> Int? {
        let frame = frameCount
        var signals = ConversationSignals()
        decideUndecided(.agent, selfActive: false, otherActive: false, frame: Int.max, signals: &signals)
        decideUndecided(.customer, selfActive: false, otherActive: false, frame: Int.max, signals: &signals)
        // A segment the end of the input cuts while the other party is still speaking ends inside their
        // speech (a short "mm" cut off with the customer mid-sentence is a backchannel, not an interruption).
        let open = (agent: state(.agent).inSegment, customer: state(.customer).inSegment)
        for role in [Role.agent, .customer] where state(role).inSegment {
            var party = state(role)
            close(&party, role: role, at: frame, endsInsideOther: role == .agent ? open.customer : open.agent)
            setState(role, party)
        }
        // A short cut-in the end of the input cut after the other stopped waits, as any, on whether the other
        // goes on; the input has ended, so they did not: it is decided now (an interruption if it overlapped
        // enough), not left undecided and uncounted.
        decideUndecided(.agent, selfActive: false, otherActive: false, frame: Int.max, signals: &signals)
        decideUndecided(.customer, selfActive: false, otherActive: false, frame: Int.max, signals: &signals)
        return signals.agentInterruptionStart
    }

    // MARK: - Per party

    private struct Step {
        var becameFloor = false
        var interruptionStart: Int?
    }

    @inline(__always)
    private mutating func advance(
        _ role: Role, active: Bool, otherActive: Bool, otherPrevious: Bool, frame: Int
    ) -> Step {
        var party = state(role)
        defer { setState(role, party) }
        var step = Step()
        if active && !party.inSegment {
            party.startSegment(at: frame)
            let resumes = resumesOwnTurn(party, role: role, at: frame)
            party.startedInsideOther = otherPrevious && otherActive && !resumes
            if resumes && otherActive { keepTurnOver(otherOf: role, pausedFrom: party.lastEnd, party: &party) }
            if !party.startedInsideOther { step.becameFloor = becomeFloor(&party) }
        } else if !active && party.inSegment {
            let wasFloor = party.isFloor
            let event = close(&party, role: role, at: frame, endsInsideOther: otherPrevious && otherActive)
            if party.undecidedEnd != nil { return step }  // decided within the resume window
            if !wasFloor && event != .backchannel { step.becameFloor = true }
            if event == .interruption, !party.announced, role == .agent { step.interruptionStart = party.start }
            return step
        }
        guard active else { return step }
        if otherActive { party.overlapFrames += 1 }
        let length = frame + 1 - party.start
        if !party.isFloor && length > configuration.backchannelMaxFrames {
            step.becameFloor = becomeFloor(&party)
        }
        if party.startedInsideOther && !party.announced && length > configuration.backchannelMaxFrames
            && party.overlapFrames >= configuration.interruptionMinOverlapFrames
        {
            party.announced = true
            if role == .agent { step.interruptionStart = party.start }
        }
        return step
    }

    /// Whether `role`, starting a segment at `frame` while the other speaks, is taking up its own talk again rather
    /// than starting inside the other's: its previous segment ended within the resume window, and the other's
    /// segment began after that one began and is still no longer than a backchannel (a nod or a start the other
    /// made at this party's pause, talked over as the party goes on). Such a segment is no interruption.
    private func resumesOwnTurn(_ party: PartyState, role: Role, at frame: Int) -> Bool {
        let other = state(role.other)
        return frame - party.lastEnd <= configuration.backchannelResumeFrames && other.inSegment
            && other.start >= party.lastStart && frame - other.start <= configuration.backchannelMaxFrames
    }

    /// `party` takes up its talk again over the other's segment (`resumesOwnTurn`). If that segment began in the
    /// party's pause (from `pausedFrom`), it began inside the party's turn after all: it no longer holds the floor,
    /// and it is a backchannel if it ends inside the party's speech. The party's monologue, which that segment
    /// broke when it took the floor, goes on.
    private mutating func keepTurnOver(otherOf role: Role, pausedFrom: Int, party: inout PartyState) {
        var other = state(role.other)
        guard !other.startedInsideOther, other.start >= pausedFrom else { return }
        other.startedInsideOther = true
        other.isFloor = false
        setState(role.other, other)
        party.monologueStart = party.monologueBeforeOther
    }

    /// Marks the open segment as taking the floor and starts or continues its monologue.
    private func becomeFloor(_ party: inout PartyState) -> Bool {
        party.isFloor = true
        if party.monologueStart == nil || party.start - party.lastFloorEnd >= configuration.monologueMaxPauseFrames {
            party.monologueStart = party.start
        }
        return true
    }

    @discardableResult
    private mutating func close(
        _ party: inout PartyState, role: Role, at frame: Int, endsInsideOther: Bool
    ) -> ConversationEvent.Kind? {
        party.inSegment = false
        party.lastStart = party.start
        party.lastEnd = frame
        let length = frame - party.start
        let short = party.startedInsideOther && length <= configuration.backchannelMaxFrames
        if short && !endsInsideOther && configuration.backchannelResumeFrames > 0, let channel = channels[role] {
            // Decided by `decideUndecided` once it is known whether the other goes on.
            segments.append(Segment(role: role, channel: channel, startFrame: party.start, endFrame: frame))
            segmentIsBackchannel.append(false)
            party.undecidedEnd = frame
            party.undecidedSegment = segments.count - 1
            return nil
        }
        let backchannel = short && endsInsideOther
        let interruption =
            party.startedInsideOther && !backchannel
            && party.overlapFrames >= configuration.interruptionMinOverlapFrames
        if !backchannel {
            if !party.isFloor { _ = becomeFloor(&party) }
            party.lastFloorEnd = frame
        }
        if let channel = channels[role] {
            segments.append(Segment(role: role, channel: channel, startFrame: party.start, endFrame: frame))
            segmentIsBackchannel.append(backchannel)
        }
        if backchannel {
            events.append(ConversationEvent(kind: .backchannel, by: role, startFrame: party.start, endFrame: frame))
            return .backchannel
        }
        if interruption {
            events.append(ConversationEvent(kind: .interruption, by: role, startFrame: party.start, endFrame: frame))
            return .interruption
        }
        return nil
    }

    /// Decides `role`'s short segment that began inside the other's speech and ended after it: a backchannel if
    /// the other speaks again within the resume window of its end (before `role` does), else decided as any
    /// segment that does not end inside the other's speech (an interruption if it overlapped enough).
    /// `frame` is the frame about to be analysed (`Int.max` at the end of the input).
    private mutating func decideUndecided(
        _ role: Role, selfActive: Bool, otherActive: Bool, frame: Int, signals: inout ConversationSignals
    ) {
        var party = state(role)
        guard let end = party.undecidedEnd, let index = party.undecidedSegment else { return }
        let other = state(role.other)
        let window = end + configuration.backchannelResumeFrames
        let otherStarts = otherActive && !other.inSegment && frame <= window
        let otherWentOn = (other.inSegment && other.start >= end) || otherStarts
        guard otherWentOn || selfActive || frame > window else { return }
        party.undecidedEnd = nil
        party.undecidedSegment = nil
        defer { setState(role, party) }
        if otherWentOn {
            segmentIsBackchannel[index] = true
            events.append(ConversationEvent(kind: .backchannel, by: role, startFrame: party.start, endFrame: end))
            return
        }
        if !party.isFloor { _ = becomeFloor(&party) }
        party.lastFloorEnd = end
        if role == .agent { customer.endMonologue() } else { agent.endMonologue() }
        guard party.overlapFrames >= configuration.interruptionMinOverlapFrames else { return }
        events.append(ConversationEvent(kind: .interruption, by: role, startFrame: party.start, endFrame: end))
        if role == .agent && !party.announced { signals.agentInterruptionStart = party.start }
    }

    private mutating func trackSilence(anyone: Bool, frame: Int, signals: inout ConversationSignals) {
        if anyone {
            if let start = silenceStart, anySpeech, frame - start >= configuration.silenceGapMinFrames {
                events.append(ConversationEvent(kind: .silenceGap, by: nil, startFrame: start, endFrame: frame))
            }
            silenceStart = nil
            anySpeech = true
        } else {
            let start = silenceStart ?? frame
            silenceStart = start
            if anySpeech {
                signals.mutualSilenceFrames = frame + 1 - start
                signals.mutualSilenceStart = start
            }
        }
    }

    private func state(_ role: Role) -> PartyState { role == .agent ? agent : customer }
    private mutating func setState(_ role: Role, _ party: PartyState) {
        if role == .agent { agent = party } else { customer = party }
    }
}
