/// Thresholds of the live alert rules (docs/METRICS.md). Durations in 10 ms frames.
public struct AlertConfiguration: Sendable, Equatable {
    /// Window over which `agent_dominates` measures agent share. Default 12 000 (120 s).
    public let dominanceWindowFrames: Int
    /// Talk (agent + customer) needed in the window before the share counts. Default 3 000 (30 s): an
    /// agent-heavy opening (a greeting, the first questions) is not yet a call the agent dominates.
    public let dominanceMinTalkFrames: Int
    /// `agent_dominates` fires when the windowed agent share rises above this. Default 0.65.
    public let dominanceShare: Double
    /// …and re-arms only after it falls below this. Default 0.55.
    public let dominanceRearmShare: Double
    /// `silence_gap` fires when mutual silence reaches this. Default 300 (3.0 s).
    public let silenceFrames: Int
    /// `agent_monologue` fires when an agent monologue reaches this. Default 6 000 (60 s).
    public let monologueFrames: Int

    /// Builds a configuration from seconds and shares.
    /// - Parameters:
    ///   - dominanceWindowSeconds: window over which `agent_dominates` measures agent share, 5 … 3600 s. Default 120.
    ///   - dominanceMinTalkSeconds: talk needed in the window before the share counts, 0 s … twice the window.
    ///     Default 30.
    ///   - dominanceShare: agent share above which `agent_dominates` fires, 0 < share < 1. Default 0.65.
    ///   - dominanceRearmShare: agent share below which it re-arms, 0 … `dominanceShare`. Default 0.55.
    ///   - silenceSeconds: mutual silence at which `silence_gap` fires, 0.1 … 600 s. Default 3.0.
    ///   - monologueSeconds: agent monologue at which `agent_monologue` fires, 1 … 36000 s. Default 60.
    /// - Throws: `ConfigurationError`: `outOfRange` when a value is outside its valid range, `conflicting` when the
    ///   re-arm share is above the dominance share.
    public init(
        dominanceWindowSeconds: Double = 120, dominanceMinTalkSeconds: Double = 30, dominanceShare: Double = 0.65,
        dominanceRearmShare: Double = 0.55, silenceSeconds: Double = 3.0, monologueSeconds: Double = 60
    ) throws(ConfigurationError) {
        guard (5...3_600).contains(dominanceWindowSeconds) else {
            throw ConfigurationError(.outOfRange, "dominance window must be 5 ... 3600 s")
        }
        guard dominanceMinTalkSeconds >= 0, dominanceMinTalkSeconds <= dominanceWindowSeconds * 2 else {
            throw ConfigurationError(.outOfRange, "dominance minimum talk must be 0 ... twice the window")
        }
        guard dominanceShare > 0, dominanceShare < 1, dominanceRearmShare >= 0 else {
            throw ConfigurationError(.outOfRange, "dominance share must be over 0 and under 1, its re-arm share >= 0")
        }
        guard dominanceRearmShare <= dominanceShare else {
            throw ConfigurationError(.conflicting, "the dominance re-arm share must not be over the dominance share")
        }
        guard silenceSeconds >= 0.1, silenceSeconds <= 600 else {
            throw ConfigurationError(.outOfRange, "silence alert must be 0.1 ... 600 s")
        }
        guard monologueSeconds >= 1, monologueSeconds <= 36_000 else {
            throw ConfigurationError(.outOfRange, "monologue alert must be 1 ... 36000 s")
        }
        let fps = Double(FrameClock.framesPerSecond)
        dominanceWindowFrames = Int((dominanceWindowSeconds * fps).rounded())
        dominanceMinTalkFrames = Int((dominanceMinTalkSeconds * fps).rounded())
        self.dominanceShare = dominanceShare
        self.dominanceRearmShare = dominanceRearmShare
        silenceFrames = Int((silenceSeconds * fps).rounded())
        monologueFrames = Int((monologueSeconds * fps).rounded())
    }

    /// The defaults of docs/METRICS.md.
    public static let standard = try! AlertConfiguration()
}
