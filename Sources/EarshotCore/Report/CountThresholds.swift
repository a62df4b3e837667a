/// The settings behind a report's threshold counts and its calls' QA flags, so every view can say what was counted.
public struct CountThresholds: Sendable, Equatable {
    /// Shortest mutual silence between two stretches of speech counted as a silence gap, in seconds.
    public var silenceGapSeconds: Double
    /// Shortest stretch of customer talk with no sound from the agent counted as unacknowledged, in seconds.
    public var unacknowledgedSeconds: Double
    /// Agent share above which a call is flagged dominant (the `agent_dominates` alert's share), 0 … 1.
    public var dominanceShare: Double
    /// Shortest agent monologue a call is flagged for (the `agent_monologue` alert's length), in seconds.
    public var monologueSeconds: Double

    /// The thresholds counts and flags were made with.
    /// - Parameters: see the properties; the last two default to the alerts' defaults.
    public init(
        silenceGapSeconds: Double, unacknowledgedSeconds: Double,
        dominanceShare: Double = AlertConfiguration.standard.dominanceShare,
        monologueSeconds: Double = FrameClock.seconds(ofFrame: AlertConfiguration.standard.monologueFrames)
    ) {
        self.silenceGapSeconds = silenceGapSeconds
        self.unacknowledgedSeconds = unacknowledgedSeconds
        self.dominanceShare = dominanceShare
        self.monologueSeconds = monologueSeconds
    }

    /// The default settings' thresholds: 3 s, 20 s, 0.65 and 60 s.
    public static let standard = CountThresholds(silenceGapSeconds: 3, unacknowledgedSeconds: 20)
}
