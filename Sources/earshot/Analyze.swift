import ArgumentParser
import EarshotAudio
import EarshotCore
import Foundation

/// `earshot analyze`: run the engine over recordings as fast as the machine allows and print reports.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyse call recordings and print talk, overlap, interruption and silence figures.",
        discussion: """
            Reads any format libsndfile reads (WAV PCM/float/µ-law/A-law, FLAC, Ogg, MP3, RF64 ...). \
            Channel 0 is the agent and channel 1 the customer unless --agent-channel says otherwise; \
            a mono file is analysed as one speaker. A file whose name begins with '-' goes after '--'.

            With several files, a bad file is reported on stderr and the others are still analysed; \
            the exit status is then 1. JSON output is one object for one file, and one object per \
            line (JSON Lines) for several.

            Batch mode (--output DIR): inputs may be folders (searched recursively) and a --manifest; \
            files are analysed on --jobs threads into one JSON per call (DIR/calls/), calls.csv, events.csv, \
            agents.csv, report.html and, with --db, SQLite. A file that fails gets a row with its error and \
            the batch goes on. --resume skips files already done with the same settings; --shard K/N takes \
            a deterministic part of the inputs, and `earshot merge` combines the parts.

            Exit status: 0 success, 1 an input could not be analysed (the others were), 3 an output could \
            not be written (a table, page, call record, the database, standard output; or a full disk \
            stopped the batch; it wins over 1 and 130), 64 usage error, \
            130 a batch interrupted by Ctrl-C, SIGTERM or SIGHUP (what finished is in the tables; also when the \
            stop cut short a wait for a busy database, the folder complete; a second signal ends it at once, \
            without tables: 130, 143 or 129).
            """,
        aliases: ["analyse"])

    enum Format: String, CaseIterable, ExpressibleByArgument {
        case text, json, csv, html
    }

    @Argument(help: "Recordings or folders (searched recursively) to analyse; channel 0 agent, 1 customer by default.")
    var files: [String] = []

    @Option(help: "Batch mode: write one JSON per call, calls.csv, events.csv, agents.csv and report.html here.")
    var output: String?

    @Option(help: "A CSV of recordings to analyse: path,agent,call_id,agent_channel (only path required).")
    var manifest: String?

    @Option(help: "Agent id for calls the manifest does not name.")
    var agent: String?

    @Option(parsing: .unconditional, help: "Files analysed in parallel, 1 ... 256 (batch mode; default: all cores).")
    var jobs: Int?

    @Option(help: "Also write the results to this SQLite database (batch mode).")
    var db: String?

    @Flag(help: "Skip files already analysed into --output with the same settings (same path, size and time).")
    var resume = false

    @Option(
        parsing: .unconditional,
        help:
            "Analyse shard K of N (e.g. 2/8): the inputs whose file names hash to K, for spreading a batch over machines."
    )
    var shard: String?

    @Option(help: "Output format (html: one call's page; for many files, --output DIR writes report.html).")
    var format: Format = .text

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(ChannelChoice.help, valueName: "A,C"))
    var channels: String?

    @OptionGroup var engine: EngineOptions

    /// The names of this command's own options, each taking one value (`SingleUse`).
    static let valueOptions: [[String]] = [
        ["--output"], ["--manifest"], ["--agent"], ["--jobs"], ["--db"], ["--shard"], ["--format"], ["--channels"],
    ]

    mutating func validate() throws {
        guard UsageCheck.checksValues else { return }  // the first parse (UsageCheck)
        try SingleUse.check(Self.valueOptions + EngineOptions.valueOptions)
        try SingleUse.checkNotEmpty([(output, "--output"), (db, "--db"), (manifest, "--manifest")])
        // An unset shell variable: its calls would be filed under an agent without a name, apart from "(none)".
        if agent == "" { throw ValidationError("--agent is empty: give it the agent's id, or leave it out") }
        guard !files.isEmpty || manifest != nil else { throw ValidationError("give at least one recording to analyse") }
        guard (1...WorkerThreads.most).contains(jobs ?? 1) else {
            throw ValidationError("--jobs must be 1 ... \(WorkerThreads.most), got \(jobs ?? 1)")
        }
        if shard != nil, parsedShard == nil { throw ValidationError("--shard takes K/N with 1 <= K <= N, e.g. 2/8") }
        if output == nil, db != nil || resume || shard != nil || manifest != nil || jobs != nil || agent != nil {
            throw ValidationError(
                "--db, --resume, --shard, --manifest, --jobs and --agent need --output DIR (batch mode)")
        }
        if let output {
            for (path, option) in [(db, "--db"), (manifest, "--manifest")] {
                if let path, let clash = BatchOutputs.clash(path, option: option, output: output) {
                    throw ValidationError(clash)
                }
            }
        }
        if output != nil, format != .text {
            throw ValidationError(
                "--format is for reports printed to stdout; a batch (--output) writes JSON per call, CSV tables and report.html"
            )
        }
        if format == .html, output == nil, files.count != 1 {
            throw ValidationError("--format html prints one call's page: give one file (or use --output for a batch)")
        }
        try ChannelChoice.validate(channels, agentChannel: engine.agentChannel)
    }

    var parsedShard: (Int, Int)? {
        // Digits only: Int("+1") would take a sign.
        guard let parts = shard?.split(separator: "/", omittingEmptySubsequences: false), parts.count == 2,
            parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(k)
        else { return nil }
        return (k, n)
    }

    var parsedChannels: [Int]? { channels.flatMap(ChannelChoice.parse) }

    func run() throws {
        let configuration = try engine.engineConfiguration()
        if let output {
            try runBatch(configuration: configuration, output: output)
            return
        }
        let inputs = expandedInputs()
        let files = inputs.compactMap { if case .file(let path) = $0 { path } else { nil } }
        var failures: [String] = []
        if format == .html, files.count != 1 {
            StandardError.print(
                "earshot: error: --format html prints one call's page, and the folder holds \(files.count) files: "
                    + "give one file (or use --output for a batch)")
            throw ExitStatus.usage
        }
        if format == .csv { StandardOutput.line(ReportCSV.header) }
        var index = 0  // among the files analysed
        for input in inputs {
            let file: String
            switch input {
            case .file(let path): file = path
            case .failed(let name, let error):
                failures.append(name)
                // A file found in a folder that could not be read is a row too, in its place in the order.
                if let error { printFailure(error, file: name, inputCount: inputs.count) }
                continue
            }
            let fileIndex = index
            index += 1
            do {
                let report = try FileAnalysis.analyze(
                    path: file, configuration: configuration, channels: parsedChannels)
                Self.warnIfAgentChannelUnused(
                    channelCount: report.channelCount, file: file, agentChannel: configuration.agentChannel)
                // One object, indented, only when it is the only input: with a failed one beside it, JSON Lines.
                printReport(
                    report, file: file, index: fileIndex, inputCount: inputs.count, alerts: configuration.alerts)
            } catch {
                failures.append(file)
                StandardError.print("earshot: error: \(error.message)")
                printFailure(error.message, file: file, inputCount: inputs.count)
            }
            if StandardOutputCheck.hasFailed { break }  // nothing more can be written
        }
        try StandardOutputCheck.finish()
        if !failures.isEmpty {
            let inputCount = files.count + failures.count { !files.contains($0) }
            if inputCount > 1 {
                StandardError.print(
                    "earshot: \(failures.count) of \(inputCount) input(s) failed: "
                        + ReportText.someOf(
                            failures, shown: ReportText.failuresNamed, unquoted: true, restSaid: " (each said above)"))
            }
            throw ExitStatus.inputFailed
        }
    }

    /// An input as the command line and its folders give it: a file to analyse, or one that failed already.
    private enum FoundInput {
        case file(String)
        /// A folder without audio (no `error`: it is no file), or something in one that cannot be read.
        case failed(String, error: String?)
    }

    /// The inputs in order (a folder's audio files sorted, files in the order given), those that failed already
    /// said on stderr.
    private func expandedInputs() -> [FoundInput] {
        var inputs: [FoundInput] = []
        var skipped: [String] = []
        for input in self.files {
            guard let found = BatchInputs.audioFiles(ifFolder: input, skipped: &skipped) else {
                inputs.append(.file(input))
                continue
            }
            if found.isEmpty {
                StandardError.print("earshot: error: no audio files in folder '\(input)'")
                inputs.append(.failed(input, error: nil))
            }
            for (path, error) in found {
                if let error {
                    StandardError.print("earshot: error: cannot analyse '\(path)': \(error)")
                    inputs.append(.failed(path, error: "cannot analyse '\(path)': \(error)"))
                } else {
                    inputs.append(.file(path))
                }
            }
        }
        if let skipped = BatchInputs.skippedSentence(skipped) { StandardError.print("earshot: warning: \(skipped)") }
        return inputs
    }

    /// Prints one file's report on standard output in `--format`; `index` and `inputCount` place it among the
    /// files (JSON Lines for several, a blank line between texts).
    private func printReport(_ report: Report, file: String, index: Int, inputCount: Int, alerts: AlertConfiguration) {
        switch format {
        case .json:
            var out = StandardOutputStream()
            ReportJSON.value(report, file: file, flags: CallRecord.flags(for: report, alerts: alerts)).write(
                to: &out, indent: inputCount == 1 ? 1 : nil)
            out.write("\n")
            out.flush()
        case .csv:
            StandardOutput.line(ReportCSV.row(report, file: file, flags: CallRecord.flags(for: report, alerts: alerts)))
        case .text: StandardOutput.line((index > 0 ? "\n" : "") + ReportText.render(report, file: file))
        case .html:
            StandardOutput.line(
                HTMLReport.callPage(
                    HTMLCall(
                        file: file, agent: agent, report: report, error: nil,
                        flags: CallRecord.flags(for: report, alerts: alerts), recording: BatchInputs.resolved(file))))
        }
    }

    /// A failed file's row in `--format csv`, and its line in `--format json` among several files (review A: a script
    /// reading the JSON Lines could not tell which inputs failed).
    private func printFailure(_ error: String, file: String, inputCount: Int) {
        switch format {
        case .csv: StandardOutput.line(ReportCSV.failedRow(file: file, error: error))
        case .json where inputCount > 1: StandardOutput.line(ReportJSON.failedLine(file: file, error: error))
        default: break
        }
    }

    /// Says so when `--agent-channel 1` (or a manifest's) met a one-channel file: its one speaker is the agent.
    static func warnIfAgentChannelUnused(
        channelCount: Int, file: String, agentChannel: Int, print: (String) -> Void = StandardError.print
    ) {
        guard channelCount == 1 && agentChannel == 1 else { return }
        print(
            "earshot: warning: '\(file)' has one channel, so agent channel 1 does not apply: its one speaker is "
                + "reported as the agent")
    }
}
