/// The call-level figures of a report, in seconds and shares (docs/METRICS.md).
public struct Summary: Sendable, Equatable, Codable {
    /// Seconds of agent talk (bridged segments).
    public var agentTalkSeconds: Double
    /// Seconds of customer talk (bridged segments).
    public var customerTalkSeconds: Double
    /// Seconds in which both talk.
    public var overlapSeconds: Double
    /// Seconds in which neither talks (lost capture left out).
    public var silenceSeconds: Double
    /// Agent talk / (agent + customer talk); `nil` for mono input or when nobody spoke.
    public var agentShare: Double?
    /// Interruptions the agent made (docs/METRICS.md), a count.
    public var interruptionsByAgent: Int
    /// Interruptions the customer made, a count.
    public var interruptionsByCustomer: Int
    /// The agent's backchannels (verbal nods), a count.
    public var backchannelsByAgent: Int
    /// The customer's backchannels, a count.
    public var backchannelsByCustomer: Int
    /// Mutual silences at least the silence-gap length long, a count.
    public var silenceGaps: Int
    /// The agent's longest monologue, in seconds (0 without one).
    public var longestAgentMonologueSeconds: Double
    /// The customer's longest monologue, in seconds (0 without one).
    public var longestCustomerMonologueSeconds: Double
    /// Mean and median customer-to-agent response gap; `nil` when the agent never answered a turn.
    public var responseGapMeanSeconds: Double?
    /// Median customer-to-agent response gap, in seconds (see `responseGapMeanSeconds`).
    public var responseGapMedianSeconds: Double?
    /// (Turns − 1) per minute of recording (lost capture left out).
    public var switchesPerMinute: Double
    /// Listening coach: agent backchannels per minute of customer talk (`nil` without customer talk).
    public var agentNodsPerCustomerMinute: Double? = nil
    /// Longest unacknowledged stretch of customer talk, and how many reached the hint threshold (20 s).
    public var longestUnacknowledgedSeconds: Double = 0
    /// Stretches of unacknowledged customer talk that reached the hint threshold.
    public var unacknowledgedStretches: Int = 0
    /// The opening account's length (`nil` without one), whether the agent interrupted it, and the
    /// agent's nods inside it.
    public var openingAccountSeconds: Double? = nil
    /// Whether the agent interrupted the opening account (`nil` without one).
    public var openingInterrupted: Bool? = nil
    /// The agent's backchannels inside the opening account (`nil` without one).
    public var openingNods: Int? = nil

    /// A call's summary figures.
    /// - Parameters: see the properties.
    public init(
        agentTalkSeconds: Double, customerTalkSeconds: Double, overlapSeconds: Double, silenceSeconds: Double,
        agentShare: Double?, interruptionsByAgent: Int, interruptionsByCustomer: Int, backchannelsByAgent: Int,
        backchannelsByCustomer: Int, silenceGaps: Int, longestAgentMonologueSeconds: Double,
        longestCustomerMonologueSeconds: Double, responseGapMeanSeconds: Double?, responseGapMedianSeconds: Double?,
        switchesPerMinute: Double
    ) {
        self.agentTalkSeconds = agentTalkSeconds
        self.customerTalkSeconds = customerTalkSeconds
        self.overlapSeconds = overlapSeconds
        self.silenceSeconds = silenceSeconds
        self.agentShare = agentShare
        self.interruptionsByAgent = interruptionsByAgent
        self.interruptionsByCustomer = interruptionsByCustomer
        self.backchannelsByAgent = backchannelsByAgent
        self.backchannelsByCustomer = backchannelsByCustomer
        self.silenceGaps = silenceGaps
        self.longestAgentMonologueSeconds = longestAgentMonologueSeconds
        self.longestCustomerMonologueSeconds = longestCustomerMonologueSeconds
        self.responseGapMeanSeconds = responseGapMeanSeconds
        self.responseGapMedianSeconds = responseGapMedianSeconds
        self.switchesPerMinute = switchesPerMinute
    }

    enum CodingKeys: String, CodingKey {
        case agentTalkSeconds = "agent_talk_s"
        case customerTalkSeconds = "customer_talk_s"
        case overlapSeconds = "overlap_s"
        case silenceSeconds = "silence_s"
        case agentShare = "agent_share"
        case interruptionsByAgent = "interruptions_by_agent"
        case interruptionsByCustomer = "interruptions_by_customer"
        case backchannelsByAgent = "backchannels_by_agent"
        case backchannelsByCustomer = "backchannels_by_customer"
        case silenceGaps = "silence_gaps"
        case longestAgentMonologueSeconds = "longest_agent_monologue_s"
        case longestCustomerMonologueSeconds = "longest_customer_monologue_s"
        case responseGapMeanSeconds = "response_gap_mean_s"
        case responseGapMedianSeconds = "response_gap_median_s"
        case switchesPerMinute = "switches_per_min"
        case agentNodsPerCustomerMinute = "agent_nods_per_customer_min"
        case longestUnacknowledgedSeconds = "longest_unacknowledged_s"
        case unacknowledgedStretches = "unacknowledged_stretches_20s"
        case openingAccountSeconds = "opening_account_s"
        case openingInterrupted = "opening_interrupted"
        case openingNods = "opening_nods"
    }
}
