/// Every setting of the engine: features, detector, conversation definitions, alert rules and roles.
public struct EngineConfiguration: Sendable, Equatable {
    public var features: FeatureConfiguration
    public var vad: VADConfiguration
    public var crosstalk: CrosstalkConfiguration
    public var conversation: ConversationConfiguration
    public var alerts: AlertConfiguration
    public var coach: CoachConfiguration
    /// The channel carrying the agent (0 or 1); the other is the customer. Default 0.
    public var agentChannel: Int

    /// - Throws: `ConfigurationError` when `agentChannel` is not 0 or 1.
    public init(
        features: FeatureConfiguration = .standard, vad: VADConfiguration = .standard,
        crosstalk: CrosstalkConfiguration = .standard,
        conversation: ConversationConfiguration = .standard, alerts: AlertConfiguration = .standard,
        coach: CoachConfiguration = .standard, agentChannel: Int = 0
    ) throws(ConfigurationError) {
        guard agentChannel == 0 || agentChannel == 1 else {
            throw ConfigurationError("agent channel must be 0 or 1, got \(agentChannel)")
        }
        self.features = features
        self.vad = vad
        self.crosstalk = crosstalk
        self.conversation = conversation
        self.alerts = alerts
        self.coach = coach
        self.agentChannel = agentChannel
    }

    /// The defaults.
    public static let standard = try! EngineConfiguration()
}
