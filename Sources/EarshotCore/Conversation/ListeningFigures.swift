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

    /// The listening figures of a whole call, from its segments and events.
    /// - Parameters:
    ///   - segments / isBackchannel: the call's segments and which are backchannels.
    ///   - events: the call's events.
    ///   - customerTalkFrames: customer talk in frames.
    ///   - framesAnalysed: the frames analysed (an unacknowledged stretch's wait ends there at the latest).
    ///   - configuration: pause and opening thresholds.
    public init(
        segments: [Segment], isBackchannel: [Bool], events: [ConversationEvent], customerTalkFrames: Int,
        framesAnalysed: Int, configuration: CoachConfiguration
    ) {
        let agentNods = events.filter { $0.kind == .backchannel && $0.by == .agent }
        if customerTalkFrames > 0 {
            nodsPerCustomerMinute = Double(agentNods.count) / (Double(customerTalkFrames) / 6_000)
        }
        let order = segments.indices.sorted { segments[$0].startFrame < segments[$1].startFrame }
        let agent = order.map { segments[$0] }.filter { $0.role == .agent }
        let customer = order.map { segments[$0] }.filter { $0.role == .customer }
        unacknowledged = Self.stretches(
            customer: customer, agent: agent, pauseFrames: configuration.pauseFrames, inputEnd: framesAnalysed)
        let agentFloorStarts = order.filter { segments[$0].role == .agent && !isBackchannel[$0] }.map {
            segments[$0].startFrame
        }
        let customerFloor = order.filter { segments[$0].role == .customer && !isBackchannel[$0] }.map { segments[$0] }
        openingAccount = Self.opening(
            customer: customerFloor, agentFloorStarts: agentFloorStarts, cutIns: Self.agentCutIns(events),
            configuration: configuration)
        if let opening = openingAccount {
            openingInterrupted = events.contains {
                $0.kind == .interruption && $0.by == .agent && opening.contains($0.startFrame)
            }
            openingNods = agentNods.count { opening.contains($0.startFrame) }
        }
    }

    /// Customer talk (segments joined across pauses shorter than `pauseFrames`) not covered by any agent
    /// segment, a piece after an agent segment starting where the customer is next heard, the last piece of a block
    /// running on after the customer's last word to the agent's answer or while the turn is open (`StretchScan`),
    /// not past `inputEnd`. Both lists in order of start.
    static func stretches(customer: [Segment], agent: [Segment], pauseFrames: Int, inputEnd: Int) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var scan = StretchScan()
        for block in StretchScan.blocks(customer, pauseFrames: pauseFrames) {
            scan.pieces(of: block, customer: customer, agent: agent, pauseFrames: pauseFrames, inputEnd: inputEnd) {
                out.append($0)
            }
        }
        return out
    }

    /// The first customer turn of at least `openingMinFrames`, or cut into by the agent `openingCutInFrames` or more
    /// after it began (`OpeningFold`). `customer` and `agentFloorStarts` in time order.
    static func opening(
        customer: [Segment], agentFloorStarts: [Int], cutIns: [Int], configuration: CoachConfiguration
    ) -> Range<Int>? {
        var fold = OpeningFold(configuration)
        for segment in customer {
            fold.add(segment, agentStarts: agentFloorStarts, cutIns: cutIns)
            if fold.ended != nil { break }
        }
        return fold.account(cutIns: cutIns)
    }

    /// The starts of the agent's interruptions among `events`.
    static func agentCutIns(_ events: [ConversationEvent]) -> [Int] {
        events.filter { $0.kind == .interruption && $0.by == .agent }.map(\.startFrame)
    }
}
