import EarshotCore
import Foundation

/// Hand labels read from disk: speech spans of one channel, or the whole truth of a two-party call.
enum LabelFile {
    enum Contents {
        /// Speech spans of one channel, and that channel where the file names it (JSON segments with a `channel`).
        case speech([TimeSpan], channel: Int? = nil)
        /// A two-party call's truth (an Earshot report or truth JSON with roles), with the agent's channel and
        /// the call's length when the file states them.
        case call(CallTruth, agentChannel: Int?, durationSeconds: Double?)
    }

    typealias Failure = EarshotError

    /// Label file extensions tried beside an audio file's name, in order.
    static let extensions = [".truth.json", ".json", ".scv", ".txt", ".labels"]

    /// Finds the label file for `audio` in `folder` (same base name, the first of `extensions` there).
    static func find(for audio: String, in folder: String) -> String? { all(for: audio, in: folder).first }

    /// The call truths, `.scv` and `.labels` files in `folder` that no audio file of `audio` stands beside (their
    /// recording renamed or elsewhere), by name; `.json` and `.txt` are left out, as a folder's notes and reports.
    static func withoutAudio(in folder: String, audio: [String]) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let bases = Set(audio.map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension })
        return names.sorted().filter { name in
            let labelExtension = [".truth.json", ".scv", ".labels"].first { name.hasSuffix($0) }
            guard let labelExtension else { return false }
            return !bases.contains(String(name.dropLast(labelExtension.count)))
        }
    }

    /// Every label file for `audio` in `folder` (same base name, one of `extensions`), in the order of `extensions`.
    static func all(for audio: String, in folder: String) -> [String] {
        let base = ((audio as NSString).lastPathComponent as NSString).deletingPathExtension
        return extensions.map { (folder as NSString).appendingPathComponent(base + $0) }
            .filter { FileManager.default.fileExists(atPath: $0) }
    }

    /// Reads `path`, choosing the format by content: JSON, `.scv` (one line `name,start,end,label,…`) or
    /// an Audacity label track (`start<TAB>end<TAB>label` lines). A `.truth.json` must be a two-party call's truth.
    /// - Parameters:
    ///   - path: the label file.
    ///   - channel: the channel `--channel` asks for, if given: of JSON segments that name their channels, the one of
    ///     theirs to take (`oneChannel`).
    ///   - picked: the file's channels `--channels` takes, in order, if given: label channels are the file's, mapped
    ///     to their place among these.
    static func load(_ path: String, channel: Int? = nil, picked: [Int]? = nil) throws(Failure) -> Contents {
        if let problem = FileManager.default.readProblem(atPath: path, folder: false) {
            throw Failure(.badLabels, "cannot read labels '\(path)': \(problem)")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw Failure(.badLabels, "cannot read labels '\(path)': not UTF-8 text")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let truth = path.lowercased().hasSuffix(".truth.json")
        if trimmed.isEmpty && !truth { return .speech([]) }  // an empty label track: no speech (Audacity exports it so)
        if trimmed.hasPrefix("{") || path.lowercased().hasSuffix(".json") {
            let contents = try json(data, path: path, channel: channel, picked: picked)
            // Review B: a truth file cut short or emptied was scored as one channel's labels, outside the calls'
            // table, without an error.
            if truth, case .speech = contents {
                throw Failure(
                    .badLabels,
                    "cannot read labels '\(path)': not a two-party call's truth (a .truth.json holds segments of both "
                        + "the agent and the customer, or a list of events)")
            }
            return contents
        }
        if trimmed.contains("\t") { return .speech(try audacity(trimmed, path: path)) }
        return .speech(try scv(trimmed, path: path))
    }

    /// `name,start,end,label,start,end,label,…` with label 1 = speech.
    static func scv(_ text: String, path: String) throws(Failure) -> [TimeSpan] {
        let fields = text.split(separator: ",", omittingEmptySubsequences: false).dropFirst()
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard fields.count % 3 == 0, !fields.isEmpty else {
            throw Failure(.badLabels, "cannot read labels '\(path)': expected name,start,end,label,... triples")
        }
        var spans: [TimeSpan] = []
        for i in stride(from: 0, to: fields.count, by: 3) {
            guard let start = DecimalArgument.value(fields[i]), let end = DecimalArgument.value(fields[i + 1]),
                let label = Int(fields[i + 2])
            else {
                throw Failure(.badLabels, "cannot read labels '\(path)': bad number in triple \(i / 3 + 1)")
            }
            try check(start, end, path: path, at: "triple \(i / 3 + 1)")
            if label == 1 { spans.append(TimeSpan(start: start, end: end)) }
        }
        return merged(spans)
    }

    /// Audacity label track: every labelled region is speech except those labelled 0, silence, noise
    /// or nonspeech.
    static func audacity(_ text: String, path: String) throws(Failure) -> [TimeSpan] {
        var spans: [TimeSpan] = []
        for (index, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if fields.first?.hasPrefix("\\") == true { continue }  // Audacity's spectral-selection lines
            let number = { (field: Substring) in DecimalArgument.value(field.trimmingCharacters(in: .whitespaces)) }
            guard fields.count >= 2, let start = number(fields[0]), let end = number(fields[1]) else {
                throw Failure(
                    .badLabels, "cannot read labels '\(path)' line \(index + 1): expected start<TAB>end<TAB>label")
            }
            try check(start, end, path: path, at: "line \(index + 1)")
            let label = fields.count > 2 ? fields[2].lowercased().trimmingCharacters(in: .whitespaces) : ""
            if !["0", "silence", "noise", "nonspeech", "non-speech"].contains(label), end > start {
                spans.append(TimeSpan(start: start, end: end))
            }
        }
        return merged(spans)
    }

    /// An Earshot report or truth JSON: its `segments`, and `events`/`summary` when present; one channel's labels
    /// when it is neither a two-party call's truth nor a report of one (see `oneChannel`).
    static func json(_ data: Data, path: String, channel: Int? = nil, picked: [Int]? = nil) throws(Failure) -> Contents
    {
        let object = try JSONLabels.object(data, path: path, what: "labels")
        guard let segments = object["segments"] as? [[String: Any]] else {
            throw Failure(.badLabels, "cannot read labels '\(path)': a JSON object without a \"segments\" list")
        }
        var speech: [Role: [TimeSpan]] = [:]
        var spans: [TimeSpan] = []  // every segment's, in the file's order
        for (index, segment) in segments.enumerated() {
            guard let start = segment["start"] as? Double, let end = segment["end"] as? Double else {
                throw Failure(
                    .badLabels, "cannot read labels '\(path)': segment \(index + 1) has no numeric start and end")
            }
            try check(start, end, path: path, at: "segment \(index + 1)")
            let role = (segment["role"] as? String).flatMap(Role.init(rawValue:)) ?? .agent
            spans.append(TimeSpan(start: start, end: end))
            speech[role, default: []].append(spans[spans.count - 1])
        }
        let eventList = object["events"] as? [[String: Any]]
        // A mono recording's report (one channel, the agent's, no customer speech) holds events too, but it is
        // single-channel labels; a truth with customer speech stays a call's, whatever its "channels" says.
        let mono = object["channels"] as? Int == 1 && speech[.customer] == nil
        guard !mono, speech.count == 2 || eventList != nil else {
            // A mono report's channel numbers say nothing of a stereo file's: its labels describe channel 0 or
            // --channel's, as a track's do (review S).
            // Review T: a file saying one channel whose segments say channel 1 is not a mono report.
            if mono && segments.allSatisfy({ $0["channel"] as? Int ?? 0 == 0 }) { return .speech(merged(spans)) }
            return try oneChannel(segments, spans: spans, path: path, channel: channel, picked: picked)
        }
        let segmentsAgent = try agentChannel(in: segments, path: path)
        var events: [CallTruth.Event] = []
        for (index, event) in (eventList ?? []).enumerated() {
            // Review B: an event of a kind misspelt, or without a time, was left out without a word (a truth with
            // one fewer silence gap), while one without a party was refused.
            let kinds = ConversationEvent.Kind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            guard let type = event["type"] as? String, let kind = ConversationEvent.Kind(rawValue: type) else {
                throw Failure(
                    .badLabels,
                    "cannot read labels '\(path)': event \(index + 1)'s type, "
                        + (event["type"].map { "'\($0)'" } ?? "missing") + ", is not one of \(kinds)")
            }
            guard let start = event["start"] as? Double, let end = event["end"] as? Double else {
                throw Failure(
                    .badLabels,
                    "cannot read labels '\(path)': event \(index + 1) (\(type)) has no numeric start and end")
            }
            try check(start, end, path: path, at: "event \(index + 1) (\(type))")
            // Interruptions and backchannels are scored by who made them: one without a known party would be
            // dropped or taken as the customer's.
            let by = (event["by"] as? String).flatMap(Role.init(rawValue:))
            if kind != .silenceGap && by == nil {
                let given = (event["by"] as? String).map { ": its 'by', '\($0)', is not agent or customer" }
                throw Failure(
                    .badLabels,
                    "cannot read labels '\(path)': event \(index + 1) (\(type))"
                        + (given ?? " has no 'by' of agent or customer"))
            }
            events.append(CallTruth.Event(kind: kind, by: by, span: TimeSpan(start: start, end: end)))
        }
        let summary = object["summary"] as? [String: Any]
        // A share is a fraction of the talk: 81.08 (a percent) or 1.7 would weigh a whole folder's mean error.
        let share = summary?["agent_share"]
        if let share, !(share is NSNull), !((share as? Double).map { (0...1).contains($0) } ?? false) {
            throw Failure(
                .badLabels,
                "cannot read labels '\(path)': summary.agent_share, "
                    + ((share as? String).map { "\"\($0)\" (text)" } ?? "\(share)") + ", is not a fraction of 0 ... 1")
        }
        if let duration = object["duration_s"] as? Double,
            !(duration.isFinite && duration >= 0 && duration <= maxSeconds)
        {
            throw Failure(
                .badLabels,
                "cannot read labels '\(path)': duration_s \(duration) is not a length of 0 ... "
                    + "\(Int(maxSeconds)) s")
        }
        return .call(
            CallTruth(
                speech: speech.mapValues(merged), events: events, agentShare: summary?["agent_share"] as? Double,
                variant: object["variant"] as? String),
            agentChannel: (object["roles"] as? [String: Any])?["agent"] as? Int ?? segmentsAgent,
            durationSeconds: object["duration_s"] as? Double)
    }

    /// One channel's speech from JSON segments that are no call's truth nor a mono report: where the segments name
    /// their channels (`channel`, 0 where missing; the file's, so with `picked`, `--channels`' list, each is taken at
    /// its place there), those of `channel` (which must be one of them) or, without it, of the one channel they
    /// name (several: an error); where they name none, all of them.
    /// - Parameter spans: each segment's span, read and checked (`json`).
    static func oneChannel(
        _ segments: [[String: Any]], spans: [TimeSpan], path: String, channel: Int?, picked pick: [Int]? = nil
    ) throws(Failure) -> Contents {
        guard segments.contains(where: { $0["channel"] != nil }) else { return .speech(merged(spans)) }
        // Review B: the channel each segment names was ignored, every segment put on channel 0.
        let fileChannels = segments.map { $0["channel"] as? Int ?? 0 }
        // In the numbering of the channels analysed (review T: labels of a 3-channel file's channel 2 could not be
        // scored with --channels); a channel --channels leaves out is -1.
        let channels = fileChannels.map { number in pick.map { $0.firstIndex(of: number) ?? -1 } ?? number }
        let named = Set(channels.filter { $0 >= 0 }).sorted()
        let list = Set(fileChannels).sorted().map(String.init).joined(separator: ", ")
        guard !named.isEmpty else {
            throw Failure(
                .badLabels,
                "cannot read labels '\(path)': its segments are on channel(s) \(list), which --channels leaves out")
        }
        guard let picked = channel ?? (named.count == 1 ? named.first : nil) else {
            throw Failure(
                .badLabels,
                "cannot read labels '\(path)': its segments are on channels \(list), with no roles or events to make "
                    + "them a call's: give --channel N to score one")
        }
        guard named.contains(picked) else {
            let counted = pick == nil ? "" : " (counting the channels --channels takes)"
            throw Failure(
                .badLabels,
                "cannot score channel \(picked)\(counted) against '\(path)': its segments are on channel(s) \(list)")
        }
        return .speech(merged(zip(channels, spans).filter { $0.0 == picked }.map(\.1)), channel: picked)
    }

    /// The agent's channel as a truth without `roles` gives it (mixcalls writes each segment's `channel` and
    /// `role`; a segment without a role is the agent's): the one channel of the agent's segments, when every segment
    /// names its channel; else nil.
    /// - Throws: when the segments put a party on two channels or both parties on one (a role misplaced).
    static func agentChannel(in segments: [[String: Any]], path: String) throws(Failure) -> Int? {
        var channels: [Role: Set<Int>] = [:]
        var everyNamed = true
        for segment in segments {
            guard let channel = segment["channel"] as? Int else {
                everyNamed = false
                continue
            }
            let role = (segment["role"] as? String).flatMap(Role.init(rawValue:)) ?? .agent
            channels[role, default: []].insert(channel)
        }
        let agent = channels[.agent] ?? []
        let customer = channels[.customer] ?? []
        guard agent.count > 1 || customer.count > 1 || !agent.isDisjoint(with: customer) else {
            return everyNamed ? agent.first : nil
        }
        let placed = [("agent", agent), ("customer", customer)].filter { !$0.1.isEmpty }.map { role, set in
            "the \(role) on channel(s) " + set.sorted().map(String.init).joined(separator: ", ")
        }
        throw Failure(
            .badLabels,
            "cannot read labels '\(path)': its segments put \(placed.joined(separator: " and "))"
                + (segments.contains { $0["role"] == nil } ? " (a segment without a role is the agent's)" : "")
                + ": each party has a channel of its own")
    }

    /// The latest time a label or detection may name (about 115 days): anything later is a broken file, and would
    /// not fit the frame counts it is scored in.
    static let maxSeconds = 10_000_000.0

    /// Throws unless `start ... end` is a span of time that runs forward from 0 or later, up to `maxSeconds` (a
    /// point, end = start, is allowed and holds no speech): a reversed or negative span is a broken label, not
    /// silence.
    static func check(_ start: Double, _ end: Double, path: String, at place: String) throws(Failure) {
        guard start.isFinite, end.isFinite, start >= 0, end >= start, end <= maxSeconds else {
            throw Failure(
                .badLabels,
                "cannot read labels '\(path)' \(place): the span \(start) ... \(end) s does not run "
                    + "forward from 0 s or later (up to \(Int(maxSeconds)) s)")
        }
    }

    /// The end of the last span, in seconds (0 without spans).
    static func lastEnd(_ contents: Contents) -> Double {
        switch contents {
        case .speech(let spans, _): spans.map(\.end).max() ?? 0
        case .call(let truth, _, _): truth.speech.values.joined().map(\.end).max() ?? 0
        }
    }

    /// Sorted, with overlapping or touching spans joined.
    static func merged(_ spans: [TimeSpan]) -> [TimeSpan] {
        var out: [TimeSpan] = []
        for span in spans.sorted(by: { $0.start < $1.start }) {
            if let last = out.last, span.start <= last.end {
                out[out.count - 1].end = max(last.end, span.end)
            } else {
                out.append(span)
            }
        }
        return out
    }
}
