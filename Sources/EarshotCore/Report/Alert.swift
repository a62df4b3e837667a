/// A live alert, fired while the media was being processed.
public struct Alert: Sendable, Equatable, Codable {
    /// The alert rules, spelled as in the JSON report.
    public enum Rule: String, Sendable, Codable, CaseIterable {
        case agentInterrupts = "agent_interrupts"
        case agentDominates = "agent_dominates"
        case silenceGap = "silence_gap"
        case agentMonologue = "agent_monologue"
    }

    /// Which rule fired.
    public var rule: Rule
    /// The media frame at which it fired (what `t` reports: the input consumed so far).
    public var firedFrame: Int
    /// The frame at which what it reports began (`start`).
    public var startFrame: Int

    /// - Parameters: see the properties.
    public init(rule: Rule, firedFrame: Int, startFrame: Int) {
        self.rule = rule
        self.firedFrame = firedFrame
        self.startFrame = startFrame
    }
}
