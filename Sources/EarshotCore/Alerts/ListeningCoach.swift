/// The live side of the listening coach: tracks, on the detector's newest decisions, how long the
/// customer has been talking with no sound from the agent (an unacknowledged stretch), and whether
/// the customer is giving the opening account. Fixed-size state; real-time safe.
public struct ListeningCoach: Sendable {
    /// Thresholds in use.
    public let configuration: CoachConfiguration
    private var customerTalkStart: Int?
    private var lastCustomerSpeech = Int.min / 2
    private var lastAgentSound = Int.min / 2
    private var agentRunStart: Int?
    private var acknowledged: Int?
    /// The opening account once a turn long enough has ended: `[start, end]` in frames.
    private var opening: (start: Int, end: Int)?
    /// Start of the customer's current turn (pauses under 3 s, until the agent takes the floor).
    public private(set) var turnStart: Int?

    /// - Parameter configuration: thresholds.
    public init(configuration: CoachConfiguration = .standard) {
        self.configuration = configuration
    }

    /// Frames since the agent last made a sound while the customer talks now, else `nil`.
    public private(set) var quietWhileCustomerTalks: Int?

    /// Feeds one frame of decisions; returns the start of an unacknowledged stretch that has just
    /// reached `nodAfterFrames` (the `acknowledge` hint), if any.
    /// - Parameter agentTookFloor: the agent's current speech is already longer than a backchannel.
    public mutating func process(_ raw: RawFrame, agentTookFloor: Bool) -> Int? {
        let r = raw.frame
        let c = configuration
        if raw.agentActive {
            lastAgentSound = r + 1
            if agentRunStart == nil { agentRunStart = r }
        } else {
            agentRunStart = nil
        }
        if agentTookFloor { endTurn(at: r) }
        if raw.customerActive {
            if r - lastCustomerSpeech >= c.pauseFrames || customerTalkStart == nil { customerTalkStart = r }
            if turnStart != nil && r - lastCustomerSpeech >= c.pauseFrames { endTurn(at: lastCustomerSpeech + 1) }
            if turnStart == nil { turnStart = r }
            lastCustomerSpeech = r
        }
        let talking = customerTalkStart != nil && r - lastCustomerSpeech < c.pauseFrames
        guard talking, !raw.agentActive, let talkStart = customerTalkStart else {
            quietWhileCustomerTalks = nil
            return nil
        }
        let stretchStart = max(talkStart, lastAgentSound)
        quietWhileCustomerTalks = r + 1 - stretchStart
        if r + 1 - stretchStart >= c.nodAfterFrames, acknowledged != stretchStart {
            acknowledged = stretchStart
            return stretchStart
        }
        return nil
    }

    private mutating func endTurn(at frame: Int) {
        guard let start = turnStart else { return }
        turnStart = nil
        let end = max(frame, lastCustomerSpeech + 1)
        if opening == nil && end - start >= configuration.openingMinFrames { opening = (start, end) }
    }

    /// Whether a cut-in at `frame` falls in the opening account: the customer's first turn of at least
    /// `openingMinFrames`, already that long at the cut-in.
    public func isOpening(cutInAt frame: Int) -> Bool {
        if let opening { return frame >= opening.start && frame <= opening.end }
        guard let start = turnStart else { return false }
        return frame - start >= configuration.openingMinFrames
    }
}
