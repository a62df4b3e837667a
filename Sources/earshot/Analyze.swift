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
            a mono file is analysed as one speaker.

            With several files, a bad file is reported on stderr and the others are still analysed; \
            the exit status is then 1. JSON output is one object for one file, and one object per \
            line (JSON Lines) for several.

            Batch mode (--output DIR): inputs may be folders (searched recursively) and a --manifest; \
            files are analysed on --jobs threads into one JSON per call (DIR/calls/), calls.csv, events.csv, \
            agents.csv, report.html and, with --db, SQLite. A file that fails gets a row with its error and \
            the batch goes on. --resume skips files already done with the same settings; --shard K/N takes \
            a deterministic part of the inputs, and `earshot merge` combines the parts.

            Exit status: 0 success, 1 an input could not be analysed (the others were) or an output could \
            not be written, 64 usage error, \
            130 a batch interrupted by Ctrl-C or SIGTERM (what finished is in the tables; a second signal \
            ends it at once, without tables: 130 or 143).
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

    @Option(parsing: .unconditional, help: "Files analysed in parallel (batch mode; default: all cores).")
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

    @Option(help: "Output format.")
    var format: Format = .text

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(ChannelChoice.help, valueName: "A,C"))
    var channels: String?

    @OptionGroup var engine: EngineOptions

    mutating func validate() throws {
        try SingleUse.check(["--output", "--manifest", "--db", "--agent"])
        try SingleUse.checkNotEmpty([(output, "--output"), (db, "--db"), (manifest, "--manifest")])
        guard !files.isEmpty || manifest != nil else { throw ValidationError("give at least one recording to analyse") }
        guard (jobs ?? 1) >= 1 else { throw ValidationError("--jobs must be at least 1") }
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

    private var parsedChannels: [Int]? { channels.flatMap(ChannelChoice.parse) }

    func run() throws {
        StandardOutputCheck.begin()
        let configuration = try engine.engineConfiguration()
        if let output {
            try runBatch(configuration: configuration, output: output)
            return
        }
        // Folders give their audio files (sorted); files keep the order given. A folder without any is a bad
        // input: reported, and the others are still analysed.
        var files: [String] = []
        var failures: [String] = []
        var skipped: [String: Int] = [:]
        for input in self.files {
            if let found = BatchInputs.audioFiles(ifFolder: input, skipped: &skipped) {
                if found.isEmpty {
                    StandardError.print("earshot: error: no audio files in folder '\(input)'")
                    failures.append(input)
                }
                for (path, error) in found {
                    if let error {
                        StandardError.print("earshot: error: cannot analyse '\(path)': \(error)")
                        failures.append(path)
                    } else {
                        files.append(path)
                    }
                }
            } else {
                files.append(input)
            }
        }
        if let warning = BatchInputs.skippedWarning(skipped) { StandardError.print(warning) }
        if format == .html, files.count != 1 {
            StandardError.print(
                "earshot: error: --format html prints one call's page, and the folder holds \(files.count) files: "
                    + "give one file (or use --output for a batch)")
            throw ExitCode(64)
        }
        if format == .csv { StandardOutput.line(ReportCSV.header) }
        for (index, file) in files.enumerated() {
            do {
                let report = try FileAnalysis.analyze(
                    path: file, configuration: configuration, channels: parsedChannels)
                Self.warnIfAgentChannelUnused(
                    channelCount: report.channelCount, file: file, agentChannel: configuration.agentChannel)
                switch format {
                case .json:
                    var out = StandardOutputStream()
                    ReportJSON.value(report, file: file).write(to: &out, indent: files.count == 1 ? 1 : nil)
                    out.write("\n")
                    out.flush()
                case .csv: StandardOutput.line(ReportCSV.row(report, file: file))
                case .text: StandardOutput.line((index > 0 ? "\n" : "") + ReportText.render(report, file: file))
                case .html:
                    StandardOutput.line(
                        HTMLReport.callPage(
                            HTMLCall(
                                file: file, agent: agent, report: report, error: nil,
                                flags: CallRecord.flags(for: report, alerts: configuration.alerts))))
                }
            } catch {
                failures.append(file)
                StandardError.print("earshot: error: \(error.message)")
            }
            if StandardOutputCheck.hasFailed { break }  // nothing more can be written
        }
        try StandardOutputCheck.finish()
        if !failures.isEmpty {
            let inputs = files.count + failures.count { !files.contains($0) }
            if inputs > 1 {
                StandardError.print(
                    "earshot: \(failures.count) of \(inputs) input(s) failed: \(failures.joined(separator: ", "))")
            }
            throw ExitCode(1)
        }
    }

    /// Batch mode: every input (after --shard) analysed on --jobs threads into --output.
    private func runBatch(configuration: EngineConfiguration, output: String) throws {
        StopSignal.install()
        let folder = URL(fileURLWithPath: output)
        var items: [BatchItem]
        var emptyFolders: [String] = []
        var unreadable: [String: Int] = [:]
        do {
            items = try BatchInputs.expand(
                files, manifest: manifest, emptyFolders: &emptyFolders, skipped: &unreadable)
        } catch {
            StandardError.print("earshot: error: \(error.message)")
            throw ExitCode(1)
        }
        if channels != nil, let swapped = items.first(where: { $0.agentChannel == 1 }) {
            StandardError.print(
                "earshot: error: the manifest gives '\(swapped.path)' agent_channel 1, but --channels A,C already names "
                    + "the agent's channel first: leave agent_channel out of the manifest or --channels off")
            throw ExitCode(64)
        }
        if let warning = BatchInputs.skippedWarning(unreadable) { StandardError.print(warning) }
        for folder in emptyFolders where !items.isEmpty {
            StandardError.print(
                "earshot: warning: no audio files in folder '\(folder)' (searched by extension: .wav, .flac, .ogg, "
                    + ".mp3, ...)")
        }
        guard !items.isEmpty else {
            let named = files.map { "'\($0)'" } + (manifest.map { ["the manifest '\($0)', which lists none"] } ?? [])
            StandardError.print(
                "earshot: error: no recordings to analyse in \(named.joined(separator: ", ")) "
                    + "(folders are searched for audio files by extension: .wav, .flac, .ogg, .mp3, ...)")
            throw ExitCode(1)
        }
        do {
            if let db { try ResultsDatabase.checkBeforeBatch(db) }  // before the batch, and before any output folder
            try AtomicFile.createFolder(output)
            try AtomicFile.createFolder(folder.appendingPathComponent("calls").path)
            AtomicFile.removeAbandonedTemporaries(in: folder.appendingPathComponent("calls").path)
            AtomicFile.removeAbandonedTemporaries(in: output)
            if let (k, n) = parsedShard { try ShardNote.add(index: k, count: n, in: folder) }
        } catch {
            StandardError.print("earshot: error: \(error)")
            throw ExitCode(1)
        }
        if let (k, n) = parsedShard { items = BatchInputs.shard(items, index: k, count: n) }
        // Manifest rows that cannot be used (no path, an agent channel that is not 0 or 1) fail alone: said now,
        // counted as failures, and their files left as they are (a saved analysis is not replaced by the typo).
        let refused = items.filter { $0.manifestError != nil }
        for item in refused { StandardError.print("earshot: error: \(item.manifestError ?? "")") }
        let given = Set(items.map { PathKey(BatchInputs.resolved($0.path)) })
        items = items.filter { $0.manifestError == nil }
        let previous =
            resume
            ? Dictionary(BatchOutputs.savedRecords(in: folder).map { (PathKey($0.record.resolvedPath), $0.record) }) {
                $1
            } : [:]
        let runner = BatchRunner(
            configuration: configuration, callsFolder: folder.appendingPathComponent("calls"), channels: parsedChannels,
            defaultAgent: agent, showProgress: StandardError.isTerminal)
        let (records, skipped) = runner.run(
            items, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, previous: previous)
        BatchOutputs.removeSupersededRecords(in: folder)
        // The saved records, with this run's failures in place of what is saved for those files: a result that
        // could not be saved must show as failed, not as its older saved analysis, nor be missing.
        let (saved, spoilt) = BatchOutputs.savedAndUnreadableRecords(in: folder)
        var calls = Dictionary(
            saved.map { one in
                (
                    PathKey(one.record.resolvedPath),
                    (record: one.record, entry: BatchOutputs.Entry.saved(one.url, path: one.record.path))
                )
            }
        ) { $1 }
        for record in records where record.error != nil {
            calls[PathKey(record.resolvedPath)] = (record: record, entry: .held(record))
        }
        let all = calls.values.map(\.entry).sorted { PathKey.precedes($0.path, $1.path) }
        if let first = spoilt.first {
            StandardError.print(
                "earshot: warning: \(spoilt.count) file(s) in \(folder.appendingPathComponent("calls").path) are not "
                    + "call records (damaged or edited by hand, e.g. '\(first.lastPathComponent)') and are left out of "
                    + "the tables; a run given their recordings analyses them again (--resume too)")
        }
        let written = BatchOutputs.write(all, to: folder, database: db)
        for failure in written.files { StandardError.print("earshot: error: \(failure)") }
        if let failure = written.database {
            StandardError.print("earshot: error: \(failure)")
            if (failure as? EarshotError)?.kind == .databaseBusy, written.files.isEmpty {
                StandardError.print(
                    "earshot: the output folder is complete; the same command with --resume fills the database "
                        + "once it is free (docs/DATABASE.md, \"Readers and the nightly write\")")
            }
        }
        let failed = (records.filter { $0.error != nil }.map(\.path) + refused.map(\.path)).sorted(by: PathKey.precedes)
        // Ctrl-C while the tables were written, after every file was done, stopped nothing.
        let interrupted = StopSignal.isRequested && records.count + skipped < items.count
        let fingerprint = Fingerprint.of(configuration)
        let otherSettings = calls.values.count { $0.record.error == nil && $0.record.fingerprint != fingerprint }
        if otherSettings > 0 {
            StandardError.print(
                "earshot: warning: the tables in \(output) also hold \(otherSettings) call(s) analysed earlier with other "
                    + "settings; use a new --output folder to keep runs with different settings apart")
        }
        // The folder collects runs: say so when its tables hold calls this run was not given.
        let earlier = calls.keys.count { !given.contains($0) }
        if earlier > 0 {
            StandardError.print(
                "earshot: note: the tables in \(output) also hold \(earlier) call(s) of earlier runs that are not among "
                    + "this run's inputs; use a new --output folder for this run's calls alone")
        }
        // A call analysed in part (a file cut short, undecodable past a point) is no failure, but is counted.
        let truncated = records.count { $0.flags.contains("truncated") }
        StandardError.print(
            "earshot: \(records.count - failed.count + refused.count) analysed"
                + "\(truncated > 0 ? " (\(truncated) truncated)" : ""), \(skipped) already done, \(failed.count) failed"
                + "\(interrupted ? ", interrupted: \(items.count - records.count - skipped) not started" : ""); "
                + "tables of \(all.count) call\(all.count == 1 ? "" : "s") in \(output)"
                + (written.files.isEmpty ? "" : " (\(written.files.count) of its files not written: above)"))
        if !failed.isEmpty { StandardError.print("earshot: failed: \(failed.joined(separator: ", "))") }
        if interrupted { throw ExitCode(130) }
        if !failed.isEmpty || written.database != nil || !written.files.isEmpty { throw ExitCode(1) }
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
