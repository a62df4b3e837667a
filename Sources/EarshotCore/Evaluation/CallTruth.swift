/// What really happened in a two-party call: per-role speech, events and agent share (from a truth file).
public struct CallTruth: Sendable, Equatable {
    /// A true event.
    public struct Event: Sendable, Equatable {
        /// What kind of event.
        public var kind: ConversationEvent.Kind
        /// Who made it (interruptions and backchannels), or `nil` (silence gaps).
        public var by: Role?
        /// When, in seconds.
        public var span: TimeSpan

        /// A true event.
        /// - Parameters: see the properties.
        public init(kind: ConversationEvent.Kind, by: Role?, span: TimeSpan) {
            self.kind = kind
            self.by = by
            self.span = span
        }
    }

    /// Speech spans of each role.
    public var speech: [Role: [TimeSpan]]
    /// Every true event.
    public var events: [Event]
    /// The true agent share, if stated.
    public var agentShare: Double?
    /// Which variant of a call this is (e.g. "realbleed16"), if stated.
    public var variant: String?

    /// A call's truth.
    /// - Parameters: see the properties.
    public init(speech: [Role: [TimeSpan]], events: [Event], agentShare: Double?, variant: String?) {
        self.speech = speech
        self.events = events
        self.agentShare = agentShare
        self.variant = variant
    }
}
