/// Measures how much of a channel's sound is held in sustained spectral peaks: musical notes keep their
/// partials in the same FFT bin for hundreds of milliseconds, while the harmonics of speech glide out of
/// a bin within about 100 ms. Feeds the hold-music rule of `VoiceActivityDetector`.
///
/// Per bin of the speech band: whether it is a prominent local peak, for how many frames it has been
/// one, and a slowly rising floor, so that a steady chord or hum sinks into the floor within a second or
/// two and does not count as music. `notesHeld` tells a music's notes (three sustained peaks or more within
/// 30 dB of the strongest, or a melody: a note where the last one had gone) from a tone's one peak or a pair
/// (a beep or a warning tone over the talk, a dial tone), on which the music rule does not switch on, so that it
/// does not end the speech under a tone. Storage is allocated in `init`; `tonalShare` is real-time safe.
public final class SustainedPeakTracker {
    private let first: Int
    private let count: Int
    private let distance: Int
    private let lobe: Int
    private let scale: Float
    /// Frames each bin has been a peak, counted in a float (exact up to `maxAge`) to share vector lanes.
    private let age: UnsafeMutablePointer<Float>
    private let floor: UnsafeMutablePointer<Float>
    /// Band power with `distance` copies of the edge bins on each side (so neighbours need no bounds).
    private let paddedPower: UnsafeMutablePointer<Float>
    /// 1 where a bin is a sustained peak, else 0, with `lobe` zeros on each side.
    private let paddedMarks: UnsafeMutablePointer<Float>
    private var frames = 0
    /// The strongest sustained peak's bin at the last frame that had one, and frames since; frames left during which
    /// a melody was heard (a new note where the last one had gone).
    private var lastNoteBin = -1
    private var framesSinceNote = Int.max
    private var melodyFrames = 0
    /// Frames in a row the last note has been the strongest sustained peak.
    private var noteFrames = 0
    /// Whether the last frame's sustained peaks were a music's notes: three or more within `peakRange` of the
    /// strongest (a chord, a note with its overtones), or a melody heard within `melodyHoldFrames`; not a tone's.
    public private(set) var notesHeld = false
    /// Fewest sustained peaks in a frame that are a music's notes by themselves, each within `peakRange` of the
    /// strongest: a chord holds several notes, a note its overtones; one or two are a tone (a beep or a warning tone
    /// over the talk, a dial tone's pair, a DTMF key), or a melody's single note, told by its steps (`noteGapFrames`).
    static let minimumPeaks: Float = 3
    /// How far under the strongest sustained peak another counts towards `minimumPeaks`, as a power ratio (30 dB):
    /// the faint, steady ripples beside a clean tone over digital silence, or a codec's products 45-50 dB under
    /// it, are no notes.
    static let peakRange: Float = 0.001
    /// A melody of single notes is music too: a note (a sustained peak whose bin holds `noteShare` of the sound over
    /// the floor) in a new place within `noteGapFrames` (0.5 s) of the last, which has gone after `minimumNoteFrames`
    /// (0.1 s) as the strongest, makes the next `melodyHoldFrames` (1.5 s) notes whatever their peaks. A tone stays in
    /// its bin; a voice spreads its sound over many harmonics, none of which stands out so.
    static let noteGapFrames = 50
    static let minimumNoteFrames = 10
    static let noteShare: Float = 0.15
    static let melodyHoldFrames = 150

    /// A tracker that has seen no frame yet; its storage is allocated here.
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
        paddedPower = .allocate(capacity: count + 2 * distance)
        paddedPower.initialize(repeating: 0, count: count + 2 * distance)
        paddedMarks = .allocate(capacity: count + 2 * lobe)
        paddedMarks.initialize(repeating: 0, count: count + 2 * lobe)
    }

    deinit {
        age.deallocate()
        floor.deallocate()
        paddedPower.deallocate()
        paddedMarks.deallocate()
    }

    /// Updates the per-bin state with one frame's power spectrum and returns the share (0 … 1) of the
    /// power above the slow floor that lies in sustained peaks. Real-time safe.
    /// - Parameter spectrum: the frame's power spectrum `|X[k]|²`, read over the speech band.
    /// - Returns: 0 … 1; 0 when no bin holds a sustained peak.
    public func tonalShare(spectrum: UnsafePointer<Float>) -> Float {
        let n = count
        let d = distance
        let power = paddedPower + d
        VectorMath.scale(spectrum + first, by: scale, into: power, count: n)
        for j in 1...d {
            power[-j] = power[0]
            power[n - 1 + j] = power[n - 1]
        }
        // Slew limits of the floor in power ratios: +1 dB per frame for the first 50 frames, then
        // +0.2 dB; -1 dB per frame.
        let up: Float = frames < 50 ? 1.258_925 : 1.047_129
        let down: Float = 0.794_328
        let seeding = frames == 0
        let marks = paddedMarks + lobe
        let maxAge: Float = 1_000_000
        // Eight bins at a time (comparisons and selects, which compile to vector instructions), then the
        // rest one by one.
        var aboveLanes = Lanes(repeating: 0)
        var markedLanes = Lanes(repeating: 0)
        var k = 0
        while k &+ 8 <= n {
            let p = Lanes.load(power + k)
            let far = 0.5 * (Lanes.load(power + k - d) + Lanes.load(power + k + d))
            let peak = (p .>= Lanes.load(power + k - 1)) .& (p .> Lanes.load(power + k + 1)) .& (p .> 4 * far)
            let older = Lanes.load(age + k) + 1
            let grown = Lanes(repeating: 0).replacing(
                with: older.replacing(with: maxAge, where: older .> maxAge), where: peak)
            grown.store(age + k)
            let previous = Lanes.load(floor + k)
            var bounded = p
            if !seeding {
                let low = previous * down
                let high = previous * up
                bounded = bounded.replacing(with: low, where: bounded .< low)
                bounded = bounded.replacing(with: high, where: bounded .> high)
            }
            bounded.store(floor + k)
            let sustained = peak .& (grown .>= 10) .& (p .>= 3.981_072 * bounded)
            let mark = Lanes(repeating: 0).replacing(with: 1, where: sustained)
            mark.store(marks + k)
            markedLanes += mark
            aboveLanes += (p - bounded).replacing(with: 0, where: p .< bounded)
            k &+= 8
        }
        var above = VectorMath.total(aboveLanes)
        while k < n {
            let p = power[k]
            let far = 0.5 * (power[k - d] + power[k + d])
            let peak = p >= power[k - 1] && p > power[k + 1] && p > 4 * far
            let grown = peak ? min(age[k] + 1, maxAge) : 0
            age[k] = grown
            let previous = floor[k]
            let bounded = seeding ? p : min(max(p, previous * down), previous * up)
            floor[k] = bounded
            let mark: Float = peak && grown >= 10 && p >= 3.981_072 * bounded ? 1 : 0
            marks[k] = mark
            markedLanes[0] += mark
            above += max(p - bounded, 0)
            k &+= 1
        }
        frames += 1
        if melodyFrames > 0 { melodyFrames -= 1 }
        // No sustained peak: most frames of speech.
        guard VectorMath.total(markedLanes) > 0 else {
            if framesSinceNote < Int.max { framesSinceNote += 1 }
            notesHeld = melodyFrames > 0
            return 0
        }
        let (strong, strongest) = strongPeaks(power, marks)
        let moved = lastNoteBin < 0 || abs(strongest - lastNoteBin) > lobe
        // A note stands out: its peak bin holds `noteShare` of the sound over the floor.
        let note = power[strongest] >= Self.noteShare * above
        if note, lastNoteBin >= 0, framesSinceNote <= Self.noteGapFrames, moved, marks[lastNoteBin] == 0,
            noteFrames >= Self.minimumNoteFrames
        {
            melodyFrames = Self.melodyHoldFrames
        }
        noteFrames = !note ? 0 : moved || framesSinceNote > 0 ? 1 : noteFrames + 1
        lastNoteBin = strongest
        framesSinceNote = 0
        notesHeld = strong >= Self.minimumPeaks || melodyFrames > 0
        // Power of the bins within the main lobe of a sustained peak.
        var heldLanes = Lanes(repeating: 0)
        k = 0
        while k &+ 8 <= n {
            var covered = Lanes.load(marks + k - lobe)
            for j in (1 - lobe)...lobe {
                let next = Lanes.load(marks + k + j)
                covered = covered.replacing(with: next, where: next .> covered)
            }
            heldLanes += Lanes.load(power + k) * covered
            k &+= 8
        }
        var held = VectorMath.total(heldLanes)
        while k < n {
            var covered: Float = 0
            for j in -lobe...lobe { covered = max(covered, marks[k + j]) }
            held += power[k] * covered
            k &+= 1
        }
        let share = held / (above + 1e-20)
        return share.isNaN ? 0 : min(share, 1)  // NaN would stick in the detector's music level for good
    }

    /// How many of the marked sustained peaks lie within `peakRange` of the strongest of them, and its bin.
    private func strongPeaks(_ power: UnsafePointer<Float>, _ marks: UnsafePointer<Float>) -> (Float, Int) {
        var strongest = 0
        for k in 0..<count where marks[k] > 0 && (marks[strongest] == 0 || power[k] > power[strongest]) {
            strongest = k
        }
        var strong: Float = 0
        for k in 0..<count where marks[k] > 0 && power[k] >= power[strongest] * Self.peakRange { strong += 1 }
        return (strong, strongest)
    }
}

private typealias Lanes = SIMD8<Float>
