/// A block of interleaved samples from a source, borrowed until the source's next read.
public struct AudioBlock {
    /// Interleaved samples, nominally -1 … 1; `frameCount * channelCount` values.
    public let samples: UnsafeBufferPointer<Float>
    /// Channels per frame.
    public let channelCount: Int
    /// Samples per second per channel.
    public let sampleRate: Int
    /// Index of the block's first frame in the stream.
    public let startSample: Int

    /// Frames in the block.
    public var frameCount: Int { samples.count / max(1, channelCount) }

    /// A block over `samples` (interleaved), valid as long as they are.
    /// - Parameters: see the properties.
    public init(samples: UnsafeBufferPointer<Float>, channelCount: Int, sampleRate: Int, startSample: Int) {
        self.samples = samples
        self.channelCount = channelCount
        self.sampleRate = sampleRate
        self.startSample = startSample
    }
}
