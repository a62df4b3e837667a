/// How frames are cut and which band the features look at.
public struct FeatureConfiguration: Sendable, Equatable {
    /// Analysis window length in milliseconds (Hann window, zero-padded to a power of two). Default 25.
    public let windowMilliseconds: Int
    /// Lower edge of the speech band in hertz. Default 200.
    public let bandLowHz: Double
    /// Upper edge of the speech band in hertz (clipped below Nyquist). Default 3 400, so 8 kHz
    /// telephone audio has the same band as wideband audio.
    public let bandHighHz: Double

    /// Feature settings, validated.
    /// - Parameters: each sets the property of the same name (its unit, valid range and default are
    ///   given there).
    /// - Throws: `ConfigurationError` (`outOfRange`) when a value is outside its valid range.
    public init(
        windowMilliseconds: Int = 25, bandLowHz: Double = 200, bandHighHz: Double = 3_400
    ) throws(ConfigurationError) {
        guard (10...64).contains(windowMilliseconds) else {
            throw ConfigurationError(.outOfRange, "windowMilliseconds must be 10 ... 64, got \(windowMilliseconds)")
        }
        guard bandLowHz >= 0, bandHighHz > bandLowHz + 200 else {
            throw ConfigurationError(
                .outOfRange, "speech band must be at least 200 Hz wide, got \(bandLowHz) ... \(bandHighHz) Hz")
        }
        self.windowMilliseconds = windowMilliseconds
        self.bandLowHz = bandLowHz
        self.bandHighHz = bandHighHz
    }

    /// The defaults: 25 ms window, 200 … 3 400 Hz.
    public static let standard = try! FeatureConfiguration()
}
