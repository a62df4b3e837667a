/// The last `capacity` frames of one channel's band powers, newest first (bands in lanes): what the leak path
/// (`LeakPath`, the last few frames) and the echo's (`EchoPath`, up to 390 ms back) learn from. Storage is allocated
/// in `init`; `push` and the reads are real-time safe.
final class BandHistory {
    /// Frames kept: 64, a power of two for the ring's index.
    static let capacity = 64
    private let frames: UnsafeMutablePointer<SIMD8<Float>>
    /// Each frame's band total in dB, kept beside its bands (the echo search reads every lag's).
    private let levels: UnsafeMutablePointer<Float>
    private var newest = 0

    init() {
        frames = .allocate(capacity: Self.capacity)
        frames.initialize(repeating: SIMD8(repeating: 0), count: Self.capacity)
        levels = .allocate(capacity: Self.capacity)
        levels.initialize(repeating: -120, count: Self.capacity)
    }

    deinit {
        frames.deallocate()
        levels.deallocate()
    }

    /// Adds the current frame.
    func push(_ bands: SIMD8<Float>) {
        newest = (newest + 1) & (Self.capacity - 1)
        frames[newest] = bands
        levels[newest] = FastLog.decibels(Self.total(bands) + 1e-12)
    }

    /// The band total in dB `delay` frames ago.
    func levelDB(_ delay: Int) -> Float { levels[(newest - delay) & (Self.capacity - 1)] }

    /// Band powers `delay` frames ago (0 = now), `delay` < `capacity`.
    func lanes(_ delay: Int) -> SIMD8<Float> { frames[(newest - delay) & (Self.capacity - 1)] }

    /// Per band, the largest power within `delay ± spread` frames ago, and no further back than `lastLag`.
    func maxOver(delay: Int, spread: Int, lastLag: Int) -> SIMD8<Float> {
        var out = lanes(delay)
        for d in max(0, delay - spread)...min(lastLag, delay + spread) {
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
