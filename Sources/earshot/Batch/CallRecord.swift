import EarshotCore
import Foundation

/// What the batch keeps for one input: where it came from, its report (the `analyze --format json`
/// shape) or its error, and the QA flags. Saved as one JSON file per call; every table, the database and
/// the HTML page are built from these files, so `--resume` and `merge` need nothing else.
struct CallRecord {
    /// The path as given (shown in the tables).
    var path: String
    /// The absolute path with `.`, `..` and symbolic links resolved: the file's identity for `--resume`
    /// and for the record's file name, however the path was spelt.
    var resolvedPath: String
    var size: Int
    var modified: Double
    var fingerprint: String
    var agent: String?
    var callID: String?
    var agentChannel: Int
    /// The agent's channel as the analysis used it: the report's (0 for a one-channel file, whatever was asked),
    /// else the one asked for (a failed call, a record loaded without its report).
    var agentChannelUsed: Int { (report?["roles"] as? [String: Any])?["agent"] as? Int ?? agentChannel }
    /// The `--channels` selection (agent, customer) the file was analysed with, if any.
    var channels: [Int]?
    /// The saved report; `nil` for a failed call and for a record loaded without it.
    var report: [String: Any]?
    var error: String?
    var flags: [String]

    /// Every flag a call can carry: those of `flags(for:alerts:)` (the quality findings' codes among them) and
    /// "failed". The batch page's filter matches these names whole.
    static let flagNames = [
        "mono", "failed", "dominant", "interrupts", "dead_air", "monologue", "same_audio", "silent_channel",
        "crosstalk", "echo", "clipping", "digital_silence", "truncated", "undeclared_audio", "stopped_early",
        "invalid_samples",
    ]

    /// What each flag means, in a few words (report.html's tooltip on a flag; README's list of flags at length).
    static let flagMeanings: [String: String] = [
        "mono": "one channel: the voices are not told apart",
        "failed": "the recording could not be analysed",
        "dominant":
            "agent share above --dominance-share (65 % by default), in a call with 30 s of talk or more, on two "
            + "channels that tell the parties apart",
        "interrupts": "two or more agent interruptions, on two channels that tell the parties apart",
        "dead_air":
            "a silence gap: nobody talks for --silence-gap (3 s by default) or longer (not on a call flagged "
            + "silent_channel)",
        "monologue":
            "an agent monologue as long as --monologue-alert (60 s by default) or longer, on two channels that tell "
            + "the parties apart",
        "same_audio": "both channels carry the same audio: the parties are not told apart",
        "silent_channel": "a channel carries almost no speech of its own: its party's talk reads as silence",
        "crosstalk": "a voice leaks into the other channel (removed before detection)",
        "echo": "a voice comes back on the other channel 90 ms or more late",
        "clipping": "a channel clips: the recording level is too high",
        "digital_silence": "long digital silence: a muted line or a gap in the recording",
        "truncated": "the file ends, or cannot be decoded, before the end its header declares",
        "undeclared_audio": "the file holds audio after the end its header declares (not analysed)",
        "stopped_early": "a replay stopped before the end of the file",
        "invalid_samples": "samples that are not numbers (a damaged float file), read as silence",
    ]

    /// The QA flags of a report: mono, dominant (agent share above `--dominance-share`, 0.65, in a call with at least
    /// 30 s of talk, as the agents' table judges shares; the live alert's minimum at its default window),
    /// interrupts (two or more agent interruptions), dead_air (a silence gap; not on a call flagged silent_channel,
    /// whose unheard party's talk reads as silence),
    /// monologue (an agent monologue as long as `--monologue-alert`, 60 s), and what makes the figures less
    /// certain: same_audio, silent_channel, crosstalk, echo, clipping, digital_silence. The flags of the agent's
    /// conduct (dominant, interrupts, monologue) need two channels that tell the parties apart: on a mono call, or
    /// one flagged same_audio or silent_channel, a share, a cut-in or a long turn may be the recording's, not the
    /// agent's.
    static func flags(for report: Report, alerts: AlertConfiguration) -> [String] {
        let s = report.summary
        var flags: [String] = []
        let codes = report.quality.findings.map(QualityText.code)
        let partiesKnown = report.channelCount == 2 && !codes.contains(where: QualityText.hidingParties.contains)
        let talk = s.agentTalkSeconds + s.customerTalkSeconds
        // A whole call's share, judged as agents.csv judges it: not with a short --dominance-window's smaller minimum.
        let enoughTalk = talk >= BatchTables.AgentTally.shareMinTalkSeconds
        if report.channelCount == 1 { flags.append("mono") }
        if let share = s.agentShare, share > alerts.dominanceShare, enoughTalk, partiesKnown {
            flags.append("dominant")
        }
        if s.interruptionsByAgent >= 2 && partiesKnown { flags.append("interrupts") }
        // A silent channel's party may be talking unheard: the silence gaps are the recording's, not dead air.
        if s.silenceGaps > 0 && !codes.contains("silent_channel") { flags.append("dead_air") }
        if s.longestAgentMonologueSeconds >= FrameClock.seconds(ofFrame: alerts.monologueFrames), partiesKnown {
            flags.append("monologue")
        }
        for flag in codes where !flags.contains(flag) { flags.append(flag) }
        return flags
    }

    /// The file name of this call's JSON in the output folder: readable and unique per path.
    var fileName: String {
        let base = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        var safe = ""
        // At most 60 characters and 150 bytes (a character of a decomposed or Indic name can take 9 and more
        // bytes; file names end at 255), cut between characters.
        for character in base.map({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }).prefix(60) {
            guard safe.utf8.count + character.utf8.count <= 150 else { break }
            safe.append(character)
        }
        return "\(safe)-\(Fingerprint.hex(resolvedPath)).json"
    }

    /// The JSON text saved for the call.
    func json(reportValue: JSONValue?) -> String {
        var source: [(String, JSONValue)] = [
            ("path", .string(path)), ("resolved_path", .string(resolvedPath)), ("size", .int(size)),
            ("modified", .number(modified, decimals: 3)),
            ("fingerprint", .string(fingerprint)), ("agent_channel", .int(agentChannel)),
        ]
        source.append(("agent", agent.map { .string($0) } ?? .null))
        source.append(("call_id", callID.map { .string($0) } ?? .null))
        if let channels { source.append(("channel_selection", .array(channels.map { .int($0) }))) }
        var pairs: [(String, JSONValue)] = []
        if case .object(let reportPairs)? = reportValue { pairs = reportPairs }
        if pairs.isEmpty { pairs.append(("file", .string(path))) }
        pairs.append(("source", .object(source)))
        pairs.append(("flags", .array(flags.map { .string($0) })))
        if let error { pairs.append(("error", .string(error))) }
        return JSONValue.object(pairs).rendered(indent: 1) + "\n"
    }

    /// Reads a saved call JSON; `nil` when it is not one. Without `keepingReport`, `report` stays `nil` (`error`
    /// still tells a failed call): what the batch needs to know of every call at once, in little memory.
    static func load(_ url: URL, keepingReport: Bool = true) -> CallRecord? {
        guard let data = try? Data(contentsOf: url),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let source = object["source"] as? [String: Any], let path = source["path"] as? String
        else { return nil }
        let error = object["error"] as? String
        return CallRecord(
            path: path, resolvedPath: source["resolved_path"] as? String ?? BatchInputs.resolved(path),
            size: source["size"] as? Int ?? 0, modified: source["modified"] as? Double ?? 0,
            fingerprint: source["fingerprint"] as? String ?? "", agent: source["agent"] as? String,
            callID: source["call_id"] as? String, agentChannel: source["agent_channel"] as? Int ?? 0,
            channels: source["channel_selection"] as? [Int], report: error == nil && keepingReport ? object : nil,
            error: error,
            flags: object["flags"] as? [String] ?? [])
    }
}
