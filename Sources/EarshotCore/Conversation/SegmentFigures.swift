/// The summary figures that come from a call's segments and events (the rest come from frame counts), in
/// frames and counts: what the report computes from the whole call and a running summary keeps up to date.
struct SegmentFigures: Sendable, Equatable {
    var interruptionsByAgent = 0
    var interruptionsByCustomer = 0
    var backchannelsByAgent = 0
    var backchannelsByCustomer = 0
    var silenceGaps = 0
    var switches = 0
    var longestAgentMonologue = 0
    var longestCustomerMonologue = 0
    /// Response gaps: how many, their sum, and the sum of the middle two (the middle one twice when odd).
    var responseGapCount = 0
    var responseGapSum = 0
    var responseGapMiddleSum = 0
    /// The longest unacknowledged stretch and how many reached the hint threshold.
    var longestUnacknowledged = 0
    var unacknowledgedStretches = 0
    var openingAccount: Range<Int>?
    var openingInterrupted = false
    var openingNods = 0

    init() {}

    /// The figures of the whole call so far, from the analyzer's segment and event lists at once.
    /// - Parameters:
    ///   - lost: lost capture so far.
    ///   - keeps: whether the report keeps an event.
    init(
        wholeCall analyzer: ConversationAnalyzer, lost: [Range<Int>], keeps: (ConversationEvent) -> Bool,
        monologueMaxPauseFrames: Int, coach: CoachConfiguration
    ) {
        let events = analyzer.events.filter(keeps)
        for event in events { count(event) }
        let turns = TurnAnalysis(
            segments: analyzer.segments, isBackchannel: analyzer.segmentIsBackchannel,
            monologueMaxPauseFrames: monologueMaxPauseFrames, lost: lost)
        switches = turns.switches
        longestAgentMonologue = turns.longestMonologueFrames[.agent] ?? 0
        longestCustomerMonologue = turns.longestMonologueFrames[.customer] ?? 0
        setResponseGaps(sorted: turns.responseGapFrames.sorted())
        let listening = ListeningFigures(
            segments: analyzer.segments, isBackchannel: analyzer.segmentIsBackchannel, events: events,
            customerTalkFrames: analyzer.customerFrames, framesAnalysed: analyzer.frameCount, configuration: coach)
        for stretch in listening.unacknowledged { addStretch(stretch, thresholdFrames: coach.nodAfterFrames) }
        setOpening(listening.openingAccount, events: events)
    }

    /// Counts `event` (one the report keeps).
    mutating func count(_ event: ConversationEvent) {
        switch (event.kind, event.by) {
        case (.interruption, .agent): interruptionsByAgent += 1
        case (.interruption, .customer): interruptionsByCustomer += 1
        case (.backchannel, .agent): backchannelsByAgent += 1
        case (.backchannel, .customer): backchannelsByCustomer += 1
        case (.silenceGap, nil): silenceGaps += 1
        default: break
        }
    }

    /// Sets the response gap figures from all the gaps in order.
    mutating func setResponseGaps(sorted gaps: [Int]) {
        responseGapCount = gaps.count
        responseGapSum = gaps.reduce(0, +)
        responseGapMiddleSum = gaps.isEmpty ? 0 : gaps[(gaps.count - 1) / 2] + gaps[gaps.count / 2]
    }

    /// Adds an unacknowledged stretch.
    mutating func addStretch(_ stretch: Range<Int>, thresholdFrames: Int) {
        longestUnacknowledged = max(longestUnacknowledged, stretch.count)
        if stretch.count >= thresholdFrames { unacknowledgedStretches += 1 }
    }

    /// Sets the opening account and what the agent did inside it.
    mutating func setOpening(_ account: Range<Int>?, events: [ConversationEvent]) {
        openingAccount = account
        guard let account else { return }
        openingInterrupted = events.contains {
            $0.kind == .interruption && $0.by == .agent && account.contains($0.startFrame)
        }
        openingNods = events.count { $0.kind == .backchannel && $0.by == .agent && account.contains($0.startFrame) }
    }
}
