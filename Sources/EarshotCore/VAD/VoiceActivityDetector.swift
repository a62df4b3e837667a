/// The speech/non-speech decision of one channel.
///
/// Per 10 ms frame: a per-band noise floor (read before this frame updates it), an SNR score (mean
/// over eight sub-bands of ln(1 + SNR)), and a speech test that trades level against SNR relative to
/// the running speech level (held at least a margin above the background level). Four consecutive
/// frames that pass the test and look like speech in shape (not flat like noise, not peaky like a
/// tone) start speech (three near the talker's level within 0.3 s of their last speech), backdated two
/// frames before the first; speech holds while frames pass the test or a looser one near the talker's
/// level, or the spurt's own if it is quieter (the quiet end of an utterance, a quiet turn), but for a pure
/// tone's, and for a 150 ms hangover after (not over digital silence, once the speech is as long as the
/// shortest spurt that counts). Decisions come out `lookaheadFrames` (5) frames late. `foregroundSeen` tells
/// pause bridging whether the spurt now heard is the talker's own voice or a distant one (see
/// `VADConfiguration.foregroundRangeDB`); speech resuming near the talker's level within the resume window
/// after their own voice is theirs. Fixed-size state; real-time safe.
public struct VoiceActivityDetector: Sendable {
    /// The settings in use.
    public let configuration: VADConfiguration
    private var floor: NoiseFloorTracker
    private var speechLevel: SpeechLevelTracker
    /// The latest frame whose score passed `gateScore` (for the speech-level gate).
    private var lastGateFrame = Int.min / 2
    private var speaking = false
    private var onsetRun = 0
    /// Consecutive onset frames near the talker's level, and frames since this channel last spoke.
    private var nearRun = 0
    private var framesSinceSpeech = Int.max
    private var hangover = 0
    /// Frames since this spurt of speech began (its backdated frames and pauses it resumed after included).
    private var speechFrames = 0
    /// Decisions for the last frames, newest in bit 0.
    private var pending: UInt64 = 0
    private var framesSeen = 0
    private var silentRun = 0
    private var framesSinceSilence = Int.max
    // Frames since the last dropout (`NoiseFloorTracker.dropoutFrames`); `edgeFrames`: how far a frame's window
    // reaches.
    private var framesSinceDropout = Int.max
    private let edgeFrames: Int
    /// Frames that passed the speech test since the last stretch of digital silence ended.
    private var freshCoreFrames = 0
    /// Mean level of the frames heard as speech, and how many there were.
    private var talkLevelDB: Float = 0
    private var talkFrames = 0
    /// Whether a second of this talker's speech has been heard, so `talkLevelDB` says how loud they talk.
    private var talkerKnown: Bool { talkFrames >= 100 }
    /// The mean level of this talker's speech (dBFS), once a second of it has been heard, else `nil`.
    public var knownTalkLevelDB: Float? { talkerKnown ? talkLevelDB : nil }
    /// Mean level of the current spurt's frames that passed the speech test while speech was on, and how many
    /// there were; kept through the resume window after the spurt ends.
    private var spurtLevelDB: Float = 0
    private var spurtFrames = 0
    private var background: BackgroundLevel
    /// The plain mean level of rejected frames (no assumed start level; digital silence counted at
    /// `digitalSilenceDB`), for the foreground test.
    private var rejectedLevel: BackgroundLevel
    /// Whether a frame of the current talk spurt, or of the onset run before it, passed the speech test at
    /// the talker's own level or far over the background: a spurt without one is a distant voice.
    public private(set) var foregroundSeen = true
    /// Whether a frame of the current talk spurt, or of the onset run before it, passed the speech test within
    /// `VADConfiguration.nodRangeDB` of the talker's mean level: a listener's nod in their own voice.
    public private(set) var nodLevelSeen = false
    /// Whether the latest spurt was the talker's own voice (`foregroundSeen` at its last frame): speech that
    /// resumes near the talker's level within the resume window goes on from it.
    private var lastSpurtForeground = false
    private var musicLevel: Float = 0
    private var music = false
    /// Frames in a row that were a DTMF key (a dual tone at a DTMF pair), and frames left during which keying
    /// holds nothing as speech (the tones' edges and gaps, which look voiced and short, included).
    private var keyRun = 0
    private var keyingFrames = 0
    /// Frames after the last DTMF key frame during which nothing holds or starts speech: 0.2 s, longer than the
    /// gap between keys a person or a dialler leaves (40-100 ms).
    static let keyingHoldFrames = 20
    private var loudSeen = false
    private let onsetScore: Float
    private let holdScore: Float

    /// Whether speech is on (its hangover included) as of the newest frame, ahead of the delayed decisions.
    public var isSpeaking: Bool { speaking }

    /// How many frames late each decision is.
    public var lookaheadFrames: Int { configuration.onsetFrames + configuration.backdateFrames - 1 }

    /// The noise floor of each sub-band as mean-square power (full scale = 1), as of the last frame.
    public private(set) var bandFloorPowers: SIMD8<Float>

    /// The noise floor over the whole speech band in dBFS (sum of the band floors), as of the last frame.
    public private(set) var noiseFloorDB: Float = 0

    /// The band floors `bandFloorPowers` and `noiseFloorDB` were last computed from (they are recomputed only
    /// when these change).
    private var broadbandOf = SIMD8<Float>(repeating: .nan)

    private mutating func refreshBroadband() {
        broadbandOf = floor.floorLanes
        bandFloorPowers = FastLog.power(decibels: floor.floorLanes)
        noiseFloorDB = Self.broadband(bandFloorPowers)
    }

    private static func broadband(_ powers: SIMD8<Float>) -> Float {
        var total: Float = 0
        for band in 0..<FrameFeatures.bandCount { total += powers[band] }
        return FastLog.decibels(total)
    }

    /// A detector at the start of a stream.
    /// - Parameters:
    ///   - configuration: thresholds and timings.
    ///   - windowMilliseconds: the analysis window (frames every 10 ms): how far a frame's window reaches.
    public init(configuration: VADConfiguration = .standard, windowMilliseconds: Int = 25) {
        self.configuration = configuration
        edgeFrames = min(8, max(0, (windowMilliseconds + 9) / 10 - 1))
        floor = NoiseFloorTracker(configuration: configuration, edgeFrames: edgeFrames)
        bandFloorPowers = FastLog.power(decibels: floor.floorLanes)
        noiseFloorDB = Self.broadband(bandFloorPowers)
        speechLevel = SpeechLevelTracker(configuration: configuration)
        background = BackgroundLevel(
            initialDB: configuration.backgroundInitialDB, timeFrames: configuration.backgroundTimeFrames,
            priorFrames: 30)
        rejectedLevel = BackgroundLevel(initialDB: 0, timeFrames: configuration.backgroundTimeFrames, priorFrames: 0)
        // The same contrasts as sub-band scores: ln(1 + 10^(dB/10)).
        onsetScore = 0.693_147_2 * FastLog.log2(1 + FastLog.power(decibels: configuration.backgroundOnsetDB))
        holdScore = 0.693_147_2 * FastLog.log2(1 + FastLog.power(decibels: configuration.backgroundHoldDB))
    }

    /// Feeds one frame and returns the decision for the frame `lookaheadFrames` earlier, or `nil`
    /// while the first frames are still pending. `shape` gives the frame's spectral shape; it is called
    /// only for frames that pass the speech test, or hold speech that is on. Real-time safe.
    /// - Parameters:
    ///   - features: the frame's features, crosstalk already taken off (`ownBandPower`, `ownEnergyDB`).
    ///   - peerTalkLevelDB: the other party's `knownTalkLevelDB` before this frame, for the fresh-sound rule while
    ///     this talker is not known yet (see `VADConfiguration.freshSoundPeerRangeDB`); `nil` for a mono stream.
    ///   - shape: the frame's spectral shape, called only for frames that pass the speech test or hold speech.
    /// - Returns: whether the frame `lookaheadFrames` earlier is speech, or `nil` while the first frames are pending.
    public mutating func process(
        _ features: FrameFeatures, peerTalkLevelDB: Float? = nil, shape: () -> FrameShape
    ) -> Bool? {
        let c = configuration
        // The eight sub-bands in vector lanes; the score is the mean of ln(1 + SNR) over them.
        let rawLanes = FastLog.decibels(SIMD8(features.bandPower) + 1e-12)
        let ownLanes = FastLog.decibels(SIMD8(features.ownBandPower) + 1e-12)
        let score = FastLog.meanLogOnePlus(decibels: ownLanes - floor.floorLanes)
        floor.update(bandDB: rawLanes, levelDB: features.energyDB)

        if score > c.gateScore { lastGateFrame = framesSeen }
        let gate = framesSeen - lastGateFrame < c.gateFrames
        let level = features.ownEnergyDB
        // Only notes (a chord, a note with its overtones, a melody) count: a tone, however long, is no music.
        let notesShare = features.tonalNotes ? features.tonalShare : 0
        musicLevel += (notesShare - musicLevel) / Float(c.musicTimeFrames)
        music = music ? musicLevel > c.musicOffShare : musicLevel > c.musicOnShare
        let contrast = background.contrast(levelDB: level, bandDB: ownLanes)
        // The speech level never counts as lower than the background plus a margin (babble would pull it down).
        let reference = max(speechLevel.levelDB, background.levelDB + c.speechOverBackgroundDB)
        let margin = (level - reference) + c.scoreWeightDB * score
        let plain = score > c.minScore && margin > c.levelMarginDB
        let aboveBackground = !music && (contrast.db >= c.backgroundHoldDB || contrast.score >= holdScore)
        var core = plain && aboveBackground
        // "Near the talker": within the sustain range of their mean level, or of this spurt's own if it is quieter.
        let spurtKnown =
            c.spurtLevelFrames > 0 && spurtFrames >= c.spurtLevelFrames
            && (speaking || framesSinceSpeech <= c.resumeWindowFrames)
        let nearLevel = spurtKnown ? min(talkLevelDB, spurtLevelDB) : talkLevelDB
        let nearTalker = !talkerKnown || level > nearLevel - c.sustainRangeDB
        var sustained = aboveBackground && nearTalker && score > c.sustainMinScore && margin > c.sustainMarginDB
        var strong = false
        if keyingFrames > 0 { keyingFrames -= 1 }
        keyRun = core ? keyRun : 0
        var pureTone = false
        if core || (speaking && sustained) {
            let spectrum = shape()
            if core {
                strong = spectrum.flatnessDB < c.maxOnsetFlatnessDB && spectrum.peakShare < c.maxPeakShare
                // DTMF keyed straight after a talker's words: the tones' edge frames look voiced and its gaps are
                // shorter than the hangover, so speech would run on through the keying; two key frames in a row
                // end it, and for `keyingHoldFrames` after the last nothing holds or starts speech.
                keyRun = spectrum.dtmfPair && spectrum.peakShare >= c.maxPeakShare ? keyRun + 1 : 0
                if keyRun >= 2 { keyingFrames = Self.keyingHoldFrames + 1 }  // this frame, then 0.2 s
            }
            // A pure tone (nearly all the power in two peaks: a warning or test tone, a dial tone) holds no speech:
            // the hangover runs over it. A voice's own such frames come in runs shorter than the hangover.
            pureTone = spectrum.peakShare >= c.maxPeakShare
            if pureTone {
                core = false
                sustained = false
            }
        }
        if keyingFrames > 0 {
            core = false
            sustained = false
            strong = false
        }
        // Digital silence inside the gate counts too, at its level of -226 dB or below: in a recording cut to zeros
        // between utterances it holds the speech level down, so the reference rests on the background margin and
        // quiet words pass on SNR alone. Leaving those frames out was measured (README, "Accuracy"): better
        // share and gaps on such recordings, fewer backchannels and interruptions found; not taken.
        // A pure tone does not count: one louder than the voice would raise the level speech is measured against.
        if gate && !music && !pureTone { speechLevel.update(levelDB: level) }
        trackDigitalSilence(levelDB: features.energyDB)
        // A talker not heard for a second yet is measured against the other party's level: in a recording cut to
        // zeros between utterances, each new recording's own background (room tone, a breath) comes out of the
        // zeros far under both voices, and would otherwise pass the speech test against a floor of nothing.
        if framesSinceSilence < c.freshSoundFrames,
            let reference = talkerKnown ? talkLevelDB : peerTalkLevelDB.map({ $0 - c.freshSoundPeerRangeDB })
        {
            let quiet = level < reference - c.freshSoundMarginDB
            if core { freshCoreFrames += 1 }
            if strong { strong = !quiet || freshCoreFrames >= c.freshSoundHoldFrames }
            // The third frame of a new sound is the first whose window lies wholly inside it: when it is
            // far below the talker's level, it is the new background, and the floor starts from it.
            if framesSinceSilence == 3 && quiet { floor.reseed(bandDB: rawLanes, marginDB: 3) }
        }
        if speaking && core {
            spurtFrames += 1
            spurtLevelDB += (level - spurtLevelDB) / Float(spurtFrames)
            talkFrames += 1
            talkLevelDB += max(0.01, 1 / Float(talkFrames)) * (level - talkLevelDB)
        } else if !speaking && framesSinceSpeech > c.resumeWindowFrames {
            spurtFrames = 0
            spurtLevelDB = 0
        }

        if core && talkerKnown && level >= talkLevelDB - c.nodRangeDB { nodLevelSeen = true }
        if core && !foregroundSeen {
            let overBackground =
                rejectedLevel.frames < c.foregroundMinRejectedFrames
                || level - rejectedLevel.levelDB >= c.foregroundContrastDB
            foregroundSeen = overBackground || (talkerKnown && level >= talkLevelDB - c.foregroundRangeDB)
        }
        pending <<= 1
        nearRun = strong && nearTalker ? nearRun + 1 : 0
        if strong {
            onsetRun += 1
            if contrast.db >= c.backgroundOnsetDB || contrast.score >= onsetScore { loudSeen = true }
        } else {
            onsetRun = 0
            loudSeen = false
        }
        if speaking && (music || keyingFrames > 0) { speaking = false }  // music and keying end speech at once
        if speaking {
            if core {
                hangover = 0
                pending |= 1
            } else if sustained {
                pending |= 1  // the hangover neither restarts nor runs down
            } else if features.energyDB < c.digitalSilenceDB && speechFrames >= c.minSpurtFrames {
                speaking = false  // nothing in a window of digital silence is speech: no hangover over it
            } else {
                hangover += 1
                if hangover <= c.hangoverFrames { pending |= 1 } else { speaking = false }
            }
        }
        // A frame whose window reaches back into a dropout (a lost packet written as zeros) dips: no background.
        // Nor does a tone the tonal tracker holds (a warning tone louder than the talk, once the noise floor has
        // taken it in, would raise the background speech must stand over, as music would).
        let toneHeld = features.tonalShare > c.musicOnShare
        if !plain && !music && !toneHeld && features.energyDB >= c.digitalSilenceDB && framesSinceDropout > edgeFrames {
            background.update(levelDB: level, bandDB: ownLanes)
            rejectedLevel.update(levelDB: level, bandDB: ownLanes)
        } else if features.energyDB < c.digitalSilenceDB {
            // A recording cut to zeros between words has no distant voices behind them: count the zeros in.
            rejectedLevel.update(levelDB: c.digitalSilenceDB, bandDB: SIMD8(repeating: c.digitalSilenceDB))
        }
        let resuming = framesSinceSpeech <= c.resumeWindowFrames && nearRun >= c.resumeOnsetFrames
        let onset = resuming ? c.resumeOnsetFrames : c.onsetFrames
        if !speaking && onsetRun >= onset && loudSeen {
            speaking = true
            // Speech resuming within the resume window continues the same spurt (the pause bridge joins them).
            let sameSpurt = framesSinceSpeech <= c.resumeWindowFrames
            // The talker going on after a breath, more quietly: their own voice, even where it no longer stands
            // out from the noise as the foreground test asks.
            if resuming && lastSpurtForeground { foregroundSeen = true }
            speechFrames = sameSpurt ? speechFrames + framesSinceSpeech : onset + c.backdateFrames - 1
            hangover = 0
            pending |= (UInt64(1) << UInt64(onset + c.backdateFrames)) - 1  // backdate
        }
        if speaking {
            lastSpurtForeground = foregroundSeen
            speechFrames += 1
            framesSinceSpeech = 0
        } else if framesSinceSpeech < Int.max {
            framesSinceSpeech += 1
        }
        if !speaking && onsetRun == 0 {
            foregroundSeen = false
            nodLevelSeen = false
        }
        if floor.floorLanes != broadbandOf { refreshBroadband() }
        framesSeen += 1
        guard framesSeen > lookaheadFrames else { return nil }
        return pending & (UInt64(1) << UInt64(lookaheadFrames)) != 0
    }

    private mutating func trackDigitalSilence(levelDB: Float) {
        if levelDB < configuration.digitalSilenceDB {
            silentRun += 1
        } else {
            if silentRun > 0 && silentRun < NoiseFloorTracker.dropoutFrames { framesSinceDropout = 0 }
            if framesSinceDropout < Int.max { framesSinceDropout += 1 }
            if silentRun >= NoiseFloorTracker.dropoutFrames {
                framesSinceSilence = 0
                freshCoreFrames = 0
            }
            silentRun = 0
            if framesSinceSilence < Int.max { framesSinceSilence += 1 }
        }
    }

    /// Returns the decisions still pending at the end of a stream, oldest first, through `emit`.
    /// - Parameter emit: called once per pending frame, with whether it is speech.
    public mutating func flush(_ emit: (Bool) -> Void) {
        let count = min(framesSeen, lookaheadFrames)
        for age in stride(from: count - 1, through: 0, by: -1) {
            emit(pending & (UInt64(1) << UInt64(age)) != 0)
        }
        framesSeen = 0
    }
}
