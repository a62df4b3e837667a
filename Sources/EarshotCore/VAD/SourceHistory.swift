/// The last few frames of one channel's band powers, newest first, in fixed storage (bands in lanes).
struct SourceHistory: ~Copyable {
    private var frames: InlineArray<8, SIMD8<Float>> = InlineArray(repeating: SIMD8(repeating: 0))
    private var newest = 0

    /// Adds the current frame.
    mutating func push(_ bands: InlineArray<8, Float>) {
        newest = (newest + 1) & 7
        frames[newest] = SIMD8(bands)
    }

    /// Band powers `delay` frames ago (0 = now), `delay` < 8.
    func lanes(_ delay: Int) -> SIMD8<Float> { frames[(newest - delay) & 7] }

    /// Per band, the largest power within `delay ± spread` frames ago.
    func maxOver(delay: Int, spread: Int) -> SIMD8<Float> {
        var out = lanes(delay)
        for d in max(0, delay - spread)...min(7, delay + spread) {
            let other = lanes(d)
            out = out.replacing(with: other, where: other .>= out)
        }
        return out
    }

    /// Sum over bands of `delay` frames ago (in band order).
    func total(at delay: Int) -> Float { Self.total(lanes(delay)) }

    /// Sum over bands, in band order.
    static func total(_ bands: SIMD8<Float>) -> Float {
        var sum: Float = 0
        for band in 0..<FrameFeatures.bandCount { sum += bands[band] }
        return sum
    }
}
