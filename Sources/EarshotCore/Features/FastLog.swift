/// Fast logarithms for per-frame features, accurate to about 1e-4 in log2 (0.0003 dB).
///
/// `Float.log` is not in the standard library without Foundation, and a libm call per FFT bin would
/// dominate the frame cost; the IEEE-754 exponent plus a short polynomial on the mantissa is enough
/// for decibel features.
public enum FastLog {
    /// Base-2 logarithm of a positive, finite `x` (values ≤ the smallest normal give about -126).
    /// - Parameter x: a positive, finite value.
    /// - Returns: `log2(x)` to within about 1e-4; about -126 for `x` at or below the smallest normal.
    @inline(__always)
    public static func log2(_ x: Float) -> Float {
        let bits = max(x, Float.leastNormalMagnitude).bitPattern
        let exponent = Float(Int32(bitPattern: (bits >> 23) & 0xFF) - 127)
        let m = Float(bitPattern: (bits & 0x007F_FFFF) | 0x3F80_0000)  // mantissa in [1, 2)
        // Minimax-style fit of log2(m) on [1, 2), max error ≈ 6e-5.
        let t = m - 1
        let p = t * (1.441_993_6 + t * (-0.710_550_4 + t * (0.421_577_6 + t * (-0.202_281_9 + t * 0.049_316_1))))
        return exponent + p
    }

    /// `log2` of eight values at once, lane for lane the same result as the scalar `log2(_:)`.
    /// - Parameter x: eight positive, finite values.
    /// - Returns: `log2` of each lane.
    @inline(__always)
    public static func log2(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let smallest = SIMD8<Float>(repeating: Float.leastNormalMagnitude)
        let bits = unsafeBitCast(x.replacing(with: smallest, where: x .< smallest), to: SIMD8<UInt32>.self)
        let exponent = SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: (bits &>> 23) & 0xFF) &- 127)
        let m = unsafeBitCast((bits & 0x007F_FFFF) | 0x3F80_0000, to: SIMD8<Float>.self)
        let t = m - 1
        let p = t * (1.441_993_6 + t * (-0.710_550_4 + t * (0.421_577_6 + t * (-0.202_281_9 + t * 0.049_316_1))))
        return exponent + p
    }

    /// `decibels` of eight values at once.
    /// - Parameter power: eight linear powers (full scale = 1).
    /// - Returns: each lane in dB relative to full scale.
    @inline(__always)
    public static func decibels(_ power: SIMD8<Float>) -> SIMD8<Float> {
        3.010_299_9 * log2(power)
    }

    /// `10·log10(x)`: power to decibels.
    /// - Parameter power: a linear power (full scale = 1).
    /// - Returns: the power in dB relative to full scale; about -380 dB at or below the smallest normal.
    @inline(__always)
    public static func decibels(_ power: Float) -> Float {
        3.010_299_9 * log2(power)
    }
}

extension FastLog {
    /// `10^(dB/10)`: decibels to power, accurate to about 0.1 % (2^x by exponent bits and a cubic).
    /// - Parameter decibels: a level in dB, clamped to -120 … 120.
    /// - Returns: the linear power, within about 0.1 %.
    @inline(__always)
    public static func power(decibels: Float) -> Float {
        let x = max(-120, min(120, decibels)) * 0.332_192_8  // log2(10)/10
        let whole = x.rounded(.down)
        let f = x - whole
        let p = 1 + f * (0.695_976_1 + f * (0.224_940_6 + f * 0.079_083_3))
        return p * Float(bitPattern: UInt32(Int32(whole) + 127) << 23)
    }

    /// `10^(dB/10)` of eight values at once, lane for lane the same result as the scalar `power(decibels:)`.
    /// - Parameter decibels: eight levels in dB, each clamped to -120 … 120.
    /// - Returns: the linear power of each lane.
    @inline(__always)
    public static func power(decibels: SIMD8<Float>) -> SIMD8<Float> {
        var x = decibels.replacing(with: -120, where: decibels .< -120)
        x = x.replacing(with: 120, where: x .> 120) * 0.332_192_8
        // Round down: adding 1.5·2^23 rounds to the nearest integer (exact for |x| < 2^22), one less
        // where that rounded up; the integer then sits in the low mantissa bits of `whole + magic`.
        let magic: Float = 12_582_912
        let nearest = (x + magic) - magic
        let whole = nearest.replacing(with: nearest - 1, where: nearest .> x)
        let f = x - whole
        let p = 1 + f * (0.695_976_1 + f * (0.224_940_6 + f * 0.079_083_3))
        let integer = unsafeBitCast(whole + magic, to: SIMD8<Int32>.self) &- 0x4B40_0000
        let scale = unsafeBitCast((integer &+ 127) &<< 23, to: SIMD8<Float>.self)
        return p * scale
    }

    /// Mean over the eight lanes of `ln(1 + 10^(dB/10))`, summed in lane order (the sub-band scores).
    /// - Parameter decibels: eight levels in dB, each clamped to -120 … 120.
    /// - Returns: the mean of the eight natural logarithms.
    @inline(__always)
    public static func meanLogOnePlus(decibels: SIMD8<Float>) -> Float {
        let terms = 0.693_147_2 * log2(1 + power(decibels: decibels))
        var total: Float = 0
        for lane in 0..<8 { total += terms[lane] }
        return total / 8
    }
}
