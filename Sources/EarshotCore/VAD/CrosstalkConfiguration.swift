/// Settings of the cross-channel leak (crosstalk, echo) suppression. Immutable; validated in `init`.
public struct CrosstalkConfiguration: Sendable, Equatable {
    /// Whether stereo input is de-leaked at all. Default true.
    public let enabled: Bool
    /// A channel's own voice must exceed the predicted leak of the other channel by this much, per
    /// sub-band, to count. Default 6 dB.
    public let marginDB: Float
    /// The leak path is learnt only while the other channel is at least this far above its noise floor.
    /// Default 15 dB.
    public let learnSNRDB: Float
    /// Longest leak delay searched and covered by the leak prediction, in 10 ms frames. Default 5 (50 ms).
    public let maxDelayFrames: Int
    /// Leak gain assumed before any has been measured. Default -10 dB (suppress until learnt).
    public let initialLeakDB: Float
    /// What the bin-by-bin removal leaves of a leak (the leak's window lies between the source's frames, so its
    /// bins do not match theirs exactly) is taken off per sub-band too: this share of the band's predicted leak
    /// (with the margin), where it stands more than `residualMaskDB` over the channel's noise floor (below that,
    /// the noise hides it). On a quiet line a -10 dB leak left 20-40 dB over the floor counted as speech.
    /// Defaults 0.3 and 18 dB; a share of 0 turns it off.
    public let residualShare: Float
    /// How far over the noise floor a sub-band's predicted leak must stand to be taken off (see `residualShare`).
    public let residualMaskDB: Float

    /// Crosstalk settings, validated.
    /// - Parameters: each sets the property of the same name (its unit, valid range and default are
    ///   given there).
    /// - Throws: `ConfigurationError` (`outOfRange`) when a value is outside its valid range.
    public init(
        enabled: Bool = true, marginDB: Float = 6, learnSNRDB: Float = 15, maxDelayFrames: Int = 5,
        initialLeakDB: Float = -10, residualShare: Float = 0.3, residualMaskDB: Float = 18
    ) throws(ConfigurationError) {
        guard (0...30).contains(marginDB) else {
            throw ConfigurationError(.outOfRange, "crosstalk margin must be 0 ... 30 dB")
        }
        guard (0...7).contains(maxDelayFrames) else {
            throw ConfigurationError(.outOfRange, "crosstalk delay must be 0 ... 7 frames")
        }
        guard (-80...0).contains(initialLeakDB) else {
            throw ConfigurationError(.outOfRange, "initial leak must be -80 ... 0 dB")
        }
        guard (0...1).contains(residualShare), (0...60).contains(residualMaskDB) else {
            throw ConfigurationError(.outOfRange, "residual share must be 0 ... 1 and its mask 0 ... 60 dB")
        }
        self.enabled = enabled
        self.marginDB = marginDB
        self.learnSNRDB = learnSNRDB
        self.maxDelayFrames = maxDelayFrames
        self.initialLeakDB = initialLeakDB
        self.residualShare = residualShare
        self.residualMaskDB = residualMaskDB
    }

    /// The defaults.
    public static let standard = try! CrosstalkConfiguration()
}
