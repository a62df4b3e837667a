/// The listening-coach figures of a finished call (docs/METRICS.md): verbal nods, unacknowledged
/// stretches of customer talk, and the customer's opening account.
public struct ListeningFigures: Sendable, Equatable {
    /// Agent backchannels per minute of customer talk; `nil` when the customer did not talk.
    public var nodsPerCustomerMinute: Double?
    /// Every unacknowledged stretch, in frames.
    public var unacknowledged: [Range<Int>] = []
    /// The customer's opening account, if any, in frames.
    public var openingAccount: Range<Int>?
    /// Whether the agent interrupted the opening account; agent backchannels inside it.
    public var openingInterrupted = false
    public var openingNods = 0

    /// - Parameters:
    ///   - segments / isBackchannel: the call's segments and which are backchannels.
    ///   - events: the call's events.
    ///   - customerTalkFrames: customer talk in frames.
    ///   - configuration: pause and opening thresholds.
    public init(
        segments: [Segment], isBackchannel: [Bool], events: [ConversationEvent], customerTalkFrames: Int,
        configuration: CoachConfiguration
    ) {
        let agentNods = events.filter { $0.kind == .backchannel && $0.by == .agent }
        if customerTalkFrames > 0 {
            nodsPerCustomerMinute = Double(agentNods.count) / (Double(customerTalkFrames) / 6_000)
        }
        let order = segments.indices.sorted { segments[$0].startFrame < segments[$1].startFrame }
        let agent = order.map { segments[$0] }.filter { $0.role == .agent }
        let customer = order.map { segments[$0] }.filter { $0.role == .customer }
        unacknowledged = Self.stretches(customer: customer, agent: agent, pause: configuration.pauseFrames)
        let agentFloorStarts = order.filter { segments[$0].role == .agent && !isBackchannel[$0] }.map {
            segments[$0].startFrame
        }
        let customerFloor = order.filter { segments[$0].role == .customer && !isBackchannel[$0] }.map { segments[$0] }
        openingAccount = Self.opening(
            customer: customerFloor, agentFloorStarts: agentFloorStarts, pause: configuration.pauseFrames,
            minimum: configuration.openingMinFrames)
        if let opening = openingAccount {
            openingInterrupted = events.contains {
                $0.kind == .interruption && $0.by == .agent && opening.contains($0.startFrame)
            }
            openingNods = agentNods.count { opening.contains($0.startFrame) }
        }
    }

    /// Customer talk (segments joined across pauses shorter than `pause`) not covered by any agent
    /// segment, each piece running on to the agent's next segment when that starts within `pause` of the
    /// customer's last word. Both lists in order of start.
    static func stretches(customer: [Segment], agent: [Segment], pause: Int) -> [Range<Int>] {
        var blocks: [Range<Int>] = []
        for segment in customer {
            if let last = blocks.last, segment.startFrame - last.upperBound < pause {
                blocks[blocks.count - 1] = last.lowerBound..<max(last.upperBound, segment.endFrame)
            } else {
                blocks.append(segment.startFrame..<segment.endFrame)
            }
        }
        // One pass over both lists (both in time order; a live view asks for this several times a second,
        // so a scan of every agent segment per block would grow with the square of the call's length).
        var out: [Range<Int>] = []
        var first = 0  // agent segments before `first` end before every block still to come
        for block in blocks {
            while first < agent.count && agent[first].endFrame <= block.lowerBound { first += 1 }
            var cursor = block.lowerBound
            var next = first
            while next < agent.count && agent[next].startFrame < block.upperBound {
                let a = agent[next]
                next += 1
                guard a.endFrame > cursor else { continue }
                if a.startFrame > cursor { out.append(cursor..<a.startFrame) }
                cursor = max(cursor, a.endFrame)
            }
            guard cursor < block.upperBound else { continue }
            // The agent's answer, within the pause after the customer's last word, ends the stretch there: the
            // customer waited for it (as live, where the stretch runs on while the turn is open).
            let answer = next < agent.count ? agent[next].startFrame : Int.max
            out.append(cursor..<(answer - block.upperBound < pause ? answer : block.upperBound))
        }
        return out
    }

    /// The first customer turn of at least `minimum` frames; a turn ends when an agent floor segment
    /// starts or after a customer pause of `pause` frames. `customer` and `agentFloorStarts` in time order.
    static func opening(customer: [Segment], agentFloorStarts: [Int], pause: Int, minimum: Int) -> Range<Int>? {
        var turn: Range<Int>?
        var nextAgent = 0  // the first agent floor start after the current turn's start (starts in time order)
        for segment in customer {
            if let current = turn {
                while nextAgent < agentFloorStarts.count && agentFloorStarts[nextAgent] <= current.lowerBound {
                    nextAgent += 1
                }
                let agentTook = nextAgent < agentFloorStarts.count && agentFloorStarts[nextAgent] < segment.startFrame
                if agentTook || segment.startFrame - current.upperBound >= pause {
                    if current.count >= minimum { return current }
                    turn = segment.startFrame..<segment.endFrame
                } else {
                    turn = current.lowerBound..<max(current.upperBound, segment.endFrame)
                }
            } else {
                turn = segment.startFrame..<segment.endFrame
            }
        }
        if let turn, turn.count >= minimum { return turn }
        return nil
    }
}
