/// Gathers, frame by frame, what `RecordingQuality` reports: per-channel level and digital silence, and
/// how often the two channels carry the same sound. Fixed-size state; `record` is real-time safe.
struct QualityMonitor {
    /// A frame quieter than this (dB full scale, speech band) is digital silence.
    static let digitalSilenceDB: Float = -90
    /// Frames louder than this on either channel count towards the same-audio share.
    static let soundDB: Float = -70
    /// A frame carries the same sound on both channels when, in every sub-band within `sameBandRangeDB` of
    /// its loudest (quieter ones are noise and coding error), the level difference between the channels is
    /// within `sameShapeDB` of its mean over those bands: the same spectrum up to one gain. Each channel's power
    /// is summed over three frames (the frame before, this one and the next), and the sums are compared at the
    /// same time and one frame apart either way, the closest kept: a copy up to 10 ms late, re-encoded (µ-law) or
    /// with noise 40 dB under it still matches; two voices do not.
    static let sameShapeDB: Float = 3
    static let sameBandRangeDB: Float = 30
    /// And that gain is the same all through the call (its standard deviation over matching frames at most
    /// `sameGainSpreadDB`) and near 0 (at most `sameGainMaxDB` apart): a leak of one party into the other's
    /// channel matches frame by frame while only that party talks, but 10 dB and more under it. Where most frames
    /// matched one frame apart, the gain must be within `sameLaggedGainMaxDB`: a mono recording written twice is
    /// rarely both late and at another level, and a strong leak (6-10 dB under its source, a few milliseconds late)
    /// into the channel of a party who is silent or nearly so matches like that copy.
    static let sameGainSpreadDB = 1.5
    static let sameGainMaxDB = 10.0
    static let sameLaggedGainMaxDB = 4.0
    /// Only frames within this of the loudest frame so far count (speech, not the background between words).
    static let sameLevelRangeDB: Float = 25
    /// A channel with less speech than this share of the call, while the other has five times more, is
    /// reported silent; so is a channel whose mean level is below `silentLevelDBFS` over `silentLevelMinFrames`
    /// or more (a replay stopped after the agent's greeting has not heard the customer yet).
    static let silentSpeechShare = 0.005
    static let silentLevelDBFS = -75.0
    static let silentLevelMinFrames = 1_000
    /// The speech-share rule waits for 30 s of audio: a short session may not have heard the other party yet.
    static let silentSpeechMinFrames = 3_000
    /// A share of clipped samples (see `Framer.clippedMagnitude`) above this is reported.
    static let clippingShare = 0.001
    /// Digital silence is reported when its longest stretch reaches this many seconds (shorter stretches
    /// are common where a line suppresses silence without comfort noise).
    static let digitalSilenceLongestSeconds = 30.0
    /// At least this share of the frames with sound must carry the same sound for "same audio on both channels".
    static let sameAudioMinShare = 0.9

    private(set) var frames = 0
    private var powerSum: InlineArray<2, Double> = InlineArray(repeating: 0)
    private var silentFrames: InlineArray<2, Int> = InlineArray(repeating: 0)
    private var silentRun: InlineArray<2, Int> = InlineArray(repeating: 0)
    private var longestSilentRun: InlineArray<2, Int> = InlineArray(repeating: 0)
    private var soundFrames = 0
    private var sameFrames = 0
    /// Of `sameFrames`, those that matched only one frame apart.
    private var laggedFrames = 0
    private var sameGainSum = 0.0
    private var sameGainSquares = 0.0
    private var peakDB: Float = -.infinity
    /// The last four frames' sub-band powers per channel, newest at `(recentNext + 3) % 4`.
    private var recent: InlineArray<2, InlineArray<4, SIMD8<Float>>> = InlineArray(
        repeating: InlineArray(repeating: SIMD8(repeating: 0)))
    private var recentNext = 0

    /// Records one frame's raw features (before crosstalk removal); `second` is `nil` for mono input.
    mutating func record(_ first: FrameFeatures, _ second: FrameFeatures?) {
        frames += 1
        note(first, channel: 0)
        guard let second else { return }
        note(second, channel: 1)
        remember(first, second)
        // Frames with sound: above -70 dBFS, and within 25 dB of the loudest frame so far (not the background
        // between words, where a little noise of each channel's own would hide a copy).
        let loudest = max(first.energyDB, second.energyDB)
        peakDB = max(peakDB, loudest)
        guard loudest > Self.soundDB, loudest > peakDB - Self.sameLevelRangeDB else { return }
        soundFrames += 1
        guard min(first.energyDB, second.energyDB) > Self.soundDB else { return }
        // Three-frame sums centred on the previous frame and on the one before: each channel against the other at
        // the same time, or one frame later; the closest match counts.
        let a = summed(channel: 0, newest: 0)
        let b = summed(channel: 1, newest: 0)
        let inStep = Self.shapeMatch(a, b)
        let secondEarlier = Self.shapeMatch(a, summed(channel: 1, newest: 1))
        let firstEarlier = Self.shapeMatch(summed(channel: 0, newest: 1), b)
        let apart = secondEarlier.deviation < firstEarlier.deviation ? secondEarlier : firstEarlier
        let lagged = apart.deviation < inStep.deviation
        let best = lagged ? apart : inStep
        guard best.deviation <= Self.sameShapeDB else { return }
        sameFrames += 1
        if lagged { laggedFrames += 1 }
        sameGainSum += Double(best.gain)
        sameGainSquares += Double(best.gain) * Double(best.gain)
    }

    /// Keeps this frame's sub-band powers as the newest of `recent`.
    private mutating func remember(_ first: FrameFeatures, _ second: FrameFeatures) {
        recent[0][recentNext] = SIMD8(first.bandPower)
        recent[1][recentNext] = SIMD8(second.bandPower)
        recentNext = (recentNext + 1) & 3
    }

    /// The sub-band powers of `channel` summed over three frames, the newest of them `newest` frames before this one.
    private func summed(channel: Int, newest: Int) -> SIMD8<Float> {
        let last = recentNext + 3 - newest  // this frame is at recentNext + 3 (mod 4)
        return recent[channel][last & 3] + recent[channel][(last + 3) & 3] + recent[channel][(last + 2) & 3]
    }

    /// How far two sub-band power spectra are from one gain apart: the largest deviation (dB) of a sub-band's level
    /// difference from its mean (`gain`) over the sub-bands within `sameBandRangeDB` of the louder's loudest.
    private static func shapeMatch(_ first: SIMD8<Float>, _ second: SIMD8<Float>) -> (deviation: Float, gain: Float) {
        // In vector lanes: each sub-band's level on both channels, and which bands count.
        let a = FastLog.decibels(first + 1e-12)
        let b = FastLog.decibels(second + 1e-12)
        let top = max(VectorMath.largest(a), VectorMath.largest(b))
        let counted = (a .> top - sameBandRangeDB) .| (b .> top - sameBandRangeDB)
        let zero = SIMD8<Float>(repeating: 0)
        let difference = (a - b).replacing(with: 0, where: .!counted)
        let bands = VectorMath.total(zero.replacing(with: 1, where: counted))
        let gain = VectorMath.total(difference) / bands
        let deviation = (difference - gain).replacing(with: 0, where: .!counted)
        return (max(VectorMath.largest(deviation), -VectorMath.smallest(deviation)), gain)
    }

    /// Lost capture came between frames: a stretch of digital silence does not run across it.
    mutating func breakRuns() {
        silentRun = InlineArray(repeating: 0)
    }

    @inline(__always)
    private mutating func note(_ features: FrameFeatures, channel: Int) {
        var total: Float = 0
        for band in 0..<FrameFeatures.bandCount { total += features.bandPower[band] }
        powerSum[channel] += Double(total)
        if features.energyDB < Self.digitalSilenceDB {
            silentFrames[channel] += 1
            silentRun[channel] += 1
            longestSilentRun[channel] = max(longestSilentRun[channel], silentRun[channel])
        } else {
            silentRun[channel] = 0
        }
    }

    /// The speech rule of a silent channel: speech on under `silentSpeechShare` of the frames while the other
    /// channel has five times that (used live too, by `UnheardParty`).
    static func isNearlySpeechless(share: Double, otherShare: Double) -> Bool {
        share < silentSpeechShare && otherShare >= 5 * silentSpeechShare
    }

    /// The measurements and findings. Not real-time safe.
    /// - Parameters:
    ///   - roles: input channel of each role.
    ///   - speechFrames: frames of speech per role (after bridging).
    ///   - clippedSamples: clipped samples per channel; `samples`: samples per channel.
    ///   - invalidSamples: NaN or infinite samples per channel (read as silence).
    ///   - crosstalk: leaks found, per direction.
    func quality(
        roles: [Role: Int], speechFrames: [Role: Int], clippedSamples: [Int], invalidSamples: [Int], samples: Int,
        crosstalk: [RecordingQuality.Crosstalk]
    ) -> RecordingQuality {
        let seconds = { (frames: Int) in FrameClock.seconds(ofFrame: frames) }
        var channels: [RecordingQuality.Channel] = []
        for (role, channel) in roles.sorted(by: { $0.value < $1.value }) {
            let meanPower = frames > 0 ? powerSum[channel] / Double(frames) : 0
            channels.append(
                RecordingQuality.Channel(
                    channel: channel, role: role, levelDBFS: Double(FastLog.decibels(Float(meanPower) + 1e-30)),
                    speechShare: frames > 0 ? Double(speechFrames[role] ?? 0) / Double(frames) : 0,
                    clippedShare: samples > 0 ? Double(clippedSamples[channel]) / Double(samples) : 0,
                    digitalSilenceSeconds: seconds(silentFrames[channel]),
                    longestDigitalSilenceSeconds: seconds(longestSilentRun[channel])))
        }
        let sameShare = soundFrames > 0 ? Double(sameFrames) / Double(soundFrames) : 0
        let gain = sameFrames > 0 ? sameGainSum / Double(sameFrames) : 0
        let spread = sameFrames > 0 ? (max(0, sameGainSquares / Double(sameFrames) - gain * gain)).squareRoot() : 0
        // Damaged samples first: an all-NaN channel would otherwise read as nothing worse than silence.
        var findings: [RecordingQuality.Finding] = channels.compactMap { channel in
            let count = invalidSamples[channel.channel]
            return count > 0 ? .invalidSamples(channel.role, count: count) : nil
        }
        let same =
            channels.count == 2 && soundFrames >= 100 && sameShare >= Self.sameAudioMinShare
            && spread <= Self.sameGainSpreadDB
            && abs(gain) <= (2 * laggedFrames > sameFrames ? Self.sameLaggedGainMaxDB : Self.sameGainMaxDB)
        if same { findings.append(.sameAudioOnBothChannels) }
        for channel in channels where channels.count == 2 && !same {
            let other = channels.first { $0.channel != channel.channel }!
            let nearlyNoSpeech =
                frames >= Self.silentSpeechMinFrames
                && Self.isNearlySpeechless(share: channel.speechShare, otherShare: other.speechShare)
            let tooQuiet = frames >= Self.silentLevelMinFrames && channel.levelDBFS < Self.silentLevelDBFS
            if tooQuiet || nearlyNoSpeech {
                findings.append(.silentChannel(channel.role))
            }
        }
        // A copy "leaks" at its gain: no news. A leak that would lie under 16-bit resolution in its target
        // (the source's level plus the leak's under `digitalSilenceDB`) is an artefact of a quiet, undithered
        // source, not a voice anyone could hear there.
        let leaks =
            same
            ? []
            : crosstalk.filter { leak in
                guard let source = channels.first(where: { $0.role == leak.from }) else { return true }
                return source.levelDBFS + leak.levelDB >= Double(Self.digitalSilenceDB)
            }
        findings += leaks.map { .crosstalk($0) }
        for channel in channels where channel.clippedShare > Self.clippingShare {
            findings.append(.clipping(channel.role, share: channel.clippedShare))
        }
        for channel in channels where channel.longestDigitalSilenceSeconds >= Self.digitalSilenceLongestSeconds {
            findings.append(
                .digitalSilence(
                    channel.role, seconds: channel.digitalSilenceSeconds,
                    longestSeconds: channel.longestDigitalSilenceSeconds))
        }
        return RecordingQuality(
            crosstalk: leaks, channels: channels, sameAudioShare: sameShare, findings: findings)
    }
}
