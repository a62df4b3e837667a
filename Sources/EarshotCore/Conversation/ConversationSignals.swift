/// What the conversation analyzer knows at the end of one frame, for the alert rules.
public struct ConversationSignals: Sendable, Equatable {
    /// The frame these signals describe.
    public var frame = 0
    /// Whether the agent speaks in this frame.
    public var agentActive = false
    /// Whether the customer speaks in this frame.
    public var customerActive = false
    /// Start frame of an agent interruption that became certain in this frame, else `nil`.
    public var agentInterruptionStart: Int?
    /// Length of the mutual silence running through this frame (0 when someone speaks, and before
    /// anyone has spoken).
    public var mutualSilenceFrames = 0
    /// First frame of that silence.
    public var mutualSilenceStart = 0
    /// Start frame of the agent's segment open in this frame, else `nil`.
    public var agentSegmentStart: Int?
    /// Whether that segment started while the customer was speaking.
    public var agentStartedInsideCustomer = false
    /// Frames of that segment so far in which the customer also speaks.
    public var agentOverlapFrames = 0
    /// Length so far of the agent monologue running through this frame, 0 when none.
    public var agentMonologueFrames = 0
    /// First frame of that monologue.
    public var agentMonologueStart = 0

    /// An empty signal set.
    public init() {}
}
