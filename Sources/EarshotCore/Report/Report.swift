/// Everything Earshot found in one call: the same for `analyze`, `replay` and `live`.
public struct Report: Sendable, Equatable {
    /// Samples per second per channel of the input.
    public var sampleRate: Int
    /// Channels of the input (1 or 2).
    public var channelCount: Int
    /// Samples per channel analysed.
    public var sampleCount: Int
    /// Input channel of each role present.
    public var roles: [Role: Int]
    /// Segments of both parties, ordered by start.
    public var segments: [Segment]
    /// Events, ordered by start.
    public var events: [ConversationEvent]
    /// Alerts, in firing order.
    public var alerts: [Alert]
    /// Call-level figures.
    public var summary: Summary
    /// Stretches of media lost by the capture device (frames, `[start, end)`); empty for files.
    public var lostCapture: [Range<Int>] = []
    /// Unacknowledged stretches of customer talk that reached the hint threshold (frames).
    public var unacknowledged: [Range<Int>] = []
    /// The customer's opening account (frames), if any.
    public var openingAccount: Range<Int>?
    /// What makes the figures less certain: crosstalk, a silent channel, clipping, …
    public var quality: RecordingQuality = .none
    /// The silence-gap and unacknowledged-talk thresholds the counts were made with.
    public var thresholds: CountThresholds = .standard

    /// A report.
    /// - Parameters: see the properties.
    public init(
        sampleRate: Int, channelCount: Int, sampleCount: Int, roles: [Role: Int], segments: [Segment],
        events: [ConversationEvent], alerts: [Alert], summary: Summary, lostCapture: [Range<Int>] = [],
        unacknowledged: [Range<Int>] = [], openingAccount: Range<Int>? = nil, quality: RecordingQuality = .none,
        thresholds: CountThresholds = .standard
    ) {
        self.sampleRate = sampleRate
        self.channelCount = channelCount
        self.sampleCount = sampleCount
        self.roles = roles
        self.segments = segments
        self.events = events
        self.alerts = alerts
        self.summary = summary
        self.lostCapture = lostCapture
        self.unacknowledged = unacknowledged
        self.openingAccount = openingAccount
        self.quality = quality
        self.thresholds = thresholds
    }

    /// Duration of the input in seconds.
    public var durationSeconds: Double { Double(sampleCount) / Double(sampleRate) }
}
