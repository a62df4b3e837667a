/// Measures how much of a channel's sound is held in sustained spectral peaks: musical notes keep their
/// partials in the same FFT bin for hundreds of milliseconds, while the harmonics of speech glide out of
/// a bin within about 100 ms. Feeds the hold-music rule of `VoiceActivityDetector`.
///
/// Per bin of the speech band: whether it is a prominent local peak, for how many frames it has been
/// one, and a slowly rising floor, so that a steady tone or hum sinks into the floor within a second or
/// two and does not count as music. Storage is allocated in `init`; `tonalShare` is real-time safe.
public final class SustainedPeakTracker {
    private let first: Int
    private let count: Int
    private let distance: Int
    private let lobe: Int
    private let scale: Float
    private let age: UnsafeMutablePointer<Int32>
    private let floor: UnsafeMutablePointer<Float>
    private let power: UnsafeMutablePointer<Float>
    private let marked: UnsafeMutablePointer<Bool>
    private var frames = 0

    /// - Parameters:
    ///   - layout: where the speech band lies in the spectrum.
    ///   - fftSize: FFT length; `windowSamples`: analysis window length (their ratio sets the main-lobe width).
    public init(layout: SpectrumLayout, fftSize: Int, windowSamples: Int) {
        first = layout.bandBins.lowerBound
        count = layout.bandBins.count
        let ratio = Double(fftSize) / Double(windowSamples)
        distance = max(2, Int((1.6 * ratio).rounded()))
        lobe = distance - 1
        scale = layout.powerScale
        age = .allocate(capacity: count)
        age.initialize(repeating: 0, count: count)
        floor = .allocate(capacity: count)
        floor.initialize(repeating: 0, count: count)
        power = .allocate(capacity: count)
        power.initialize(repeating: 0, count: count)
        marked = .allocate(capacity: count)
        marked.initialize(repeating: false, count: count)
    }

    deinit {
        age.deallocate()
        floor.deallocate()
        power.deallocate()
        marked.deallocate()
    }

    /// Updates the per-bin state with one frame's power spectrum and returns the share (0 … 1) of the
    /// power above the slow floor that lies in sustained peaks. Real-time safe.
    public func tonalShare(spectrum: UnsafePointer<Float>) -> Float {
        let n = count
        for k in 0..<n { power[k] = spectrum[first + k] * scale }
        // Slew limits of the floor in power ratios: +1 dB per frame for the first 50 frames, then
        // +0.2 dB; -1 dB per frame.
        let up: Float = frames < 50 ? 1.258_925 : 1.047_129
        let down: Float = 0.794_328
        var above: Float = 0
        for k in 0..<n {
            let p = power[k]
            let left = power[max(k - 1, 0)]
            let right = power[min(k + 1, n - 1)]
            let far = 0.5 * (power[max(k - distance, 0)] + power[min(k + distance, n - 1)])
            let peak = p >= left && p > right && p > 4 * far
            age[k] = peak ? age[k] + 1 : 0
            floor[k] = frames == 0 ? p : min(max(p, floor[k] * down), floor[k] * up)
            marked[k] = peak && age[k] >= 10 && p >= 3.981_072 * floor[k]
            above += max(p - floor[k], 0)
        }
        frames += 1
        var held: Float = 0
        for k in 0..<n {
            var near = false
            for j in max(0, k - lobe)...min(n - 1, k + lobe) where marked[j] {
                near = true
                break
            }
            if near { held += power[k] }
        }
        return min(held / (above + 1e-20), 1)
    }
}
