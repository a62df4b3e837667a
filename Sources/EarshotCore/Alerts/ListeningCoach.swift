/// The live side of the listening coach: tracks, on the detector's newest decisions, how long the
/// customer has been talking with no sound from the agent (an unacknowledged stretch), and whether
/// the customer is giving the opening account. Fixed-size state; real-time safe.
public struct ListeningCoach: Sendable {
    /// Thresholds in use.
    public let configuration: CoachConfiguration
    private var customerTalkStart: Int?
    private var lastCustomerSpeech = Int.min / 2
    /// Where the customer's current spurt began, while it is still too short to count.
    private var customerSpurtStart: Int?
    private var lastAgentSound = Int.min / 2
    /// Where the customer was first heard since the agent's last sound (that sound's end if they were talking then).
    private var heardSinceAgent: Int?
    private var acknowledged: Int?
    private var turns: CustomerTurnTracker

    /// A coach that has heard nothing yet.
    /// - Parameters:
    ///   - configuration: thresholds.
    ///   - conversation: the pause bridge and backchannel rules the customer's turns are judged by.
    public init(configuration: CoachConfiguration = .standard, conversation: ConversationConfiguration = .standard) {
        self.configuration = configuration
        turns = CustomerTurnTracker(
            pauseFrames: configuration.pauseFrames, openingMinFrames: configuration.openingMinFrames,
            openingCutInFrames: configuration.openingCutInFrames, conversation: conversation)
    }

    /// Frames since the agent last made a sound while the customer talks now, else `nil`.
    public private(set) var quietFramesWhileCustomerTalks: Int?

    /// Feeds one frame of decisions; returns the start of an unacknowledged stretch that has just
    /// reached `nodAfterFrames` (the `acknowledge` hint), if any.
    ///
    /// The stretch is measured to the current frame while the customer's turn is open (their pauses under
    /// `pauseFrames` included), so the hint can come in a pause, the moment to nod, before it is known whether
    /// the customer goes on; after an agent sound it starts where the customer is next heard. Only speech that counts
    /// (not a click or breath still to be dropped) starts or ends a stretch; any agent sound holds the hint back while
    /// it lasts.
    /// - Parameter raw: the newest frame's decisions.
    /// - Returns: the start frame of the stretch that just reached the threshold, or `nil`.
    public mutating func process(_ raw: RawFrame) -> Int? {
        let r = raw.frame
        let c = configuration
        if raw.agentCounts {
            lastAgentSound = r + 1
            heardSinceAgent = nil
        }
        turns.process(raw)
        // Only customer speech that counts (not a click or breath still to be dropped) starts or carries on a
        // stretch, from where its spurt began.
        if let pending = raw.customerPendingStart { customerSpurtStart = pending }
        if raw.customerCounts {
            let start = customerSpurtStart ?? r
            if start - lastCustomerSpeech >= c.pauseFrames || customerTalkStart == nil { customerTalkStart = start }
            if heardSinceAgent == nil { heardSinceAgent = max(start, lastAgentSound) }
            lastCustomerSpeech = r
        }
        if !raw.customerActive { customerSpurtStart = nil }
        let talking = customerTalkStart != nil && r - lastCustomerSpeech < c.pauseFrames
        // Not in the silence after the agent's sound before the customer is heard again: that wait is no talk.
        guard talking, !raw.agentActive, let talkStart = customerTalkStart, let heard = heardSinceAgent else {
            quietFramesWhileCustomerTalks = nil
            return nil
        }
        let stretchStart = max(talkStart, heard)
        quietFramesWhileCustomerTalks = r + 1 - stretchStart
        if r + 1 - stretchStart >= c.nodAfterFrames, acknowledged != stretchStart {
            acknowledged = stretchStart
            return stretchStart
        }
        return nil
    }

    /// Whether a cut-in at `frame`, alerted now, falls in the opening account (see `CustomerTurnTracker`); a cut-in
    /// far enough into the customer's first turn makes that turn the account.
    /// - Parameter frame: the frame the cut-in starts at.
    /// - Returns: `true` when `frame` lies in the customer's opening turn.
    public mutating func tagCutIn(at frame: Int) -> Bool { turns.tagCutIn(at: frame) }
}
