/// Reads choices and samples off the front of a fuzzer's byte string.
public struct FuzzInput {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    public init(_ data: UnsafePointer<UInt8>, _ size: Int) {
        bytes = UnsafeBufferPointer(start: data, count: size)
    }

    /// Bytes not read yet.
    public var remaining: Int { bytes.count - position }

    /// The next byte, 0 once the input is used up.
    public mutating func byte() -> UInt8 {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return bytes[position]
    }

    /// A value in `range` chosen by the next byte.
    public mutating func pick(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(byte()) % (range.count)
    }

    /// A value in `range` chosen by the next byte, spread evenly.
    public mutating func pick(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * Double(byte()) / 255
    }

    /// The rest of the input as raw 32-bit floats (NaN, infinities and huge values included).
    public mutating func floats() -> [Float] {
        var out: [Float] = []
        while remaining >= 4 {
            let bits = (0..<4).reduce(UInt32(0)) { $0 | UInt32(byte()) << (8 * UInt32($1)) }
            out.append(Float(bitPattern: bits))
        }
        return out
    }

    /// The rest of the input as 16-bit samples scaled to -1 … 1.
    public mutating func pcm16() -> [Float] {
        var out: [Float] = []
        while remaining >= 2 {
            let value = Int16(bitPattern: UInt16(byte()) | UInt16(byte()) << 8)
            out.append(Float(value) / 32_768)
        }
        return out
    }

    /// The rest of the input as noise whose level each byte sets for 10 ms (its low seven bits, 0 … 1), in
    /// `channels` interleaved channels at `rate`: seconds of call from a short input. At most `maxFrames`
    /// bytes are used and at most `maxSamples` samples per channel made, so that an execution stays short
    /// at any rate. Eight samples at a time, from eight linear congruential generators.
    public mutating func levelledNoise(rate: Int, channels: Int, maxFrames: Int, maxSamples: Int) -> [Float] {
        let hop = max(1, rate / 100)
        let frames = min(remaining, maxFrames, maxSamples / hop)
        let step = hop * channels
        var out = [Float](repeating: 0, count: frames * step)
        var seeds = SIMD8<UInt32>(1, 2, 3, 4, 5, 6, 7, 8) &* 2_654_435_761
        out.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for frame in 0..<frames {
                let amplitude = Float(byte() & 0x7F) / 127
                let scale = amplitude / Float(1 << 24)
                var i = frame * step
                let end = i + step
                while i < end {
                    seeds = seeds &* 1_664_525 &+ 1_013_904_223
                    let noise = SIMD8<Float>(seeds &>> 8) * scale - amplitude / 2
                    for lane in 0..<min(8, end - i) { base[i + lane] = noise[lane] }
                    i += 8
                }
            }
        }
        return out
    }
}
