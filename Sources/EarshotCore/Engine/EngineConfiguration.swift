/// Every setting of the engine: features, detector, conversation definitions, alert rules and roles. Each
/// part is validated when it is made, so any combination of them is valid.
public struct EngineConfiguration: Sendable, Equatable {
    /// Analysis window and speech band.
    public var features: FeatureConfiguration
    /// The speech detector's thresholds and timings.
    public var vad: VADConfiguration
    /// Crosstalk removal.
    public var crosstalk: CrosstalkConfiguration
    /// The conversation definitions (bridging, backchannel, interruption, silence gap, monologue).
    public var conversation: ConversationConfiguration
    /// The live alert rules.
    public var alerts: AlertConfiguration
    /// The listening coach.
    public var coach: CoachConfiguration
    /// The channel carrying the agent (0 or 1); the other is the customer. Default 0. Changed only through
    /// `with(agentChannel:)`, which checks it.
    public private(set) var agentChannel: Int

    /// Every setting of the engine, validated.
    /// - Parameters: each sets the property of the same name (its unit, valid range and default are
    ///   given there).
    /// - Throws: `ConfigurationError` (`outOfRange`) when `agentChannel` is not 0 or 1.
    public init(
        features: FeatureConfiguration = .standard, vad: VADConfiguration = .standard,
        crosstalk: CrosstalkConfiguration = .standard,
        conversation: ConversationConfiguration = .standard, alerts: AlertConfiguration = .standard,
        coach: CoachConfiguration = .standard, agentChannel: Int = 0
    ) throws(ConfigurationError) {
        guard agentChannel == 0 || agentChannel == 1 else {
            throw ConfigurationError(.outOfRange, "agent channel must be 0 or 1, got \(agentChannel)")
        }
        self.features = features
        self.vad = vad
        self.crosstalk = crosstalk
        self.conversation = conversation
        self.alerts = alerts
        self.coach = coach
        self.agentChannel = agentChannel
    }

    /// This configuration with the agent on `channel`.
    /// - Parameter channel: 0 or 1.
    /// - Returns: a copy of this configuration, only `agentChannel` changed.
    /// - Throws: `ConfigurationError` (`outOfRange`) when `channel` is not 0 or 1.
    public func with(agentChannel channel: Int) throws(ConfigurationError) -> EngineConfiguration {
        guard channel == 0 || channel == 1 else {
            throw ConfigurationError(.outOfRange, "agent channel must be 0 or 1, got \(channel)")
        }
        var changed = self
        changed.agentChannel = channel
        return changed
    }

    /// The defaults.
    public static let standard = try! EngineConfiguration()
}
