/// Removes each channel's leak into the other (headset crosstalk, softphone echo) before the speech
/// decision, so a voice heard on the wrong channel does not count as that party speaking, while real
/// overlap (both parties speaking) still does.
///
/// For each direction it learns the leak path (gain per sub-band and delay) while the source channel
/// speaks loudly and louder than the target. In every frame it predicts the leak bin by bin from the
/// source's spectra within the delay range and keeps, as the target's own level, only the power that
/// exceeds the prediction by `marginDB`. Working per FFT bin uses the spectral fine structure: two voices
/// rarely share harmonics, so a quieter talker still shows between the louder one's harmonics.
/// Storage is allocated in `init`; `process` is real-time safe.
public final class CrosstalkSuppressor {
    /// The settings in use.
    public let configuration: CrosstalkConfiguration
    private let layout: SpectrumLayout
    private let binCount: Int
    /// First bin of each sub-band relative to the band's first bin, then the bin count.
    private var bandOffsets: InlineArray<9, Int> = InlineArray(repeating: 0)
    /// Band-bin power spectra of the last `slots` frames of each channel: [channel][slot][bin].
    private let spectra: UnsafeMutablePointer<Float>
    /// Frames of spectra kept: as many as an echo's longest delay needs (a power of two for the ring's index).
    private static let slots = BandHistory.capacity
    private var newestSlot = 0
    // Per-frame state of the one engine thread; no runtime exclusivity checks (see `Engine`).
    @exclusivity(unchecked) private var leak0to1: LeakPath
    @exclusivity(unchecked) private var leak1to0: LeakPath
    /// Each channel's band powers over the last `slots` frames, which the leak paths and the late leaks (echoes)
    /// learn from.
    private let bands0 = BandHistory()
    private let bands1 = BandHistory()
    @exclusivity(unchecked) private var echo0to1 = EchoPath()
    @exclusivity(unchecked) private var echo1to0 = EchoPath()
    /// Each echo as last found (level dB, delay frames), kept when the path is later dropped: it was taken out
    /// for a while, and the report says so.
    private var echoSeen: InlineArray<2, (levelDB: Float, delayFrames: Int)?> = InlineArray(repeating: nil)
    /// Per target channel, each band bin's echo gain (times the margin), and the band gains (dB) it was filled from.
    private let echoRows: UnsafeMutablePointer<Float>
    private var echoGainsInRow: InlineArray<2, SIMD8<Float>> = InlineArray(repeating: SIMD8(repeating: .nan))
    /// What the report says of each leak (`LeakEstimate`), and each channel's background: the running median
    /// of its level over frames in which neither party speaks.
    @exclusivity(unchecked) private var estimate0to1 = LeakEstimate()
    @exclusivity(unchecked) private var estimate1to0 = LeakEstimate()
    @exclusivity(unchecked) private var background0 = RunningMedian(stepDB: 0.1)
    @exclusivity(unchecked) private var background1 = RunningMedian(stepDB: 0.1)
    /// `marginDB` as a power ratio.
    private let marginRatio: Float
    /// Per target channel, each band bin's leak gain (times the margin), for whole-band vector passes.
    private let gainRows: UnsafeMutablePointer<Float>
    /// The band gains (dB) `gainRows` were filled from.
    private var gainsInRow: InlineArray<2, SIMD8<Float>> = InlineArray(repeating: SIMD8(repeating: .nan))
    /// What is left of each band bin of the current target, and the leak predicted there (with the margin)
    /// (scratch).
    private let kept: UnsafeMutablePointer<Float>
    private let predicted: UnsafeMutablePointer<Float>
    /// `residualMaskDB` as a power ratio.
    private let residualMask: Float

    /// A suppressor that has learnt no leak yet; its storage is allocated here.
    /// - Parameters:
    ///   - configuration: margin, learning threshold and delay range.
    ///   - layout: the feature extractor's spectrum layout.
    public init(configuration: CrosstalkConfiguration = .standard, layout: SpectrumLayout) {
        self.configuration = configuration
        self.layout = layout
        binCount = layout.bandBins.count
        for band in 0...FrameFeatures.bandCount {
            bandOffsets[band] = min(binCount, max(0, layout.subbandStarts[band] - layout.bandBins.lowerBound))
        }
        // Eight floats of padding after the last row: `residual` reads whole chunks.
        spectra = .allocate(capacity: 2 * Self.slots * binCount + 8)
        spectra.initialize(repeating: 0, count: 2 * Self.slots * binCount + 8)
        leak0to1 = LeakPath(initialGainDB: configuration.initialLeakDB)
        leak1to0 = LeakPath(initialGainDB: configuration.initialLeakDB)
        marginRatio = FastLog.power(decibels: configuration.marginDB)
        gainRows = .allocate(capacity: 2 * (binCount + 8))
        gainRows.initialize(repeating: 0, count: 2 * (binCount + 8))
        echoRows = .allocate(capacity: 2 * (binCount + 8))
        echoRows.initialize(repeating: 0, count: 2 * (binCount + 8))
        kept = .allocate(capacity: binCount + 8)
        kept.initialize(repeating: 0, count: binCount + 8)
        predicted = .allocate(capacity: binCount + 8)
        predicted.initialize(repeating: 0, count: binCount + 8)
        residualMask = FastLog.power(decibels: configuration.residualMaskDB)
    }

    deinit {
        spectra.deallocate()
        gainRows.deallocate()
        echoRows.deallocate()
        kept.deallocate()
        predicted.deallocate()
    }

    /// The leak from channel `source` into the other, if one stands over the target's background and is
    /// louder than -60 dB: its level relative to the source (dB) and its delay (frames). Needs 3 s of loud
    /// source speech while the other party is silent. Real-time safe.
    /// - Parameter source: the leaking channel, 0 or 1.
    /// - Returns: the leak's level relative to the source in dB and its delay in 10 ms frames, or `nil` when none
    ///   has been found.
    public func leakFound(from source: Int) -> (levelDB: Float, delayFrames: Int)? {
        (source == 0 ? estimate0to1 : estimate1to0).finding(minFrames: 300, marginDB: 0, floorDB: -60)
    }

    /// The echo of channel `source` in the other (its voice returned 90-390 ms late), if one was found (now, or
    /// earlier in the stream and since dropped): its level
    /// relative to the source (dB) and its delay (frames). Real-time safe.
    /// - Parameter source: the echoed channel, 0 or 1.
    /// - Returns: the echo's level relative to the source in dB and its delay in 10 ms frames, or `nil` when none
    ///   has been found in the stream.
    public func echoFound(from source: Int) -> (levelDB: Float, delayFrames: Int)? {
        let echo = source == 0 ? echo0to1 : echo1to0
        return echo.delayFrames.map { (echo.levelDB, $0) } ?? echoSeen[source]
    }

    /// Keeps channel `channel`'s power spectrum of the current frame (call for both channels, then
    /// `process`). Real-time safe.
    /// - Parameters:
    ///   - channel: 0 or 1.
    ///   - spectrum: the frame's power spectrum `|X[k]|²` (`FeatureExtractor.spectrum`), read over the speech band.
    public func record(channel: Int, spectrum: UnsafePointer<Float>) {
        if channel == 0 { newestSlot = (newestSlot + 1) & (Self.slots - 1) }
        let row = spectra + (channel * Self.slots + newestSlot) * binCount
        VectorMath.scale(spectrum + layout.bandBins.lowerBound, by: layout.powerScale, into: row, count: binCount)
    }

    /// De-leaks one stereo frame: sets each channel's `ownEnergyDB`. `noiseFloorDB` are the detectors'
    /// floors of each channel, `bandFloorPowers` their sub-band floors as power; `speaking`, whether each
    /// channel's detector had speech on at the last frame (for the report's leak estimate only). Real-time safe.
    /// - Parameters:
    ///   - f0: channel 0's features; its `ownBandPower` and `ownEnergyDB` are set.
    ///   - f1: channel 1's features; its `ownBandPower` and `ownEnergyDB` are set.
    ///   - noiseFloorDB: each channel's detector noise floor, in dBFS.
    ///   - bandFloorPowers: each channel's sub-band floors as linear power, one band per lane.
    ///   - speaking: whether each channel's detector had speech on at the last frame. Default both `false`.
    public func process(
        _ f0: inout FrameFeatures, _ f1: inout FrameFeatures, noiseFloorDB: (Float, Float),
        bandFloorPowers: (SIMD8<Float>, SIMD8<Float>), speaking: (Bool, Bool) = (false, false)
    ) {
        guard configuration.enabled else { return }
        bands0.push(SIMD8(f0.bandPower))
        bands1.push(SIMD8(f1.bandPower))
        let maxDelay = configuration.maxDelayFrames
        if !speaking.0 && !speaking.1 {
            background0.add(f0.energyDB)
            background1.add(f1.energyDB)
        }
        let backgroundKnown = background0.count >= 50
        // Learn a path only while its source is loud and louder than the target: a leak is always
        // quieter than its source, so a channel that carries only the other's leak never teaches the
        // reverse path that its own party is leaking.
        if f0.energyDB - noiseFloorDB.0 > configuration.learnSNRDB, f0.energyDB > f1.energyDB + 3 {
            let ratios = leak0to1.learn(target: f1.bandPower, history: bands0, maxDelay: maxDelay)
            echo0to1.learn(
                target: SIMD8(f1.bandPower), targetFloor: bandFloorPowers.1, history: bands0,
                loudDB: noiseFloorDB.0 + configuration.learnSNRDB, shortSpreadDB: leak0to1.spreadDB)
            if let delay = echo0to1.delayFrames { echoSeen[0] = (echo0to1.levelDB, delay) }
            if backgroundKnown && !speaking.1 {
                estimate0to1.observe(
                    lagRatiosDB: ratios, maxDelay: maxDelay, backgroundRatioDB: background1.valueDB - f0.energyDB)
            }
        }
        if f1.energyDB - noiseFloorDB.1 > configuration.learnSNRDB, f1.energyDB > f0.energyDB + 3 {
            let ratios = leak1to0.learn(target: f0.bandPower, history: bands1, maxDelay: maxDelay)
            echo1to0.learn(
                target: SIMD8(f0.bandPower), targetFloor: bandFloorPowers.0, history: bands1,
                loudDB: noiseFloorDB.1 + configuration.learnSNRDB, shortSpreadDB: leak1to0.spreadDB)
            if let delay = echo1to0.delayFrames { echoSeen[1] = (echo1to0.levelDB, delay) }
            if backgroundKnown && !speaking.0 {
                estimate1to0.observe(
                    lagRatiosDB: ratios, maxDelay: maxDelay, backgroundRatioDB: background0.valueDB - f1.energyDB)
            }
        }
        let echoes = (echo1to0.delayFrames, echo0to1.delayFrames)
        apply(
            residual(
                target: 0, gains: leak1to0.gainDB, echo: (echoes.0, echo1to0.gainDB), floorPower: bandFloorPowers.0),
            to: &f0)
        apply(
            residual(
                target: 1, gains: leak0to1.gainDB, echo: (echoes.1, echo0to1.gainDB), floorPower: bandFloorPowers.1),
            to: &f1)
    }

    /// Fills a row of band-bin gains (times the margin) from per-band gains in dB. Whole chunks of eight: a chunk
    /// running past its band is overwritten by the next band (or lands in the row's padding).
    private func fill(_ row: UnsafeMutablePointer<Float>, from gainsDB: SIMD8<Float>) {
        let scale = marginRatio * FastLog.power(decibels: gainsDB)
        for band in 0..<FrameFeatures.bandCount {
            let lanes = SIMD8(repeating: scale[band])
            var bin = bandOffsets[band]
            while bin < bandOffsets[band + 1] {
                lanes.store(row + bin)
                bin &+= 8
            }
        }
    }

    private func apply(_ own: InlineArray<8, Float>, to features: inout FrameFeatures) {
        var total: Float = 0
        for band in 0..<FrameFeatures.bandCount {
            features.ownBandPower[band] = min(features.bandPower[band], own[band])
            total += features.ownBandPower[band]
        }
        features.ownEnergyDB = min(features.energyDB, FastLog.decibels(total + 1e-30))
    }

    /// Power per sub-band of `target`'s current spectrum left after removing `marginRatio` times the other channel's
    /// predicted leak: its largest bin power over the last `maxDelayFrames` frames and this one, times the
    /// band's gain. Covering every delay in range, rather than only the delay learnt, keeps the prediction
    /// right when the delay cannot be measured (a leak near the target's noise) and at the ends of words. Where an
    /// echo was found (`echo`'s delay), the prediction is the louder of that and the echo's: the source's largest
    /// bin power at the echo's delay ±1 frame times the echo's band gain. Of each sub-band's rest, `residualShare`
    /// of its predicted leak is taken off too, where that stands above `residualMaskDB` over the sub-band's noise
    /// floor `floorPower` (see `CrosstalkConfiguration`).
    private func residual(
        target: Int, gains: InlineArray<8, Float>, echo: (delayFrames: Int?, gainDB: SIMD8<Float>),
        floorPower: SIMD8<Float>
    ) -> InlineArray<8, Float> {
        let binGains = gainRows + target * (binCount + 8)
        let gainLanes = SIMD8(gains)
        if gainLanes != gainsInRow[target] {  // the gains change only while a path learns
            gainsInRow[target] = gainLanes
            fill(binGains, from: gainLanes)
        }
        let binEchoGains = echoRows + target * (binCount + 8)
        if echo.delayFrames != nil && echo.gainDB != echoGainsInRow[target] {
            echoGainsInRow[target] = echo.gainDB
            fill(binEchoGains, from: echo.gainDB)
        }
        let own = spectra + (target * Self.slots + newestSlot) * binCount
        let source = spectra + ((1 - target) * Self.slots) * binCount
        // The source rows in range, newest first; rows past `maxDelayFrames` repeat the newest, so the loop
        // below has a fixed form (a loop to `maxDelayFrames` cost 440 more instructions per frame).
        let lags = configuration.maxDelayFrames
        @inline(__always) func row(_ lag: Int) -> UnsafeMutablePointer<Float> {
            source + ((lag <= lags ? newestSlot - lag : newestSlot) & (Self.slots - 1)) * binCount
        }
        let (r0, r1, r2, r3, r4, r5, r6, r7) = (row(0), row(1), row(2), row(3), row(4), row(5), row(6), row(7))
        // What is left of each bin, eight at a time over the whole band (the rows carry eight bins of
        // padding, so the last chunk may read past the band), then summed per sub-band: the same sums, in
        // the same order, as summing each sub-band's chunks where it starts.
        @inline(__always) func louder(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
            a.replacing(with: b, where: b .> a)
        }
        // An echo's rows: its delay and a frame each side (the source's frames at that distance, not clamped).
        let delay = echo.delayFrames ?? 0
        @inline(__always) func late(_ lag: Int) -> UnsafeMutablePointer<Float> {
            source + ((newestSlot - lag) & (Self.slots - 1)) * binCount
        }
        let (e0, e1, e2) = (late(delay - 1), late(delay), late(delay + 1))
        @inline(__always) func chunk(_ i: Int, withEcho: Bool) {
            var loudest = SIMD8.load(r0 + i)
            loudest = louder(loudest, .load(r1 + i))
            loudest = louder(loudest, .load(r2 + i))
            loudest = louder(loudest, .load(r3 + i))
            loudest = louder(loudest, .load(r4 + i))
            loudest = louder(loudest, .load(r5 + i))
            loudest = louder(loudest, .load(r6 + i))
            loudest = louder(loudest, .load(r7 + i))
            var leak = loudest * SIMD8.load(binGains + i)
            if withEcho {
                let echoed = louder(louder(SIMD8.load(e0 + i), .load(e1 + i)), .load(e2 + i))
                leak = louder(leak, echoed * SIMD8.load(binEchoGains + i))
            }
            leak.store(predicted + i)
            let rest = SIMD8.load(own + i) - leak
            rest.replacing(with: 0, where: rest .< 0).store(kept + i)
        }
        var i = 0
        if echo.delayFrames != nil {
            while i < binCount {
                chunk(i, withEcho: true)
                i &+= 8
            }
        } else {
            while i < binCount {
                chunk(i, withEcho: false)
                i &+= 8
            }
        }
        var bands = InlineArray<8, Float>(repeating: 0)
        let masks = VectorMath.chunkMask
        let share = configuration.residualShare
        let hidden = residualMask * floorPower  // what the noise hides, per sub-band
        for band in 0..<FrameFeatures.bandCount {
            let range = bandOffsets[band]..<bandOffsets[band + 1]
            let rest = VectorMath.paddedSum(kept, range, masks: masks)
            let error = share * VectorMath.paddedSum(predicted, range, masks: masks) - hidden[band]
            bands[band] = error > 0 ? max(0, rest - error) : rest
        }
        return bands
    }
}
