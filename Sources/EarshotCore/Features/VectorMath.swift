/// Loops over runs of floats, eight lanes at a time: the per-bin inner loops of the hot path.
enum VectorMath {
    /// Eight ones then eight zeros: eight floats from `chunkMask + 8 - n` keep the first `n` lanes of a chunk.
    nonisolated(unsafe) static let chunkMask: UnsafePointer<Float> = {  // written once, then only read
        let mask = UnsafeMutablePointer<Float>.allocate(capacity: 16)
        for i in 0..<16 { mask[i] = i < 8 ? 1 : 0 }
        return UnsafePointer(mask)
    }()

    /// The sum of `values[range]` (eight partial sums, added pairwise; not bin-order rounding), the last partial
    /// chunk read whole and multiplied by ones and zeros, so short runs (narrow sub-bands) need no one-by-one
    /// tail. `values` must hold finite values up to seven places past the range (padding); `masks` is
    /// `chunkMask`, read once by the caller rather than in every call.
    @inline(__always)
    static func paddedSum(_ values: UnsafePointer<Float>, _ range: Range<Int>, masks: UnsafePointer<Float>) -> Float {
        var lanes = SIMD8<Float>(repeating: 0)
        var i = range.lowerBound
        while i &+ 8 <= range.upperBound {
            lanes += .load(values + i)
            i &+= 8
        }
        if i < range.upperBound {
            lanes += SIMD8<Float>.load(values + i) * .load(masks + 8 - (range.upperBound &- i))
        }
        return total(lanes)
    }

    /// The first index of the largest of `values[range]` (`nil` for an empty range). NaN is never the
    /// largest; when no value is larger than -infinity, the range's first index.
    @inline(__always)
    static func indexOfMaximum(_ values: UnsafePointer<Float>, _ range: Range<Int>) -> Int? {
        guard !range.isEmpty else { return nil }
        let upper = range.upperBound
        var lanes = SIMD8<Float>(repeating: -.infinity)
        var i = range.lowerBound
        while i &+ 8 <= upper {
            let next = SIMD8<Float>.load(values + i)
            lanes = lanes.replacing(with: next, where: next .> lanes)
            i &+= 8
        }
        var best = largest(lanes)
        while i < upper {
            best = values[i] > best ? values[i] : best
            i &+= 1
        }
        guard best > -.infinity else { return range.lowerBound }
        // The first index holding it (one exists: `best` is a value of the range, not NaN): eight at a time
        // to the chunk that has it, then one by one.
        var index = range.lowerBound
        let target = SIMD8<Float>(repeating: best)
        while index &+ 8 <= upper && !any(SIMD8<Float>.load(values + index) .== target) { index &+= 8 }
        while values[index] != best { index &+= 1 }
        return index
    }

    /// The sum of the lanes, added pairwise in vector registers (halves, then quarters; the generic `sum()`
    /// adds lane by lane).
    @inline(__always)
    static func total(_ v: SIMD8<Float>) -> Float {
        let four = v.lowHalf + v.highHalf
        let two = four.lowHalf + four.highHalf
        return two[0] + two[1]
    }

    /// The largest lane (halves compared in vector registers; the generic `max()` goes lane by lane).
    @inline(__always)
    static func largest(_ v: SIMD8<Float>) -> Float {
        let four = v.lowHalf.replacing(with: v.highHalf, where: v.highHalf .> v.lowHalf)
        let two = four.lowHalf.replacing(with: four.highHalf, where: four.highHalf .> four.lowHalf)
        return two[1] > two[0] ? two[1] : two[0]
    }

    /// The smallest lane, as `largest(_:)`.
    @inline(__always)
    static func smallest(_ v: SIMD8<Float>) -> Float {
        let four = v.lowHalf.replacing(with: v.highHalf, where: v.highHalf .< v.lowHalf)
        let two = four.lowHalf.replacing(with: four.highHalf, where: four.highHalf .< four.lowHalf)
        return two[1] < two[0] ? two[1] : two[0]
    }

    /// `destination[i] = source[i] * factor` for `count` values, eight at a time.
    @inline(__always)
    static func scale(
        _ source: UnsafePointer<Float>, by factor: Float, into destination: UnsafeMutablePointer<Float>, count: Int
    ) {
        var i = 0
        while i &+ 8 <= count {
            (SIMD8<Float>.load(source + i) * factor).store(destination + i)
            i &+= 8
        }
        while i < count {
            destination[i] = source[i] * factor
            i &+= 1
        }
    }

    /// Takes from a windowed frame its window-weighted mean: `frame[i] -= m · weights[i]`, `m = Σ frame / weightSum`,
    /// so that the frame sums to 0 (no power at 0 Hz, none leaking from there into the bins beside it).
    /// - Parameters:
    ///   - frame: `count` samples, already multiplied by `weights`.
    ///   - weights: the window, `count` values.
    ///   - count: samples in the frame.
    ///   - weightSum: Σ weights (> 0).
    @inline(__always)
    static func removeWeightedMean(
        _ frame: UnsafeMutablePointer<Float>, weights: UnsafePointer<Float>, count: Int, weightSum: Float
    ) {
        var lanes = SIMD8<Float>(repeating: 0)
        var i = 0
        while i &+ 8 <= count {
            lanes += .load(frame + i)
            i &+= 8
        }
        var total = lanes.sum()
        while i < count {
            total += frame[i]
            i &+= 1
        }
        let mean = total / weightSum
        i = 0
        while i &+ 8 <= count {
            (SIMD8<Float>.load(frame + i) - mean * SIMD8<Float>.load(weights + i)).store(frame + i)
            i &+= 8
        }
        while i < count {
            frame[i] -= mean * weights[i]
            i &+= 1
        }
    }

    /// `destination[i] = a[i] * b[i]` for `count` values, eight at a time.
    @inline(__always)
    static func multiply(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>, count: Int
    ) {
        var i = 0
        while i &+ 8 <= count {
            (SIMD8<Float>.load(a + i) * .load(b + i)).store(destination + i)
            i &+= 8
        }
        while i < count {
            destination[i] = a[i] * b[i]
            i &+= 1
        }
    }
}
