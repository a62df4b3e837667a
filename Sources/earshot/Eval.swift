import ArgumentParser
import EarshotAudio
import EarshotCore
import Foundation

/// `earshot eval`: score the detector and the conversation events against hand labels or call truth.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score Earshot against hand labels: speech-frame precision/recall/F1, boundaries, events.",
        usage: "earshot eval (--labels | --truth) DIR [<options>] [<audio> ...]",
        discussion: """
            Each AUDIO file is paired with the label file of the same base name in the labels folder \
            (NAME.truth.json, NAME.json, NAME.scv, NAME.txt or NAME.labels); without AUDIO, every audio file in the \
            folder that has labels is scored.

            Label formats: the one-line .scv format (name,start,end,label,... with label 1 = speech), \
            Audacity label tracks (start<TAB>end<TAB>label; every region is speech unless labelled 0, \
            silence, noise or nonspeech), and Earshot JSON (a report or a truth file: its segments, and \
            for two-party calls its events and summary).

            Convention: a 10 ms grid; a frame is speech if its centre lies in a speech span; Earshot's \
            own segments are scored after the detector's smoothing (onset confirmation, 150 ms hangover, \
            spurts under 0.25 s dropped unless they begin after the other party has talked 0.3 s). Against single-channel labels the conversational 0.3 s pause bridge is off unless \
            --bridge is given (hand labels mark pauses between words); against two-party truth, which is \
            bridged the same way, it is on. Boundary errors are the mean |onset| and |offset| differences of labelled segments \
            matched one-to-one with the detected segment overlapping them most. Events match one-to-one \
            when onsets are within 0.5 s (silence gaps: start and end within 0.5 s); backchannels must \
            also match in who gave them.
            """)

    enum Format: String, CaseIterable, ExpressibleByArgument {
        case text, json
    }

    @Option(
        name: [.customLong("labels"), .customLong("truth")],
        help: ArgumentHelp("Folder holding the label or truth files (required).", valueName: "DIR"))
    var labelFolder: String?

    /// The folder of labels (`validate` has checked that one was given).
    private var labels: String { labelFolder ?? "" }

    @Argument(help: "Audio files to score (default: every audio file in the labels folder that has labels).")
    var audio: [String] = []

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "For single-channel labels on a multi-channel file: the channel they describe (default: 0, or the one "
                + "channel JSON labels name)."))
    var channel: Int?

    /// The channel single-channel labels describe: `--channel`, or 0.
    private var labelledChannel: Int { channel ?? 0 }

    @Option(help: "Output format.")
    var format: Format = .text

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "For files with more than two channels: the agent and customer channels, e.g. 0,2, or one channel (2) "
                + "to score alone; --channel then counts the picked channels from 0.",
            valueName: "A,C"))
    var channels: String?

    @Option(
        help: ArgumentHelp(
            "Score another detector: its segments in DIR/NAME.json instead of Earshot's detector.",
            discussion: "Each file holds {\"segments\": [{\"channel\": 0, \"start\": s, \"end\": s}, ...]} and "
                + "optionally \"duration_s\"; they go through Earshot's pause bridge, definitions and matching.",
            valueName: "DIR"))
    var detections: String?

    @OptionGroup var engine: EngineOptions

    /// The names of this command's own options, each taking one value (`SingleUse`).
    static let valueOptions: [[String]] = [
        ["--labels", "--truth"], ["--channel"], ["--format"], ["--channels"], ["--detections"],
    ]

    func validate() throws {
        guard UsageCheck.checksValues else { return }  // the first parse (UsageCheck)
        try SingleUse.check(Self.valueOptions + EngineOptions.valueOptions)
        try SingleUse.checkNotEmpty([(labelFolder, "--labels / --truth"), (detections, "--detections")])
        guard labelFolder != nil else {
            throw ValidationError("give the folder of hand labels (--labels DIR) or of call truth (--truth DIR)")
        }
        guard labelledChannel >= 0 else { throw ValidationError("--channel must be 0 or more, got \(labelledChannel)") }
        try ChannelChoice.validate(channels, agentChannel: engine.agentChannel)
    }

    func run() throws {
        let speechOnly = try engine.engineConfiguration(defaultBridgeSeconds: 0)
        let calls = try engine.engineConfiguration()
        if let problem = FileManager.default.readProblem(atPath: labels, folder: true) {
            StandardError.print("earshot: error: cannot read labels from '\(labels)': \(problem)")
            throw ExitStatus.inputFailed
        }
        if let detections, let problem = FileManager.default.readProblem(atPath: detections, folder: true) {
            StandardError.print("earshot: error: cannot read detections from '\(detections)': \(problem)")
            throw ExitStatus.inputFailed
        }
        let files = audio.isEmpty ? try Self.audioFiles(in: labels) : Self.once(audio)
        guard !files.isEmpty else {
            StandardError.print(
                "earshot: error: no audio file with labels in '\(labels)' (NAME.wav with NAME.truth.json, NAME.json, "
                    + "NAME.scv, NAME.txt or NAME.labels)"
            )
            throw ExitStatus.inputFailed
        }
        if audio.isEmpty {
            // Review B: labels whose recording was renamed or kept elsewhere were passed over without a word.
            let alone = LabelFile.withoutAudio(in: labels, audio: files)
            if !alone.isEmpty {
                let named = alone.prefix(3).map { "'\($0)'" }.joined(separator: ", ") + (alone.count > 3 ? ", ..." : "")
                StandardError.print(
                    "earshot: warning: \(alone.count) label file(s) in '\(labels)' have no audio file of the same name "
                        + "beside them and are not scored: \(named)")
            }
        }
        let picked = channels.flatMap(ChannelChoice.parse)
        var results: [EvalResult] = []
        var failures: [String] = []
        var saidChannel = false
        for file in files {
            do {
                let (result, channels, named) = try score(
                    file, speechOnly: speechOnly, calls: calls, channels: picked)
                // Labels of one channel against a file of more, without --channel or a channel of their own: which
                // channel is scored.
                if channel == nil, !named, !result.isCall, channels > 1, !saidChannel {
                    saidChannel = true
                    StandardError.print(
                        "earshot: warning: '\(file)' has \(channels) channels and its labels ('\(result.labels)') one: "
                            + "channel 0 is scored, here and in any other such file (--channel N for another)")
                }
                if labelledChannel != 0, case .call = result.score, !results.contains(where: \.isCall) {
                    StandardError.print(
                        "earshot: warning: --channel is for single-channel labels; a two-party truth "
                            + "('\(result.labels)') is scored on both channels")
                }
                results.append(result)
            } catch let error as LabelFile.Failure {
                failures.append(file)
                StandardError.print("earshot: error: \(error.message)")
            } catch let error as AudioError {
                failures.append(file)
                StandardError.print("earshot: error: \(error.message)")
            } catch let error as ConfigurationError {
                failures.append(file)
                StandardError.print("earshot: error: '\(file)': \(error.message)")
            }
        }
        switch format {
        case .text: if !results.isEmpty { StandardOutput.line(EvalText.render(results)) }
        case .json: StandardOutput.line(EvalJSON.value(results).rendered(indent: 1))
        }
        try StandardOutputCheck.finish()
        if !failures.isEmpty { throw ExitStatus.inputFailed }
    }

    /// Scores one audio file against its labels: the detector's speech (against single-channel labels, with
    /// `speechOnly`'s settings) or the call's events (against two-party truth, with `calls`'), or `--detections`'
    /// segments through the same definitions; with the channels the file was scored with, and whether its labels
    /// named the channel they describe.
    private func score(
        _ file: String, speechOnly: EngineConfiguration, calls: EngineConfiguration, channels picked: [Int]?
    ) throws -> (EvalResult, channels: Int, named: Bool) {
        let found = LabelFile.all(for: file, in: labels)
        guard let labelPath = found.first else {
            // Review B: an audio file given that does not exist was said to have no label file.
            if !FileManager.default.fileExists(atPath: file) { _ = try FileSource(path: file) }
            throw LabelFile.Failure(.badLabels, "no label file for '\(file)' in '\(labels)'")
        }
        if found.count > 1 {
            // Review B: a report saved beside the audio (NAME.json) took the place of its hand labels (NAME.scv).
            let others = found.dropFirst().map { "'\($0)'" }.joined(separator: ", ")
            StandardError.print(
                "earshot: warning: '\(file)' has more than one label file: '\(labelPath)' is scored, not \(others)")
        }
        let contents = try LabelFile.load(labelPath, channel: channel, picked: picked)
        var named: Int?
        if case .speech(_, let described) = contents { named = described }
        let scored = named ?? labelledChannel
        let configuration: EngineConfiguration
        if case .call = contents { configuration = calls } else { configuration = speechOnly }
        let report =
            if let detections {
                try DetectionFile.report(for: file, in: detections, configuration: configuration, channels: picked)
            } else {
                try FileAnalysis.analyze(path: file, configuration: configuration, channels: picked)
            }
        try Self.check(report, against: contents, file: file, labels: labelPath, calls: calls)
        if case .speech = contents, scored >= report.channelCount {
            throw LabelFile.Failure(
                .badLabels,
                "cannot score channel \(scored) of '\(file)': it has \(report.channelCount) channel(s), numbered "
                    + "from 0")
        }
        return (
            EvalResult(file: file, labels: labelPath, report: report, contents: contents, channel: scored),
            report.channelCount, named != nil
        )
    }

    /// `files` with each file once (the first time it is named), with a warning for each named again.
    static func once(_ files: [String]) -> [String] {
        var seen = Set<String>()
        return files.filter { file in
            guard seen.insert(URL(fileURLWithPath: file).standardizedFileURL.path).inserted else {
                StandardError.print("earshot: warning: '\(file)' is given more than once: scored once")
                return false
            }
            return true
        }
    }

    /// Refuses what would score nonsense without a word: no audio, a call's truth against a one-channel file,
    /// a truth whose agent is on the other channel; warns when the truth and the audio differ in length.
    static func check(
        _ report: Report, against contents: LabelFile.Contents, file: String, labels: String,
        calls: EngineConfiguration
    ) throws(LabelFile.Failure) {
        guard report.sampleCount > 0 else {
            throw LabelFile.Failure(.badLabels, "cannot score '\(file)': it has no audio")
        }
        let end = LabelFile.lastEnd(contents)
        if end > report.durationSeconds + 1 {
            StandardError.print(
                "earshot: warning: '\(labels)' marks speech up to \(ReportText.clock(end)) and '\(file)' holds "
                    + "\(ReportText.clock(report.durationSeconds)): is it the right file, at the right sample rate?"
            )
        }
        guard case .call(_, let agentChannel, let duration) = contents else { return }
        guard report.channelCount == 2 else {
            throw LabelFile.Failure(
                .badLabels,
                "cannot score '\(file)' against '\(labels)': the labels are a two-party call's truth and the "
                    + "file has \(report.channelCount) channel(s)")
        }
        if let agentChannel, agentChannel != calls.agentChannel {
            throw LabelFile.Failure(
                .badLabels,
                "'\(labels)' puts the agent on channel \(agentChannel): score it with --agent-channel \(agentChannel)"
            )
        }
        if let duration, abs(duration - report.durationSeconds) > 1 {
            StandardError.print(
                "earshot: warning: '\(labels)' is for \(ReportText.clock(duration)) of audio and '\(file)' holds "
                    + "\(ReportText.clock(report.durationSeconds)): is it the right file, at the right sample rate?")
        }
    }

    /// Audio files (by extension) in `folder` that have a label file, sorted by name.
    static func audioFiles(in folder: String) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        return names.filter { BatchInputs.audioExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
            .map { (folder as NSString).appendingPathComponent($0) }
            .filter { LabelFile.find(for: $0, in: folder) != nil }
    }
}
