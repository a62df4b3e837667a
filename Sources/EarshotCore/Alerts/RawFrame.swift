/// The detector's decisions for the newest frame, before pause bridging has made them final.
public struct RawFrame: Sendable, Equatable {
    /// The frame decided.
    public var frame: Int
    /// Whether the agent / the customer speaks in it.
    public var agentActive: Bool
    public var customerActive: Bool
    /// Start of the agent's speech still open (pauses so far all shorter than the bridge), if any.
    public var agentOpenSegmentStart: Int?

    /// - Parameters: see the properties.
    public init(frame: Int, agentActive: Bool, customerActive: Bool, agentOpenSegmentStart: Int?) {
        self.frame = frame
        self.agentActive = agentActive
        self.customerActive = customerActive
        self.agentOpenSegmentStart = agentOpenSegmentStart
    }
}
