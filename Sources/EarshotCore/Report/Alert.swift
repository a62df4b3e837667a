/// A live alert, fired while the media was being processed.
public struct Alert: Sendable, Equatable, Codable {
    /// The alert rules, spelled as in the JSON report.
    public enum Rule: String, Sendable, Codable, CaseIterable {
        /// The agent cut in on the customer (an interruption by the agent, as soon as it is certain).
        case agentInterrupts = "agent_interrupts"
        /// The agent's share of talk over the dominance window passed the dominance share.
        case agentDominates = "agent_dominates"
        /// Dead air: mutual silence reached the silence-gap threshold.
        case silenceGap = "silence_gap"
        /// The agent has talked without a break long enough to be a monologue.
        case agentMonologue = "agent_monologue"
        /// A coaching hint: the customer has talked for a while with no sound from the agent.
        case acknowledge
    }

    /// Where in the call an alert fell, when that changes its advice.
    public enum Phase: String, Sendable, Codable {
        /// During the customer's opening account: "let them finish".
        case opening
    }

    /// Which rule fired.
    public var rule: Rule
    /// The media frame at which it fired (what `t` reports: the input consumed so far).
    public var firedFrame: Int
    /// The frame at which what it reports began (`start`).
    public var startFrame: Int
    /// The phase of the call, for `agent_interrupts` during the opening account.
    public var phase: Phase?

    /// An alert.
    /// - Parameters: see the properties.
    public init(rule: Rule, firedFrame: Int, startFrame: Int, phase: Phase? = nil) {
        self.rule = rule
        self.firedFrame = firedFrame
        self.startFrame = startFrame
        self.phase = phase
    }
}
