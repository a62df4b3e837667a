/// Loops over runs of floats, eight lanes at a time: the per-bin inner loops of the hot path.
enum VectorMath {
    /// The sum of `values[range]` (eight partial sums, then the tail; not bin-order rounding).
    @inline(__always)
    static func sum(_ values: UnsafePointer<Float>, _ range: Range<Int>) -> Float {
        var lanes = SIMD8<Float>(repeating: 0)
        var i = range.lowerBound
        while i + 8 <= range.upperBound {
            lanes += UnsafeRawPointer(values + i).loadUnaligned(as: SIMD8<Float>.self)
            i += 8
        }
        var total = lanes.sum()
        while i < range.upperBound {
            total += values[i]
            i += 1
        }
        return total
    }

    /// The first index of the largest of `values[range]` (`nil` for an empty range).
    @inline(__always)
    static func indexOfMaximum(_ values: UnsafePointer<Float>, _ range: Range<Int>) -> Int? {
        guard !range.isEmpty else { return nil }
        var best = values[range.lowerBound]
        var i = range.lowerBound
        if range.count >= 8 {
            var lanes = SIMD8<Float>(repeating: best)
            while i + 8 <= range.upperBound {
                let next = UnsafeRawPointer(values + i).loadUnaligned(as: SIMD8<Float>.self)
                lanes = lanes.replacing(with: next, where: next .> lanes)
                i += 8
            }
            for lane in 0..<8 { best = lanes[lane] > best ? lanes[lane] : best }
        }
        while i < range.upperBound {
            best = values[i] > best ? values[i] : best
            i += 1
        }
        var index = range.lowerBound
        while values[index] != best && index + 1 < range.upperBound { index += 1 }
        return index
    }
}
