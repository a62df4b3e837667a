/// Thresholds of the listening-coach figures and hints (docs/METRICS.md). Durations in 10 ms frames.
public struct CoachConfiguration: Sendable, Equatable {
    /// `acknowledge` fires when an unacknowledged stretch reaches this. Default 2 000 (20 s).
    public let nodAfterFrames: Int
    /// Customer pauses shorter than this keep the customer talking; turns end after this much silence.
    /// Default 300 (3.0 s).
    public let pauseFrames: Int
    /// The opening account is the customer's first turn lasting at least this. Default 1 000 (10 s).
    public let openingMinFrames: Int
    /// ... or the first the agent cut into at least this far into it, however short it stays (the account the
    /// agent did not let run on). Default 300 (3.0 s).
    public let openingCutInFrames: Int

    /// Coaching thresholds, validated.
    /// - Parameters: each sets the property of the same name (its unit, valid range and default are
    ///   given there).
    /// - Throws: `ConfigurationError` (`outOfRange`) when a value is outside its valid range.
    public init(
        nodAfterSeconds: Double = 20, pauseSeconds: Double = 3, openingMinSeconds: Double = 10,
        openingCutInSeconds: Double = 3
    )
        throws(ConfigurationError)
    {
        guard nodAfterSeconds >= 1, nodAfterSeconds <= 3_600 else {
            throw ConfigurationError(.outOfRange, "nod-after must be 1 ... 3600 s")
        }
        guard pauseSeconds >= 0.1, pauseSeconds <= 60 else {
            throw ConfigurationError(.outOfRange, "coach pause must be 0.1 ... 60 s")
        }
        guard openingMinSeconds >= 1, openingMinSeconds <= 600 else {
            throw ConfigurationError(.outOfRange, "opening account minimum must be 1 ... 600 s")
        }
        guard openingCutInSeconds >= 0, openingCutInSeconds <= 600 else {
            throw ConfigurationError(.outOfRange, "opening cut-in must be 0 ... 600 s")
        }
        let fps = Double(FrameClock.framesPerSecond)
        nodAfterFrames = Int((nodAfterSeconds * fps).rounded())
        pauseFrames = Int((pauseSeconds * fps).rounded())
        openingMinFrames = Int((openingMinSeconds * fps).rounded())
        openingCutInFrames = Int((openingCutInSeconds * fps).rounded())
    }

    /// The defaults.
    public static let standard = try! CoachConfiguration()
}
