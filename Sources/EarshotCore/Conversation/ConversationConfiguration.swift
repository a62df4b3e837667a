/// Thresholds of the conversation definitions in docs/METRICS.md, in 10 ms frames.
public struct ConversationConfiguration: Sendable, Equatable {
    /// Pauses shorter than this inside one speaker's talk are bridged. Default 30 (0.3 s).
    public let bridgeFrames: Int
    /// A segment this long or shorter, starting and ending inside the other's speech, is a
    /// backchannel. Default 100 (1.0 s).
    public let backchannelMaxFrames: Int
    /// Such a segment that ends after the other's speech is still a backchannel when the other speaks again
    /// within this many frames of its end (before it speaks again itself): the other went on, too quietly to be
    /// heard under it. 0 turns this off. Default 50 (0.5 s).
    public let backchannelResumeFrames: Int
    /// An interruption overlaps the other's speech by at least this much. Default 30 (0.3 s).
    public let interruptionMinOverlapFrames: Int
    /// Mutual silence at least this long (after the first speech) is a silence gap. Default 300 (3.0 s).
    public let silenceGapMinFrames: Int
    /// A pause this long or longer ends a monologue. Default 300 (3.0 s).
    public let monologueMaxPauseFrames: Int

    /// Builds a configuration from seconds (the unit users see).
    /// - Parameters:
    ///   - bridgeSeconds: pauses shorter than this inside one speaker's talk are bridged, 0 … 5 s and no longer
    ///     than `silenceGapMinSeconds`. Default 0.3.
    ///   - backchannelMaxSeconds: the longest backchannel, 0.1 … 10 s. Default 1.0.
    ///   - backchannelResumeSeconds: how soon the other must speak again after a backchannel that outlasts their
    ///     speech, 0 … 10 s (0 turns this off). Default 0.5.
    ///   - interruptionMinOverlapSeconds: the least overlap of an interruption, 0.01 … 10 s. Default 0.3.
    ///   - silenceGapMinSeconds: the shortest silence gap, 0.1 … 600 s. Default 3.0.
    ///   - monologueMaxPauseSeconds: a pause this long or longer ends a monologue, 0.1 … 600 s. Default 3.0.
    /// - Throws: `ConfigurationError`: `outOfRange` when a value is outside its valid range, `conflicting` when the
    ///   bridge is longer than the silence gap minimum.
    public init(
        bridgeSeconds: Double = 0.3, backchannelMaxSeconds: Double = 1.0, backchannelResumeSeconds: Double = 0.5,
        interruptionMinOverlapSeconds: Double = 0.3, silenceGapMinSeconds: Double = 3.0,
        monologueMaxPauseSeconds: Double = 3.0
    ) throws(ConfigurationError) {
        func frames(_ seconds: Double, _ name: String, _ range: ClosedRange<Double>) throws(ConfigurationError) -> Int {
            guard range.contains(seconds) else {
                throw ConfigurationError(
                    .outOfRange, "\(name) must be \(range.lowerBound) ... \(range.upperBound) s, got \(seconds)")
            }
            return Int((seconds * Double(FrameClock.framesPerSecond)).rounded())
        }
        bridgeFrames = try frames(bridgeSeconds, "bridge", 0...5)
        backchannelMaxFrames = try frames(backchannelMaxSeconds, "backchannel maximum", 0.1...10)
        backchannelResumeFrames = try frames(backchannelResumeSeconds, "backchannel resume", 0...10)
        interruptionMinOverlapFrames = try frames(interruptionMinOverlapSeconds, "interruption overlap", 0.01...10)
        silenceGapMinFrames = try frames(silenceGapMinSeconds, "silence gap minimum", 0.1...600)
        monologueMaxPauseFrames = try frames(monologueMaxPauseSeconds, "monologue pause", 0.1...600)
        // A pause the bridge joins (one shorter than the bridge) is one speaker's talk, so it cannot also be mutual
        // silence: with a bridge longer than the gap, gaps would vanish from the report while live alerts still
        // announced them.
        guard bridgeFrames <= silenceGapMinFrames else {
            throw ConfigurationError(
                .conflicting,
                "bridge (\(bridgeSeconds) s) must not be longer than the silence gap minimum (\(silenceGapMinSeconds) s)"
            )
        }
    }

    /// The defaults of docs/METRICS.md.
    public static let standard = try! ConversationConfiguration()
}
