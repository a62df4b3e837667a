/// Keeps the most recent samples of each channel and hands out windowed analysis frames.
///
/// Samples arrive interleaved; the framer de-interleaves them into one ring per channel. The analysis
/// window of a frame is the `windowSamples` samples ending at the frame's end boundary (causal, no
/// look-ahead). Storage is allocated once in `init`. Real-time safe after `init`.
public final class Framer {
    /// Channels per interleaved input frame.
    public let channelCount: Int
    /// Analysis window length in samples.
    public let windowSamples: Int
    private let ringCapacity: Int
    private let ringMask: Int
    private let rings: UnsafeMutablePointer<Float>
    private let clipped: UnsafeMutablePointer<Int>
    private let invalid: UnsafeMutablePointer<Int>
    /// Total samples per channel written so far. (Read and written only by the one thread feeding the
    /// framer, never under an inout access, so without runtime exclusivity checks.)
    @exclusivity(unchecked) public private(set) var samplesWritten = 0

    /// A framer at the start of a stream; its history is allocated here.
    /// - Parameters:
    ///   - channelCount: 1 or more channels.
    ///   - windowSamples: analysis window length in samples (> 0).
    public init(channelCount: Int, windowSamples: Int) {
        precondition(channelCount >= 1 && windowSamples >= 1)
        self.channelCount = channelCount
        self.windowSamples = windowSamples
        var capacity = 1
        while capacity < windowSamples { capacity <<= 1 }
        ringCapacity = capacity
        ringMask = capacity - 1
        rings = .allocate(capacity: capacity * channelCount)
        rings.initialize(repeating: 0, count: capacity * channelCount)
        clipped = .allocate(capacity: channelCount)
        clipped.initialize(repeating: 0, count: channelCount)
        invalid = .allocate(capacity: channelCount)
        invalid.initialize(repeating: 0, count: channelCount)
    }

    deinit {
        rings.deallocate()
        clipped.deallocate()
        invalid.deallocate()
    }

    /// Samples at or beyond `clippedMagnitude` seen so far on `channel`.
    /// - Parameter channel: 0-based channel, below the channel count.
    /// - Returns: the count of clipped samples on that channel since the framer was made.
    public func clippedSamples(channel: Int) -> Int { clipped[channel] }

    /// Samples that were NaN or infinite (a damaged float file), read as silence, so far on `channel`.
    /// - Parameter channel: 0-based channel, below the channel count.
    /// - Returns: the count of such samples on that channel since the framer was made.
    public func invalidSamples(channel: Int) -> Int { invalid[channel] }

    /// Magnitude at or beyond which a sample counts as clipped.
    public static let clippedMagnitude: Float = 0.97

    /// Appends `frames` interleaved sample frames starting at `source`. Real-time safe.
    /// - Parameters:
    ///   - source: `frames` × the channel count interleaved samples, nominally -1 … 1.
    ///   - frames: sample frames to append (0 or more).
    @inline(__always)
    public func append(_ source: UnsafePointer<Float>, frames: Int) {
        var position = samplesWritten & ringMask
        if channelCount == 2 {
            let left = rings
            let right = rings + ringCapacity
            var clippedLeft = SIMD8<Int32>(repeating: 0)
            var clippedRight = SIMD8<Int32>(repeating: 0)
            var invalidLeft = SIMD8<Int32>(repeating: 0)
            var invalidRight = SIMD8<Int32>(repeating: 0)
            var i = 0
            // Eight frames at a time while the ring does not wrap: split the interleaved pairs into lanes.
            while i + 8 <= frames && position + 8 <= ringCapacity {
                let pairs = UnsafeRawPointer(source + 2 * i).loadUnaligned(as: SIMD16<Float>.self)
                let l = Self.sanitized(pairs.evenHalf, counting: &invalidLeft)
                let r = Self.sanitized(pairs.oddHalf, counting: &invalidRight)
                l.store(left + position)
                r.store(right + position)
                clippedLeft &+= Self.clippedLanes(l)
                clippedRight &+= Self.clippedLanes(r)
                position = (position + 8) & ringMask
                i += 8
            }
            var restLeft = 0
            var restRight = 0
            while i < frames {
                let l = Self.sanitized(source[2 * i], counting: &invalid[0])
                let r = Self.sanitized(source[2 * i + 1], counting: &invalid[1])
                left[position] = l
                right[position] = r
                restLeft &+= abs(l) >= Self.clippedMagnitude ? 1 : 0
                restRight &+= abs(r) >= Self.clippedMagnitude ? 1 : 0
                position = (position + 1) & ringMask
                i += 1
            }
            clipped[0] &+= Int(clippedLeft.wrappedSum()) + restLeft
            clipped[1] &+= Int(clippedRight.wrappedSum()) + restRight
            invalid[0] &+= Int(invalidLeft.wrappedSum())
            invalid[1] &+= Int(invalidRight.wrappedSum())
        } else {
            for i in 0..<frames {
                for channel in 0..<channelCount {
                    let sample = Self.sanitized(source[i * channelCount + channel], counting: &invalid[channel])
                    rings[channel * ringCapacity + position] = sample
                    clipped[channel] &+= abs(sample) >= Self.clippedMagnitude ? 1 : 0
                }
                position = (position + 1) & ringMask
            }
        }
        samplesWritten += frames
    }

    /// Fills each channel's history before the stream's start with the mean of its samples so far, so that the
    /// first windows, which reach back before the start, see the line's mean level there and not a step from 0 to it
    /// (a DC offset makes that step a click, which the detector takes for the line's first sound). Call it once,
    /// before the first frame is analysed, with all of that frame's samples appended (and no more than the ring
    /// holds): the fill is then the same however the samples were split into blocks.
    public func fillHistoryBeforeStart() {
        let count = samplesWritten
        guard count > 0, count < ringCapacity else { return }
        for channel in 0..<channelCount {
            let ring = rings + channel * ringCapacity
            var total: Float = 0
            for i in 0..<count { total += ring[i] }
            (ring + count).update(repeating: total / Float(count), count: ringCapacity - count)
        }
    }

    /// NaN and infinities (corrupt float files) become silence rather than poisoning every feature; `count` counts
    /// them.
    @inline(__always)
    static func sanitized(_ sample: Float, counting count: inout Int) -> Float {
        if sample.isFinite { return sample }
        count &+= 1
        return 0
    }

    /// The same for eight samples (x − x is 0 only for finite x), counted in `count`'s lanes.
    @inline(__always)
    static func sanitized(_ samples: SIMD8<Float>, counting count: inout SIMD8<Int32>) -> SIMD8<Float> {
        let invalid = .!(samples - samples .== 0)
        count &+= SIMD8<Int32>(repeating: 0).replacing(with: 1, where: invalid)
        return samples.replacing(with: 0, where: invalid)
    }

    /// 1 in each lane whose sample counts as clipped.
    @inline(__always)
    static func clippedLanes(_ samples: SIMD8<Float>) -> SIMD8<Int32> {
        let magnitude = samples.replacing(with: -samples, where: samples .< 0)
        return SIMD8<Int32>(repeating: 0).replacing(with: 1, where: magnitude .>= clippedMagnitude)
    }

    /// Appends `frames` frames of zeros (used to complete a partial last frame).
    /// - Parameter frames: sample frames (one sample per channel) of zeros to append, ≥ 0.
    public func appendSilence(frames: Int) {
        var position = samplesWritten & ringMask
        for _ in 0..<frames {
            for channel in 0..<channelCount { rings[channel * ringCapacity + position] = 0 }
            position = (position + 1) & ringMask
        }
        samplesWritten += frames
    }

    /// Copies the last `windowSamples` samples of `channel`, multiplied by `window`, into `destination`.
    /// Real-time safe.
    /// - Parameters:
    ///   - channel: 0-based channel.
    ///   - window: `windowSamples` weights.
    ///   - destination: caller-owned storage for `windowSamples` values.
    @inline(__always)
    public func copyWindow(channel: Int, window: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>) {
        let ring = rings + channel * ringCapacity
        let first = (samplesWritten - windowSamples) & ringMask
        let firstRun = min(windowSamples, ringCapacity - first)
        VectorMath.multiply(ring + first, window, into: destination, count: firstRun)
        if firstRun < windowSamples {
            VectorMath.multiply(ring, window + firstRun, into: destination + firstRun, count: windowSamples - firstRun)
        }
    }
}
