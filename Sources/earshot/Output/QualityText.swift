import EarshotCore

/// The recording's quality findings in words, for the text view and the JSON `quality.warnings`.
enum QualityText {
    /// Each finding's sentence, saying what it means for the figures (`sharing`: whether the report gives an agent
    /// share, which a silent channel makes doubtful).
    static func sentences(_ quality: RecordingQuality, sharing: Bool) -> [String] {
        quality.findings.map { finding in
            // A channel whose mean level is over full scale is not clipped: its samples were never scaled to ±1.
            if case .clipping(let role, _) = finding,
                let level = quality.channels.first(where: { $0.role == role })?.levelDBFS, level > 0
            {
                let beyond =
                    "the \(role.rawValue) channel's samples go far beyond full scale (mean level "
                    + "+\(ReportText.fixed(level)) dBFS: a float file written unscaled?)"
                // Past about +250 dBFS (samples of 1e12 and more) a frame's power overflows 32-bit floats.
                guard level <= overflowLevelDBFS else {
                    return beyond + ", so far that the analysis's arithmetic overflows: the figures do not stand; "
                        + "scale the file to full scale (sox --norm) and analyse it again"
                }
                return beyond + "; talk is found by level against the line's own, so the figures stand, but clipping "
                    + "cannot be told"
            }
            return sentence(finding, sharing: sharing)
        }
    }

    /// The mean level (dBFS) past which samples overflow the analysis's 32-bit power sums: samples a million million
    /// times full scale (a float file written 1e17 times too loud read as no talk at all).
    static let overflowLevelDBFS = 250.0

    /// One finding in a word, as the batch's `flags` and the JSON's `quality.findings` name it.
    static func code(_ finding: RecordingQuality.Finding) -> String {
        switch finding {
        case .invalidSamples: "invalid_samples"
        case .sameAudioOnBothChannels: "same_audio"
        case .silentChannel: "silent_channel"
        case .crosstalk(let leak): leak.kind == .echo ? "echo" : "crosstalk"
        case .clipping: "clipping"
        case .digitalSilence: "digital_silence"
        case .truncated, .undecodable: "truncated"
        case .undeclaredAudio: "undeclared_audio"
        case .stoppedEarly: "stopped_early"
        }
    }

    /// The codes of findings that leave who said what unknown (the same audio on both channels, a silent channel):
    /// such a call's share and cut-ins are the recording's, not the parties' conduct.
    static let hidingParties: Set<String> = ["same_audio", "silent_channel"]

    /// One sentence per finding, saying what it means for the figures.
    private static func sentence(_ finding: RecordingQuality.Finding, sharing: Bool) -> String {
        switch finding {
        case .invalidSamples(let role, let count):
            let samples = count == 1 ? "1 sample" : "\(count) samples"
            return "the \(role.rawValue) channel has \(samples) that are not numbers (NaN or infinite: a damaged "
                + "float file), read as silence: the figures there are not the recording's"
        case .sameAudioOnBothChannels:
            return "both channels carry the same audio (a mono recording written twice?): talk times, "
                + "share and events cannot tell the parties apart"
        case .silentChannel(let role):
            return "the \(role.rawValue) channel carries almost no speech of its own (silent, or only the other "
                + "party's voice leaking in): check the wiring or the recorder"
                + (sharing ? "; the agent share means little" : "")
        case .crosstalk(let leak) where leak.kind == .echo:
            return "\(leak.from.rawValue) voice comes back on the \(leak.to.rawValue) channel as an echo at "
                + "\(ReportText.fixed(leak.levelDB)) dB, \(leak.delayMilliseconds) ms late (removed before detection once "
                + "found; \(leak.to.rawValue) speech under it is less certain)"
        case .crosstalk(let leak):
            return "\(leak.from.rawValue) voice leaks into the \(leak.to.rawValue) channel at "
                + "\(ReportText.fixed(leak.levelDB)) dB, \(leak.delayMilliseconds) ms late (removed before "
                + "detection; quiet \(leak.to.rawValue) speech under loud \(leak.from.rawValue) speech is less certain)"
        case .clipping(let role, let share):
            return "the \(role.rawValue) channel clips (\(percent(share)) of samples at full scale): "
                + "the recording level is too high"
        case .truncated(let declared, let found):
            let (foundText, declaredText) = lengths(found, declared)
            let ends =
                foundText == declaredText
                ? "the file ends less than a millisecond before the \(declaredText) its header declares"
                : "the file ends after \(foundText) although its header declares \(declaredText)"
            return ends + " (a truncated copy, or a recording still being written): the figures cover only the audio "
                + "there is"
        case .undecodable(let stopped, let length, let reason):
            let (stoppedText, lengthText) = lengths(stopped, length)
            let past =
                stoppedText == lengthText
                ? "the file cannot be decoded in the last millisecond of the \(lengthText) it declares"
                : "the file cannot be decoded past \(stoppedText) of the \(lengthText) it declares"
            return past + " (\(decoderWords(reason)); a truncated or damaged file): the figures cover only the audio "
                + "before it"
        case .undeclaredAudio(let declared, let more):
            return "the file holds about \(ReportText.duration(more)) more after the \(ReportText.duration(declared)) "
                + "of audio its header declares (a recorder that stopped updating its header?): the figures cover only "
                + "those \(ReportText.duration(declared)); `sox --ignore-length` rewrites the header to the whole file"
        case .stoppedEarly(let stopped, let length):
            return "the replay stopped at \(ReportText.clock(stopped)), before the end of the file at "
                + "\(ReportText.clock(length)): the figures cover only the part replayed"
        case .digitalSilence(let role, let seconds, let longest):
            return "the \(role.rawValue) channel has \(ReportText.duration(seconds)) of digital silence "
                + "(longest \(ReportText.duration(longest))): a muted line, silence suppression without comfort noise, "
                + "or a gap in the recording"
        }
    }

    /// Two lengths as the text view words them ("39 min 03.7 s"), to the millisecond when that would show them alike
    /// (a few frames missing; past an hour, whole seconds are shown). Under a millisecond apart they are still alike:
    /// the callers say so in words.
    static func lengths(_ a: Double, _ b: Double) -> (String, String) {
        let (first, second) = (ReportText.duration(a), ReportText.duration(b))
        guard first == second else { return (first, second) }
        let precise = { (seconds: Double) -> String in
            let milliseconds = Int((seconds * 1_000).rounded())
            return ReportText.length(
                wholeSeconds: milliseconds / 1_000, fraction: String(String(1_000 + milliseconds % 1_000).dropFirst()))
        }
        return (precise(a), precise(b))
    }

    /// libsndfile's error text as part of a sentence: "Error : flac decoder lost sync." reads "flac decoder lost sync".
    static func decoderWords(_ reason: String) -> String {
        var words = Substring(ReportText.printable(reason))
        if words.hasPrefix("Error : ") { words = words.dropFirst("Error : ".count) }
        while words.hasSuffix(".") { words = words.dropLast() }
        return String(words)
    }

    static func percent(_ share: Double) -> String {
        let hundredths = Int((share * 10_000).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) %"
    }

    /// The JSON `quality` section: `warnings` in words and `findings` in codes, one each per finding, in order.
    static func json(_ quality: RecordingQuality, sharing: Bool) -> JSONValue {
        .object([
            (
                "crosstalk",
                .array(
                    quality.crosstalk.map {
                        .object([
                            ("kind", .string($0.kind.rawValue)), ("from", .string($0.from.rawValue)),
                            ("to", .string($0.to.rawValue)),
                            ("level_db", .number($0.levelDB, decimals: 1)),
                            ("delay_ms", .int($0.delayMilliseconds)),
                        ])
                    })
            ),
            (
                "channels",
                .array(
                    quality.channels.map {
                        .object([
                            ("channel", .int($0.channel)), ("role", .string($0.role.rawValue)),
                            ("level_dbfs", .number($0.levelDBFS, decimals: 1)),
                            ("speech_share", .number($0.speechShare, decimals: 4)),
                            ("clipped_share", .number($0.clippedShare, decimals: 5)),
                            ("digital_silence_s", .seconds($0.digitalSilenceSeconds)),
                            ("longest_digital_silence_s", .seconds($0.longestDigitalSilenceSeconds)),
                        ])
                    })
            ),
            ("same_audio_share", .number(quality.sameAudioShare, decimals: 3)),
            ("warnings", .array(sentences(quality, sharing: sharing).map { .string($0) })),
            ("findings", .array(quality.findings.map { .string(code($0)) })),
        ])
    }
}
