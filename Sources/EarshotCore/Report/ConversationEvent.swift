/// Something the conversation did: an interruption, a backchannel or a silence gap (docs/METRICS.md).
public struct ConversationEvent: Sendable, Equatable, Codable {
    /// The kinds of event, spelled as in the JSON report.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A party started inside the other's speech and overlapped it long enough (docs/METRICS.md).
        case interruption
        /// A short listener's utterance inside the other's talk ("uh huh").
        case backchannel
        /// Mutual silence at least the silence-gap threshold long.
        case silenceGap = "silence_gap"
    }

    /// What happened.
    public var kind: Kind
    /// Who did it; `nil` for silence gaps.
    public var by: Role?
    /// First frame.
    public var startFrame: Int
    /// First frame after it.
    public var endFrame: Int

    /// An event.
    /// - Parameters: see the properties.
    public init(kind: Kind, by: Role?, startFrame: Int, endFrame: Int) {
        self.kind = kind
        self.by = by
        self.startFrame = startFrame
        self.endFrame = endFrame
    }
}
