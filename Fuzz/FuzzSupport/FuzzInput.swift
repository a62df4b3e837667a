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
}
