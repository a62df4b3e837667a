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
        let last = n - 1
        for k in 0..<n {
            let p = power[k]
            let left = power[k > 0 ? k - 1 : 0]
            let right = power[k < last ? k + 1 : last]
            let far =
                0.5 * (power[k >= distance ? k - distance : 0] + power[k + distance <= last ? k + distance : last])
            let peak = p >= left && p > right && p > 4 * far
            age[k] = peak ? age[k] &+ 1 : 0
            let previous = floor[k]
            let bounded = frames == 0 ? p : min(max(p, previous * down), previous * up)
            floor[k] = bounded
            marked[k] = peak && age[k] >= 10 && p >= 3.981_072 * bounded
            above += max(p - bounded, 0)
        }
        frames += 1
        var held: Float = 0
        for k in 0..<n {
            var j = k >= lobe ? k - lobe : 0
            let end = k + lobe <= last ? k + lobe : last
            while j <= end {
                if marked[j] {
                    held += power[k]
                    break
                }
                j += 1
            }
        }
        return min(held / (above + 1e-20), 1)
    }
}
