/// The last few frames of one channel's band powers, newest first, in fixed storage.
struct SourceHistory: ~Copyable {
    private var frames: InlineArray<8, InlineArray<8, Float>> = InlineArray(repeating: InlineArray(repeating: 0))
    private var newest = 0

    /// Adds the current frame.
    mutating func push(_ bands: InlineArray<8, Float>) {
        newest = (newest + 1) & 7
        frames[newest] = bands
    }

    /// Band powers `delay` frames ago (0 = now), `delay` < 8.
    func at(_ delay: Int) -> InlineArray<8, Float> { frames[(newest - delay) & 7] }

    /// Per band, the largest power within `delay ± spread` frames ago.
    func maxOver(delay: Int, spread: Int) -> InlineArray<8, Float> {
        var out = at(delay)
        for d in max(0, delay - spread)...min(7, delay + spread) {
            let other = at(d)
            for band in 0..<FrameFeatures.bandCount { out[band] = max(out[band], other[band]) }
        }
        return out
    }

    /// Sum over bands of `delay` frames ago.
    func total(at delay: Int) -> Float { total(at(delay)) }

    /// Sum over bands.
    func total(_ bands: InlineArray<8, Float>) -> Float {
        var sum: Float = 0
        for band in 0..<FrameFeatures.bandCount { sum += bands[band] }
        return sum
    }
}
