/// What makes a call's figures less certain, found from the audio itself: crosstalk between the channels,
/// a silent channel, the same audio on both channels, clipping and long digital silence (docs/METRICS.md); and,
/// from the file reader, a file that ends before its header says.
public struct RecordingQuality: Sendable, Equatable {
    /// A leak of one party's voice into the other's channel.
    public struct Crosstalk: Sendable, Equatable {
        /// How the voice gets there.
        public enum Kind: String, Sendable {
            /// Within 70 ms (headset or line crosstalk, a softphone's own mix).
            case leak
            /// Returned 90-390 ms late (a far end's speakerphone or echo canceller).
            case echo
        }

        /// Leak or echo.
        public var kind: Kind
        /// Whose voice leaks.
        public var from: Role
        /// Into whose channel.
        public var to: Role
        /// Level of the leak relative to its source, in dB (for example -18).
        public var levelDB: Double
        /// How far the leak trails its source, in milliseconds (10 ms steps).
        public var delayMilliseconds: Int

        /// A leak found.
        /// - Parameters: see the properties.
        public init(kind: Kind, from: Role, to: Role, levelDB: Double, delayMilliseconds: Int) {
            self.kind = kind
            self.from = from
            self.to = to
            self.levelDB = levelDB
            self.delayMilliseconds = delayMilliseconds
        }
    }

    /// Measurements of one channel over the whole call.
    public struct Channel: Sendable, Equatable {
        /// Input channel.
        public var channel: Int
        /// The party on it.
        public var role: Role
        /// Mean speech-band (200-3400 Hz) level, dB full scale.
        public var levelDBFS: Double
        /// Share of the call in which the party speaks (after bridging).
        public var speechShare: Double
        /// Share of samples at or beyond 97 % of full scale.
        public var clippedShare: Double
        /// Digital silence (exact zeros or nearly) in all, seconds.
        public var digitalSilenceSeconds: Double
        /// The longest stretch of digital silence, seconds.
        public var longestDigitalSilenceSeconds: Double

        /// One channel's findings.
        /// - Parameters: see the properties.
        public init(
            channel: Int, role: Role, levelDBFS: Double, speechShare: Double, clippedShare: Double,
            digitalSilenceSeconds: Double, longestDigitalSilenceSeconds: Double
        ) {
            self.channel = channel
            self.role = role
            self.levelDBFS = levelDBFS
            self.speechShare = speechShare
            self.clippedShare = clippedShare
            self.digitalSilenceSeconds = digitalSilenceSeconds
            self.longestDigitalSilenceSeconds = longestDigitalSilenceSeconds
        }
    }

    /// Something a reader of the figures should know, in order of how much it matters.
    public enum Finding: Sendable, Equatable {
        /// Samples that are not numbers (NaN or infinite, in a damaged float file), read as silence.
        case invalidSamples(Role, count: Int)
        /// Both channels carry the same audio (a mono recording written twice): who spoke is unknowable.
        case sameAudioOnBothChannels
        /// The channel carries nothing, or almost no speech, while the other does.
        case silentChannel(Role)
        /// One party's voice leaks into the other's channel (it is removed before detection).
        case crosstalk(Crosstalk)
        /// Samples at full scale: loud speech is distorted.
        case clipping(Role, share: Double)
        /// Long digital silence (30 s or more at once): a muted line or a gap in the recording.
        case digitalSilence(Role, seconds: Double, longestSeconds: Double)
        /// The file ends before its header says (a truncated copy, or a recording still being written): the
        /// figures cover only the audio there is. Found by the file reader, not the engine.
        case truncated(declaredSeconds: Double, foundSeconds: Double)
        /// The file holds more after the audio its header declares, in no chunk (a recorder that stopped updating
        /// its header, then crashed): about `moreSeconds` of it, going by the declared audio's bytes per second.
        /// The figures cover only the `declaredSeconds`. Found by the file reader, not the engine.
        case undeclaredAudio(declaredSeconds: Double, moreSeconds: Double)
        /// Decoding failed part-way (`reason`, the decoder's words: a FLAC cut off mid-frame, damaged data) at
        /// `atSeconds` of the `fileSeconds` the file declares: the figures cover only the audio before it. Found by
        /// the file reader, not the engine.
        case undecodable(atSeconds: Double, fileSeconds: Double, reason: String)
        /// A replay stopped (Ctrl-C, SIGTERM, a read error) at `atSeconds` of the file, before its end at
        /// `fileSeconds`: the figures cover only the part replayed. Found by `replay`, not the engine.
        case stoppedEarly(atSeconds: Double, fileSeconds: Double)
    }

    /// Leaks found, per direction.
    public var crosstalk: [Crosstalk]
    /// Per-channel measurements, in channel order.
    public var channels: [Channel]
    /// Share of the frames with sound in which both channels carry the same audio (0 … 1).
    public var sameAudioShare: Double
    /// What a reader should know; empty for a clean recording.
    public var findings: [Finding]

    /// What was found about a recording.
    /// - Parameters: see the properties.
    public init(crosstalk: [Crosstalk], channels: [Channel], sameAudioShare: Double, findings: [Finding]) {
        self.crosstalk = crosstalk
        self.channels = channels
        self.sameAudioShare = sameAudioShare
        self.findings = findings
    }

    /// No measurements (a report made without audio).
    public static let none = RecordingQuality(crosstalk: [], channels: [], sameAudioShare: 0, findings: [])
}
