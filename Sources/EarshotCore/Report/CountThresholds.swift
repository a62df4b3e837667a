/// The settings behind a report's threshold counts, so every view can say what was counted.
public struct CountThresholds: Sendable, Equatable {
    /// Shortest mutual silence between two stretches of speech counted as a silence gap, in seconds.
    public var silenceGapSeconds: Double
    /// Shortest stretch of customer talk with no sound from the agent counted as unacknowledged, in seconds.
    public var unacknowledgedSeconds: Double

    /// The thresholds counts were made with.
    /// - Parameters: see the properties.
    public init(silenceGapSeconds: Double, unacknowledgedSeconds: Double) {
        self.silenceGapSeconds = silenceGapSeconds
        self.unacknowledgedSeconds = unacknowledgedSeconds
    }

    /// The default settings' thresholds: 3 s and 20 s.
    public static let standard = CountThresholds(silenceGapSeconds: 3, unacknowledgedSeconds: 20)
}
