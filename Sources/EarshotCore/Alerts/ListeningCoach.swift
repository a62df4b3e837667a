/// The live side of the listening coach: tracks, on the detector's newest decisions, how long the
/// customer has been talking with no sound from the agent (an unacknowledged stretch), and whether
/// the customer is giving the opening account. Fixed-size state; real-time safe.
public struct ListeningCoach: Sendable {
    /// Thresholds in use.
    public let configuration: CoachConfiguration
    private var customerTalkStart: Int?
    private var lastCustomerSpeech = Int.min / 2
    private var lastAgentSound = Int.min / 2
    private var acknowledged: Int?
    private var turns: CustomerTurnTracker

    /// - Parameters:
    ///   - configuration: thresholds.
    ///   - conversation: the pause bridge and backchannel rules the customer's turns are judged by.
    public init(configuration: CoachConfiguration = .standard, conversation: ConversationConfiguration = .standard) {
        self.configuration = configuration
        turns = CustomerTurnTracker(
            pauseFrames: configuration.pauseFrames, openingMinFrames: configuration.openingMinFrames,
            conversation: conversation)
    }

    /// Frames of the customer's talk heard since the agent last made a sound (to the customer's latest speech),
    /// while the customer talks now, else `nil`.
    public private(set) var quietWhileCustomerTalks: Int?

    /// Feeds one frame of decisions; returns the start of an unacknowledged stretch that has just
    /// reached `nodAfterFrames` (the `acknowledge` hint), if any.
    ///
    /// As in the report, the stretch runs from its start to the customer's latest speech, not on through their
    /// silence; and only agent sound that counts (not a click or breath still to be dropped) ends it, while any
    /// agent sound holds the hint back until it is known.
    public mutating func process(_ raw: RawFrame) -> Int? {
        let r = raw.frame
        let c = configuration
        if raw.agentCounts { lastAgentSound = r + 1 }
        turns.process(raw)
        if raw.customerActive {
            if r - lastCustomerSpeech >= c.pauseFrames || customerTalkStart == nil { customerTalkStart = r }
            lastCustomerSpeech = r
        }
        let talking = customerTalkStart != nil && r - lastCustomerSpeech < c.pauseFrames
        guard talking, let talkStart = customerTalkStart, lastCustomerSpeech >= lastAgentSound else {
            quietWhileCustomerTalks = nil
            return nil
        }
        let stretchStart = max(talkStart, lastAgentSound)
        let heard = lastCustomerSpeech + 1 - stretchStart
        quietWhileCustomerTalks = heard
        if heard >= c.nodAfterFrames, !raw.agentActive, acknowledged != stretchStart {
            acknowledged = stretchStart
            return stretchStart
        }
        return nil
    }

    /// Whether a cut-in at `frame` falls in the opening account (see `CustomerTurnTracker`).
    public func isOpening(cutInAt frame: Int) -> Bool { turns.isOpening(cutInAt: frame) }
}
