/// Gathers, frame by frame, what `RecordingQuality` reports: per-channel level and digital silence, and
/// how often the two channels carry identical sound. Fixed-size state; `record` is real-time safe.
struct QualityMonitor {
    /// A frame quieter than this (dB full scale, speech band) is digital silence.
    static let digitalSilenceDB: Float = -90
    /// Frames louder than this on either channel count towards the same-audio share.
    static let soundDB: Float = -70
    /// Sub-band powers within this ratio (about ±0.1 dB) on both channels make a frame identical.
    static let identicalRatio: Float = 1.023
    /// A channel with less speech than this share of the call, while the other has five times more, is
    /// reported silent; so is a channel whose mean level is below `silentLevelDBFS`.
    static let silentSpeechShare = 0.005
    static let silentLevelDBFS = -75.0
    /// The speech-share rule waits for 30 s of audio: a short session may not have heard the other party yet.
    static let silentSpeechMinFrames = 3_000
    /// A share of clipped samples (see `Framer.clippedMagnitude`) above this is reported.
    static let clippingShare = 0.001
    /// Digital silence is reported when its longest stretch reaches this many seconds (shorter stretches
    /// are common where a line suppresses silence without comfort noise).
    static let digitalSilenceLongestSeconds = 30.0
    /// At least this share of the frames with sound must be identical for "same audio on both channels".
    static let sameAudioMinShare = 0.9

    private(set) var frames = 0
    private var powerSum: InlineArray<2, Double> = InlineArray(repeating: 0)
    private var silentFrames: InlineArray<2, Int> = InlineArray(repeating: 0)
    private var silentRun: InlineArray<2, Int> = InlineArray(repeating: 0)
    private var longestSilentRun: InlineArray<2, Int> = InlineArray(repeating: 0)
    private var soundFrames = 0
    private var identicalFrames = 0

    /// Records one frame's raw features (before crosstalk removal); `second` is `nil` for mono input.
    mutating func record(_ first: FrameFeatures, _ second: FrameFeatures?) {
        frames += 1
        note(first, channel: 0)
        guard let second else { return }
        note(second, channel: 1)
        guard max(first.energyDB, second.energyDB) > Self.soundDB else { return }
        soundFrames += 1
        // Every sub-band within the ratio, in vector lanes.
        let a = SIMD8(first.bandPower) + 1e-12
        let b = SIMD8(second.bandPower) + 1e-12
        if all((a .<= b * Self.identicalRatio) .& (b .<= a * Self.identicalRatio)) { identicalFrames += 1 }
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

    /// The measurements and findings. Not real-time safe.
    /// - Parameters:
    ///   - roles: input channel of each role.
    ///   - speechFrames: frames of speech per role (after bridging).
    ///   - clippedSamples: clipped samples per channel; `samples`: samples per channel.
    ///   - crosstalk: leaks found, per direction.
    func quality(
        roles: [Role: Int], speechFrames: [Role: Int], clippedSamples: [Int], samples: Int,
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
        let sameShare = soundFrames > 0 ? Double(identicalFrames) / Double(soundFrames) : 0
        var findings: [RecordingQuality.Finding] = []
        let same = channels.count == 2 && soundFrames >= 100 && sameShare >= Self.sameAudioMinShare
        if same { findings.append(.sameAudioOnBothChannels) }
        for channel in channels where channels.count == 2 && !same {
            let other = channels.first { $0.channel != channel.channel }!
            let nearlyNoSpeech =
                frames >= Self.silentSpeechMinFrames && channel.speechShare < Self.silentSpeechShare
                && other.speechShare >= 5 * Self.silentSpeechShare
            if channel.levelDBFS < Self.silentLevelDBFS || nearlyNoSpeech {
                findings.append(.silentChannel(channel.role))
            }
        }
        findings += crosstalk.map { .crosstalk($0) }
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
            crosstalk: crosstalk, channels: channels, sameAudioShare: sameShare, findings: findings)
    }
}
