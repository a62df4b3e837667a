/// The last `capacity` frames of one channel's band powers, newest first (bands in lanes): the long memory an
/// echo's delay needs (`EchoPath`). Storage is allocated in `init`; `push` and the reads are real-time safe.
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
        levels[newest] = FastLog.decibels(SourceHistory.total(bands) + 1e-12)
    }

    /// The band total in dB `delay` frames ago.
    func levelDB(_ delay: Int) -> Float { levels[(newest - delay) & (Self.capacity - 1)] }

    /// Band powers `delay` frames ago (0 = now), `delay` < `capacity`.
    func lanes(_ delay: Int) -> SIMD8<Float> { frames[(newest - delay) & (Self.capacity - 1)] }
}
