/// The shape of an interleaved sample stream.
public struct StreamFormat: Sendable, Equatable {
    /// Samples per second per channel.
    public let sampleRate: Int
    /// Channels per interleaved frame: 1 (mono, one speaker) or 2 (agent and customer).
    public let channelCount: Int

    /// A stream format, validated.
    /// - Parameters: each sets the property of the same name (its unit, valid range and default are
    ///   given there).
    /// - Throws: `ConfigurationError` (`unsupportedFormat`) when the rate is outside 4 000 … 384 000 Hz or the
    ///   channel count is not 1 or 2.
    public init(sampleRate: Int, channelCount: Int) throws(ConfigurationError) {
        guard (4_000...384_000).contains(sampleRate) else {
            throw ConfigurationError(.unsupportedFormat, "sample rate must be 4000 ... 384000 Hz, got \(sampleRate)")
        }
        guard channelCount == 1 || channelCount == 2 else {
            throw ConfigurationError(.unsupportedFormat, "the engine takes 1 or 2 channels, got \(channelCount)")
        }
        self.sampleRate = sampleRate
        self.channelCount = channelCount
    }
}
