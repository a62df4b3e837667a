/// The detector's decisions for the newest frame, before pause bridging has made them final.
public struct RawFrame: Sendable, Equatable {
    /// The frame decided.
    public var frame: Int
    /// Whether the agent / the customer speaks in it.
    public var agentActive: Bool
    /// Whether the customer speaks in it.
    public var customerActive: Bool
    /// Start of the agent's speech still open (pauses so far all shorter than the bridge), if any.
    public var agentOpenSegmentStart: Int?
    /// Start of the agent's / the customer's open talk spurt while it is still too short to count as
    /// speech (it may yet be dropped), else `nil`.
    public var agentPendingStart: Int?
    /// Start of the customer's talk spurt still too short to count, else `nil` (see `agentPendingStart`).
    public var customerPendingStart: Int?

    /// One frame of the newest decisions.
    /// - Parameters: see the properties.
    public init(
        frame: Int, agentActive: Bool, customerActive: Bool, agentOpenSegmentStart: Int?,
        agentPendingStart: Int? = nil, customerPendingStart: Int? = nil
    ) {
        self.frame = frame
        self.agentActive = agentActive
        self.customerActive = customerActive
        self.agentOpenSegmentStart = agentOpenSegmentStart
        self.agentPendingStart = agentPendingStart
        self.customerPendingStart = customerPendingStart
    }

    /// Whether the agent / the customer speaks in a spurt already long enough to count: speech that the
    /// final decisions will keep.
    public var agentCounts: Bool { agentActive && agentPendingStart == nil }
    /// Whether the customer speaks in a spurt already long enough to count.
    public var customerCounts: Bool { customerActive && customerPendingStart == nil }

    /// The earliest start of a spurt, on either channel, that may yet be dropped.
    public var pendingSpurtStart: Int? {
        guard let agent = agentPendingStart else { return customerPendingStart }
        return min(agent, customerPendingStart ?? agent)
    }
}
