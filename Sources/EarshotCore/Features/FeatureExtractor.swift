/// Turns analysis windows into `FrameFeatures`: Hann window, mean removed, FFT, speech-band energy; and, on demand, the
/// spectrum's `FrameShape`.
///
/// One extractor serves every channel of a stream (up to two), keeping, per channel, the spectrum last analysed
/// into each of its `slots` (the engine analyses a few frames into slots 0, 1, …, then decides them, so that each
/// stage's code stays in the instruction cache over those frames). All storage is allocated in `init`;
/// `features(of:channel:slot:)` and `shape(channel:slot:)` are real-time safe.
public final class FeatureExtractor {
    /// Samples in the analysis window.
    public let windowSamples: Int
    /// FFT length (window zero-padded to a power of two).
    public let fftSize: Int
    private let fft: RealFFT
    private let window: UnsafeMutablePointer<Float>
    /// Σ window, for taking each frame's mean (`VectorMath.removeWeightedMean`).
    private let windowSum: Float
    /// Frames whose spectra are kept per channel (see `slot` in `features(of:channel:slot:)`).
    public let slots: Int
    /// The power spectrum of each slot and channel, one row of `rowLength` floats each, slot by slot.
    private let powers: UnsafeMutablePointer<Float>
    private let rowLength: Int
    /// The band power sum (floor included) of each row.
    private let sums: UnsafeMutablePointer<Float>
    private let lowBin: Int
    private let highBin: Int
    private let powerScale: Float
    /// First bin of each sub-band, and one past the last band's end (bandCount + 1 values).
    private let bandStartBins: InlineArray<9, Int>
    /// Width of a bin in Hz.
    private let binHz: Float
    /// Half-width in bins of a sinusoid's Hann main lobe on this zero-padded FFT: the window's ±2 bins times the
    /// padding (fftSize / windowSamples, 1 up to 2), rounded down: 2 where the padding is under 1.5 (8, 16,
    /// 32 kHz: 25 ms in 200, 400, 800 samples padded to 256, 512, 1024), 3 where it is more (44.1 kHz: 1102 in 2048;
    /// 48 kHz: 1200 in 2048), where ±2 bins hold only 0.98 of a tone's power.
    private let lobeBins: Int

    /// An extractor for a stream of `sampleRate`; its FFT plan, window and buffers are made here.
    /// - Parameters:
    ///   - sampleRate: samples per second of the stream.
    ///   - configuration: window length and speech band.
    ///   - slots: frames whose spectra are kept per channel (at least 1).
    public init(sampleRate: Int, configuration: FeatureConfiguration = .standard, slots: Int = 1) {
        precondition(slots >= 1, "an extractor keeps at least one frame")
        self.slots = slots
        windowSamples = max(16, sampleRate * configuration.windowMilliseconds / 1_000)
        var size = 16
        while size < windowSamples { size <<= 1 }
        fftSize = size
        fft = RealFFT(size: size)
        window = .allocate(capacity: windowSamples)
        var windowEnergy: Double = 0
        var windowTotal: Double = 0
        for i in 0..<windowSamples {
            // Periodic Hann, built from a cosine recurrence (no Foundation in the core).
            let w = Float(0.5 - 0.5 * FeatureExtractor.cosine(2 * Double.pi * Double(i) / Double(windowSamples)))
            window[i] = w
            windowEnergy += Double(w * w)
            windowTotal += Double(w)
        }
        windowSum = Float(windowTotal)
        rowLength = size / 2 + 1 + 8  // eight floats of padding for `VectorMath.paddedSum`
        let rows = slots * Self.maxChannels
        powers = .allocate(capacity: rows * rowLength)
        powers.initialize(repeating: 0, count: rows * rowLength)
        sums = .allocate(capacity: rows)
        sums.initialize(repeating: 0, count: rows)
        let binHz = Double(sampleRate) / Double(size)
        self.binHz = Float(binHz)
        lobeBins = min(3, max(2, 2 * size / windowSamples))
        let nyquistBin = size / 2 - 1
        // A band above Nyquist (5-6 kHz asked of 8 kHz audio) is moved down to the spectrum's top bins.
        lowBin = min(max(1, Int((configuration.bandLowHz / binHz).rounded())), nyquistBin - 2)
        highBin = max(lowBin + 2, min(nyquistBin, Int((configuration.bandHighHz / binHz).rounded())))
        var bandStartBins = InlineArray<9, Int>(repeating: 0)
        for i in 0...FrameFeatures.bandCount {
            bandStartBins[i] = Int((FrameFeatures.bandEdgesHz[i] / binHz).rounded())
        }
        bandStartBins[0] = lowBin
        bandStartBins[FrameFeatures.bandCount] = highBin + 1
        for i in 1...FrameFeatures.bandCount {  // at least one bin per band, where the band fits below Nyquist
            bandStartBins[i] = min(max(bandStartBins[i], bandStartBins[i - 1] + 1), highBin + 1)
        }
        self.bandStartBins = bandStartBins
        // Parseval: mean square of the windowed frame = 2/N · Σ|X|² / Σw² over one-sided bins.
        powerScale = Float(2.0 / (Double(size) * windowEnergy))
    }

    deinit {
        window.deallocate()
        powers.deallocate()
        sums.deallocate()
    }

    /// Where the speech band and its sub-bands lie in `spectrum`, and how bin power maps to level.
    public var layout: SpectrumLayout {
        SpectrumLayout(
            bandBins: lowBin..<(highBin + 1),
            subbandStarts: (0...FrameFeatures.bandCount).map { bandStartBins[$0] }, powerScale: powerScale)
    }

    /// Channels an extractor keeps spectra for.
    public static let maxChannels = 2

    /// The power spectrum `|X[k]|²` of `channel`'s frame analysed last into `slot`, valid until the next
    /// call of `features(of:channel:slot:)` for that channel and slot: bins `0 ... fftSize/2`, of which only
    /// the speech band (`layout.bandBins`) is computed; the others stay 0.
    /// - Parameters:
    ///   - channel: 0 or 1.
    ///   - slot: `0..<slots`.
    /// - Returns: `fftSize/2 + 1` bin powers, owned by the extractor.
    public func spectrum(channel: Int, slot: Int = 0) -> UnsafePointer<Float> { UnsafePointer(row(channel, slot)) }

    @inline(__always)
    private func row(_ channel: Int, _ slot: Int) -> UnsafeMutablePointer<Float> {
        precondition(channel >= 0 && channel < Self.maxChannels && slot >= 0 && slot < slots, "row out of range")
        return powers + (slot * Self.maxChannels + channel) * rowLength
    }

    /// The window function, for the framer to apply.
    public var windowFunction: UnsafePointer<Float> { UnsafePointer(window) }

    /// Computes the features of the frame currently held by `framer` for `channel`, keeping its spectrum in
    /// `slot`. Real-time safe.
    /// - Parameters:
    ///   - framer: holds the frame's window of samples.
    ///   - channel: 0 or 1.
    ///   - slot: `0..<slots`; the spectrum stays there until the next frame analysed into it.
    /// - Returns: the frame's speech-band level in dBFS and its sub-band powers, own values equal to them.
    public func features(of framer: Framer, channel: Int, slot: Int = 0) -> FrameFeatures {
        let power = row(channel, slot)
        framer.copyWindow(channel: channel, window: window, into: fft.input)
        // A DC offset (a sound card's, a recorder's) is no sound: without it, a DC-shifted mute is still digital
        // silence, and the window's leakage from 0 Hz adds nothing to the speech band's lowest bins.
        VectorMath.removeWeightedMean(fft.input, weights: window, count: windowSamples, weightSum: windowSum)
        fft.powerSpectrum(into: power, bins: lowBin..<(highBin + 1))
        // The sub-bands tile lowBin ... highBin exactly.
        var bands = InlineArray<8, Float>(repeating: 0)
        var rawSum: Float = 0
        let masks = VectorMath.chunkMask
        for band in 0..<FrameFeatures.bandCount {
            let total = VectorMath.paddedSum(power, bandStartBins[band]..<bandStartBins[band + 1], masks: masks)
            rawSum += total
            bands[band] = total * powerScale
        }
        // Every bin counts with the floor it gets in the logarithms of `shape(channel:slot:)`.
        let sum = rawSum + Float(highBin - lowBin + 1) * Self.binFloor
        sums[slot * Self.maxChannels + channel] = sum
        return FrameFeatures(energyDB: FastLog.decibels(sum * powerScale), bandPower: bands)
    }

    private static let binFloor: Float = 1e-20

    /// The shape of `channel`'s spectrum analysed last into `slot` by `features(of:channel:slot:)`. Real-time
    /// safe.
    /// - Parameters:
    ///   - channel: 0 or 1.
    ///   - slot: `0..<slots`.
    /// - Returns: the speech band's spectral flatness in dB, its peak share, and whether its two peaks are a DTMF pair.
    public func shape(channel: Int, slot: Int = 0) -> FrameShape {
        let power = row(channel, slot)
        let floor = Self.binFloor
        // The sum of the logarithms, eight bins at a time (vector instructions), then the rest.
        var logLanes = SIMD8<Float>(repeating: 0)
        var k = lowBin
        let bandEnd = highBin &+ 1
        while k &+ 8 <= bandEnd {
            logLanes += FastLog.log2(SIMD8.load(power + k) + floor)
            k &+= 8
        }
        var logSum = VectorMath.total(logLanes)
        while k < bandEnd {
            logSum += FastLog.log2(power[k] + floor)
            k &+= 1
        }
        let peakBin = VectorMath.indexOfMaximum(power, lowBin..<(highBin + 1)) ?? lowBin
        let count = Float(highBin - lowBin + 1)
        let sum = sums[slot * Self.maxChannels + channel]
        let flatnessDB = 3.010_299_9 * (logSum / count - FastLog.log2(sum / count))
        // A sinusoid's Hann main lobe spans ±`lobeBins`: the two strongest such regions hold nearly all
        // the power of a tone or a dual tone (DTMF, dial tone), and far less of voiced speech.
        let first = regionPower(power, around: peakBin)
        // The second region's centre: the first largest bin outside the peak's lobe, found with the lobe set to
        // -infinity for the search.
        let lobe = max(lowBin, peakBin - lobeBins)...min(highBin, peakBin + lobeBins)
        var secondBin: Int?
        if lobe.lowerBound > lowBin || lobe.upperBound < highBin {
            var saved = InlineArray<7, Float>(repeating: 0)
            for k in lobe {
                saved[k - lobe.lowerBound] = power[k]
                power[k] = -.infinity
            }
            secondBin = VectorMath.indexOfMaximum(power, lowBin..<(highBin + 1))
            for k in lobe { power[k] = saved[k - lobe.lowerBound] }
        }
        let second = secondBin.map { regionPower(power, around: $0, excluding: peakBin) } ?? 0
        let dtmfPair =
            secondBin.map { FrameShape.isDTMFPair(Float(peakBin) * binHz, Float($0) * binHz, binHz: binHz) } ?? false
        return FrameShape(
            flatnessDB: min(0, flatnessDB), peakShare: min(1, (first + second) / sum), dtmfPair: dtmfPair)
    }

    /// Power of bins within ±`lobeBins` of `center` inside the band, skipping those within as much of `excluding`.
    @inline(__always)
    private func regionPower(_ power: UnsafeMutablePointer<Float>, around center: Int, excluding: Int = -100) -> Float {
        var total: Float = 0
        for k in max(lowBin, center - lobeBins)...min(highBin, center + lobeBins) where abs(k - excluding) > lobeBins {
            total += power[k]
        }
        return total
    }

    /// cos(x) by range reduction and a Taylor series; used only to build the window at setup.
    static func cosine(_ x: Double) -> Double {
        let twoPi = 2 * Double.pi
        var r = x - (x / twoPi).rounded(.down) * twoPi
        if r > Double.pi { r -= twoPi }
        let r2 = r * r
        var term = 1.0
        var sum = 1.0
        for n in stride(from: 2, through: 40, by: 2) {
            term *= -r2 / Double((n - 1) * n)
            sum += term
        }
        return sum
    }
}
