/// Settings of the speech/non-speech decision. Immutable; validated in `init`.
///
/// Levels are in dB relative to full scale (see `FrameFeatures.energyDB`), scores in nats of
/// sub-band SNR (see `VoiceActivityDetector`), durations in 10 ms frames. The defaults were chosen on
/// labelled real speech with leave-one-file-out checks (README, "Accuracy").
public struct VADConfiguration: Sendable, Equatable {
    /// A frame can be speech only when its SNR score (mean over sub-bands of ln(1 + SNR)) exceeds
    /// this. Default 1.75 (steady noise stays below about 1.65).
    public let minScore: Float
    /// Level versus SNR trade: speech needs `(level − speech level) + scoreWeight · score` above
    /// `levelMarginDB`. Defaults 4 dB per nat and 7 dB.
    public let scoreWeightDB: Float
    /// The level-versus-SNR sum the speech test needs (see `scoreWeightDB`). Default 7 dB.
    public let levelMarginDB: Float
    /// The running speech level learns only from frames within `gateFrames` of a frame scoring over
    /// `gateScore`. Defaults 2.0 and 16 frames.
    public let gateScore: Float
    /// How long after a frame over `gateScore` the speech level still learns. Default 16 frames.
    public let gateFrames: Int
    /// Speech level assumed before any speech (ITU nominal active speech level). Default -26 dBFS.
    public let initialSpeechLevelDB: Float
    /// Weight of that assumption, in gated frames. Default 25.
    public let speechLevelPriorFrames: Int
    /// Slowest update rate of the speech level (per gated frame). Default 0.003.
    public let minSpeechLevelRate: Float
    /// Onset frames must have a spectral flatness below this (noise is flatter). Default -3 dB.
    public let maxOnsetFlatnessDB: Float
    /// Onset frames must have a peak share below this (tones and DTMF measure above), and a frame at or above it
    /// holds no speech. Default 0.995.
    public let maxPeakShare: Float
    /// Consecutive onset frames that start speech. Default 4.
    public let onsetFrames: Int
    /// Within `resumeWindowFrames` after this talker's speech ended, `resumeOnsetFrames` onset frames near the
    /// talker's level (within `sustainRangeDB`) start speech again: soft, broken speech resuming after a dip,
    /// which the pause bridge would have joined anyway. Defaults 30 frames (the 0.3 s bridge) and 3.
    public let resumeWindowFrames: Int
    /// Onset frames that start speech again within the resume window. Default 3.
    public let resumeOnsetFrames: Int
    /// Extra frames before the first onset frame that are reported as speech. Default 2.
    public let backdateFrames: Int
    /// Frames speech is held after the last frame that passes the speech test. Default 15 (150 ms). A frame of
    /// digital silence (below `digitalSilenceDB`) ends speech at once, without hangover, once the speech has
    /// lasted `minSpurtFrames`: a recording cut to zeros holds no speech (a shorter spurt keeps its hangover
    /// until it is that long, so that a short word cut to zeros is not dropped as a click).
    public let hangoverFrames: Int
    /// Talk spurts shorter than this, from their first to their last speech frame with pauses under the
    /// bridge joined, are not speech: a cough, a click, a breath, a burst of the other side's voice leaking
    /// through. Applied by the engine's pause bridging; it delays final decisions by as much. Default 25
    /// frames (0.25 s; the detector's shortest spurt, a bare onset and hangover, is 21).
    public let minSpurtFrames: Int
    /// A spurt that begins once the other party's speech has been heard this many frames in a row counts
    /// however short it is: a listener's nod ("mm") answers what it hears, and on a phone line, with the
    /// nasal hum below the band, little more than its onset may be left. A click or breath just as the
    /// other starts is still dropped. 0 turns this off. Default 30 (0.3 s; 0.15-0.5 s score the same on
    /// the development calls).
    public let nodListenFrames: Int
    /// Such a nod is the listener's own voice, whatever the foreground test says, when a frame of it passes the
    /// speech test within this many dB under their mean level (once a second of their speech is heard). The
    /// foreground test asks for the full mean level; a soft "mm" said while listening often falls just short of
    /// it, and a distant voice lies further down. Default 3 dB.
    public let nodRangeDB: Float
    /// While speech is on, a frame that passes a looser test keeps it on without restarting the hangover:
    /// score above `sustainMinScore`, level versus SNR above `sustainMarginDB`, the background contrast of
    /// the speech test, and a level at most `sustainRangeDB` under the talker's (once a second of their
    /// speech is heard). This is the quiet end of an utterance, which people label as speech; distant
    /// voices in babble lie further under the talker. Defaults 1.25 nats, 3 dB and 6 dB.
    public let sustainMinScore: Float
    /// Level-versus-SNR sum of the looser hold test (see `sustainMinScore`). Default 3 dB.
    public let sustainMarginDB: Float
    /// How far under the talker's level the hold test holds (see `sustainMinScore`). Default 6 dB.
    public let sustainRangeDB: Float
    /// Once this many frames of a talk spurt have passed the speech test, "near the talker" (for the looser
    /// hold test above, and for speech resuming within `resumeWindowFrames` of the spurt) is measured against
    /// the spurt's own mean level where that is lower than the talker's: a quiet turn (a softer passage, a
    /// talker further from the microphone) is held through its weaker frames as a loud one is. 0 turns this
    /// off. Default 5.
    public let spurtLevelFrames: Int
    /// Length of the per-band noise-floor minimum search. Default 150 frames (1.5 s, ten sub-windows).
    public let noiseWindowFrames: Int
    /// Band-level floor assumed before any audio (per sub-band). Default -54 dBFS (-45 over the band).
    public let initialBandFloorDB: Float
    /// A sound whose level stays within `steadyRangeDB` for `steadyFrames` frames becomes the floor at
    /// once (hum, steady noise). Defaults 30 frames and 2 dB.
    public let steadyFrames: Int
    /// How little a steady sound's level may move (see `steadyFrames`). Default 2 dB.
    public let steadyRangeDB: Float
    /// Frames below this level are digital silence and leave the floor untouched. Default -90 dBFS.
    public let digitalSilenceDB: Float
    /// For this many frames after a stretch of digital silence (a new recording, a talk spurt after
    /// silence suppression) the noise floor says nothing about the new sound, so speech may start
    /// only within `freshSoundMarginDB` of the level this channel's talker has been heard at.
    /// Defaults 50 frames (0.5 s) and 6 dB.
    public let freshSoundFrames: Int
    /// How close to the talker's level a fresh sound must come (see `freshSoundFrames`). Default 6 dB.
    public let freshSoundMarginDB: Float
    /// A quieter new sound may still start speech once it has passed the speech test in this many frames
    /// since the silence ended: a murmur or a backchannel lasts, a click or a breath at the start of a talk
    /// spurt does not. Default 12 frames (120 ms).
    public let freshSoundHoldFrames: Int
    /// Before a second of this talker's speech has been heard, the fresh-sound rule takes them to talk at most
    /// this far under the other party's level (once a second of theirs has been heard; until then the rule waits):
    /// in a recording cut to zeros between utterances, a new recording's background coming out of the zeros (room
    /// tone, a breath) far under both voices is not this party's first words. Default 6 dB.
    public let freshSoundPeerRangeDB: Float
    /// Hold music: the share of sound in sustained spectral peaks, averaged over `musicTimeFrames`,
    /// switches music on above `musicOnShare` and off below `musicOffShare`; music is never speech.
    /// Defaults 50 frames, 0.4 and 0.2.
    public let musicTimeFrames: Int
    /// Mean tonal share that switches music on (see `musicTimeFrames`). Default 0.4.
    public let musicOnShare: Float
    /// Mean tonal share under which music switches off. Default 0.2.
    public let musicOffShare: Float
    /// Background contrast: speech must start at least `backgroundOnsetDB` (or a sub-band score of
    /// ln(1 + 10^(dB/10))) above the mean level of rejected frames, and keep `backgroundHoldDB` above it.
    /// Defaults 9 dB and 5 dB, with a 300-frame time constant and a -120 dBFS start.
    public let backgroundOnsetDB: Float
    /// How far over the background speech must stay (see `backgroundOnsetDB`). Default 5 dB.
    public let backgroundHoldDB: Float
    /// Time constant of the background level once settled. Default 300 frames.
    public let backgroundTimeFrames: Int
    /// Background level assumed before any frame was rejected. Default -120 dBFS.
    public let backgroundInitialDB: Float
    /// The speech test measures a frame's level against the running speech level, taken as at least this
    /// far above the background level: in babble the speech level learns from the distant voices and would
    /// otherwise sink towards them. Default 8 dB.
    public let speechOverBackgroundDB: Float
    /// Foreground test: a talk spurt counts only if one of its frames passing the speech test is at least as
    /// loud as the talker's mean level less `foregroundRangeDB`, or `foregroundContrastDB` over the mean
    /// level of the frames rejected so far, digital silence counted at `digitalSilenceDB` (any frame does
    /// while fewer than `foregroundMinRejectedFrames` were rejected). Distant voices (office babble) pass the
    /// speech test now and then, but never come that close to the talker; pause bridging drops their spurts,
    /// also where they run into the talker's speech, unless the talker's speech follows within the bridge.
    /// A spurt that resumes the talker's own (within `resumeWindowFrames`, its onset within `sustainRangeDB`
    /// of their level) needs neither: the talker going on more quietly, which in noise may stand less far
    /// over the background than a distant voice.
    /// Defaults 0 dB, 14 dB and 50 frames.
    public let foregroundRangeDB: Float
    /// How far over the rejected frames' mean level a spurt's frame makes it foreground (see `foregroundRangeDB`). Default 14 dB.
    public let foregroundContrastDB: Float
    /// Rejected frames needed before the contrast applies (see `foregroundRangeDB`). Default 50.
    public let foregroundMinRejectedFrames: Int

    /// Speech-decision settings, validated.
    /// - Parameters: each sets the property of the same name (its unit, valid range and default are
    ///   given there).
    /// - Throws: `ConfigurationError`: `outOfRange` when a value is outside its valid range, `conflicting` when
    ///   settings contradict each other (music off share over its on share, background hold over its onset,
    ///   resume onset frames over the onset frames, a hold test stricter than the speech test).
    public init(
        minScore: Float = 1.75, scoreWeightDB: Float = 4, levelMarginDB: Float = 7, gateScore: Float = 2,
        gateFrames: Int = 16, initialSpeechLevelDB: Float = -26, speechLevelPriorFrames: Int = 25,
        minSpeechLevelRate: Float = 0.003, maxOnsetFlatnessDB: Float = -3, maxPeakShare: Float = 0.995,
        onsetFrames: Int = 4, resumeWindowFrames: Int = 30, resumeOnsetFrames: Int = 3, backdateFrames: Int = 2,
        hangoverFrames: Int = 15, minSpurtFrames: Int = 25, nodListenFrames: Int = 30, nodRangeDB: Float = 3,
        sustainMinScore: Float = 1.25,
        sustainMarginDB: Float = 3, sustainRangeDB: Float = 6, spurtLevelFrames: Int = 5, noiseWindowFrames: Int = 150,
        initialBandFloorDB: Float = -54.03, steadyFrames: Int = 30, steadyRangeDB: Float = 2,
        digitalSilenceDB: Float = -90, freshSoundFrames: Int = 50, freshSoundMarginDB: Float = 6,
        freshSoundHoldFrames: Int = 12, freshSoundPeerRangeDB: Float = 6,
        musicTimeFrames: Int = 50, musicOnShare: Float = 0.4, musicOffShare: Float = 0.2, backgroundOnsetDB: Float = 9,
        backgroundHoldDB: Float = 5, backgroundTimeFrames: Int = 300, backgroundInitialDB: Float = -120,
        speechOverBackgroundDB: Float = 8, foregroundRangeDB: Float = 0, foregroundContrastDB: Float = 14,
        foregroundMinRejectedFrames: Int = 50
    ) throws(ConfigurationError) {
        guard musicTimeFrames >= 1 else { throw ConfigurationError(.outOfRange, "musicTimeFrames must be at least 1") }
        guard musicOffShare <= musicOnShare else {
            throw ConfigurationError(.conflicting, "musicOffShare must not be over musicOnShare")
        }
        guard backgroundTimeFrames >= 1 else {
            throw ConfigurationError(.outOfRange, "backgroundTimeFrames must be at least 1")
        }
        guard backgroundHoldDB <= backgroundOnsetDB else {
            throw ConfigurationError(.conflicting, "backgroundHoldDB must not be over backgroundOnsetDB")
        }
        guard freshSoundHoldFrames >= 1 else {
            throw ConfigurationError(.outOfRange, "freshSoundHoldFrames must be at least 1")
        }
        guard freshSoundPeerRangeDB >= 0 else {
            throw ConfigurationError(.outOfRange, "freshSoundPeerRangeDB must be >= 0 dB")
        }
        guard (0...40).contains(speechOverBackgroundDB) else {
            throw ConfigurationError(.outOfRange, "speechOverBackgroundDB must be 0 ... 40 dB")
        }
        guard foregroundRangeDB >= 0, foregroundContrastDB >= 0, foregroundMinRejectedFrames >= 0 else {
            throw ConfigurationError(
                .outOfRange, "foreground settings must be >= 0 (use a large range to turn the test off)")
        }
        guard minScore > 0, minScore < 20 else {
            throw ConfigurationError(.outOfRange, "minScore must be 0 ... 20 nats")
        }
        guard (1...32).contains(gateFrames) else {
            throw ConfigurationError(.outOfRange, "gateFrames must be 1 ... 32")
        }
        guard (1...20).contains(onsetFrames) else {
            throw ConfigurationError(.outOfRange, "onsetFrames must be 1 ... 20")
        }
        guard (0...1_000).contains(resumeWindowFrames), resumeOnsetFrames >= 1 else {
            throw ConfigurationError(.outOfRange, "resumeWindowFrames must be 0 ... 1000 and resumeOnsetFrames >= 1")
        }
        guard resumeOnsetFrames <= onsetFrames else {
            throw ConfigurationError(.conflicting, "resumeOnsetFrames must not be over onsetFrames")
        }
        guard (0...20).contains(backdateFrames), onsetFrames + backdateFrames <= 40 else {
            throw ConfigurationError(.outOfRange, "backdateFrames must be 0 ... 20")
        }
        guard (0...100).contains(hangoverFrames) else {
            throw ConfigurationError(.outOfRange, "hangoverFrames must be 0 ... 100")
        }
        guard (0...100).contains(minSpurtFrames) else {
            throw ConfigurationError(.outOfRange, "minSpurtFrames must be 0 ... 100")
        }
        guard (0...1_000).contains(nodListenFrames) else {
            throw ConfigurationError(.outOfRange, "nodListenFrames must be 0 ... 1000")
        }
        guard nodRangeDB >= 0 else { throw ConfigurationError(.outOfRange, "nodRangeDB must be >= 0 dB") }
        guard sustainMinScore >= 0, sustainRangeDB >= 0 else {
            throw ConfigurationError(.outOfRange, "sustainMinScore and sustainRangeDB must be >= 0")
        }
        guard sustainMinScore <= minScore, sustainMarginDB <= levelMarginDB else {
            throw ConfigurationError(
                .conflicting, "the sustain test must be no stricter than minScore and levelMarginDB")
        }
        guard (0...1_000).contains(spurtLevelFrames) else {
            throw ConfigurationError(.outOfRange, "spurtLevelFrames must be 0 ... 1000")
        }
        guard (10...3_000).contains(noiseWindowFrames) else {
            throw ConfigurationError(.outOfRange, "noiseWindowFrames must be 10 ... 3000")
        }
        guard (3...30).contains(steadyFrames) else {
            throw ConfigurationError(.outOfRange, "steadyFrames must be 3 ... 30")
        }
        guard maxPeakShare > 0, maxPeakShare <= 1 else {
            throw ConfigurationError(.outOfRange, "maxPeakShare must be 0 ... 1")
        }
        guard minSpeechLevelRate > 0, minSpeechLevelRate <= 1 else {
            throw ConfigurationError(.outOfRange, "minSpeechLevelRate must be 0 ... 1")
        }
        self.minScore = minScore
        self.scoreWeightDB = scoreWeightDB
        self.levelMarginDB = levelMarginDB
        self.gateScore = gateScore
        self.gateFrames = gateFrames
        self.initialSpeechLevelDB = initialSpeechLevelDB
        self.speechLevelPriorFrames = speechLevelPriorFrames
        self.minSpeechLevelRate = minSpeechLevelRate
        self.maxOnsetFlatnessDB = maxOnsetFlatnessDB
        self.maxPeakShare = maxPeakShare
        self.onsetFrames = onsetFrames
        self.resumeWindowFrames = resumeWindowFrames
        self.resumeOnsetFrames = resumeOnsetFrames
        self.backdateFrames = backdateFrames
        self.hangoverFrames = hangoverFrames
        self.minSpurtFrames = minSpurtFrames
        self.nodListenFrames = nodListenFrames
        self.nodRangeDB = nodRangeDB
        self.sustainMinScore = sustainMinScore
        self.sustainMarginDB = sustainMarginDB
        self.sustainRangeDB = sustainRangeDB
        self.spurtLevelFrames = spurtLevelFrames
        self.noiseWindowFrames = noiseWindowFrames
        self.initialBandFloorDB = initialBandFloorDB
        self.steadyFrames = steadyFrames
        self.steadyRangeDB = steadyRangeDB
        self.digitalSilenceDB = digitalSilenceDB
        self.freshSoundFrames = freshSoundFrames
        self.freshSoundMarginDB = freshSoundMarginDB
        self.freshSoundHoldFrames = freshSoundHoldFrames
        self.freshSoundPeerRangeDB = freshSoundPeerRangeDB
        self.musicTimeFrames = musicTimeFrames
        self.musicOnShare = musicOnShare
        self.musicOffShare = musicOffShare
        self.backgroundOnsetDB = backgroundOnsetDB
        self.backgroundHoldDB = backgroundHoldDB
        self.backgroundTimeFrames = backgroundTimeFrames
        self.backgroundInitialDB = backgroundInitialDB
        self.speechOverBackgroundDB = speechOverBackgroundDB
        self.foregroundRangeDB = foregroundRangeDB
        self.foregroundContrastDB = foregroundContrastDB
        self.foregroundMinRejectedFrames = foregroundMinRejectedFrames
    }

    /// The defaults.
    public static let standard = try! VADConfiguration()
}
