import ArgumentParser
import EarshotCore
import Foundation

extension Analyze {
    /// Batch mode: every input (after --shard) analysed on --jobs threads into --output.
    func runBatch(configuration: EngineConfiguration, output: String) throws {
        StopSignal.install(unfinished: .tables)
        let folder = BatchInputs.folderURL(output)
        var (items, searched, unreadable) = try batchItems()
        let runner = BatchRunner(
            configuration: configuration, callsFolder: folder.appendingPathComponent("calls"), channels: parsedChannels,
            defaultAgent: agent, showProgress: StandardError.isTerminal)
        try prepareOutputFolder(output)
        // Every shard's recordings: a failure of another shard's, in a folder the shards share, is still true.
        let scope = BatchScope(given: Set(items.map { PathKey(BatchInputs.resolved($0.path)) }), searched: searched)
        if let (k, n) = parsedShard { items = BatchInputs.shard(items, index: k, count: n) }
        // Manifest rows that cannot be used (no path, an agent channel that is not 0 or 1), and paths that cannot
        // reach the file they name as text (`nn/../a.wav`), fail alone: said now, counted as failures, and their files
        // left as they are (a saved analysis is not replaced by the typo).
        for i in items.indices where items[i].manifestError == nil {
            items[i].unreachable = BatchInputs.unreachableSpelling(items[i].path)
        }
        if !resume { Self.markGone(&items, in: folder) }
        let refused = items.filter { $0.refusal != nil }
        for item in refused { StandardError.print("earshot: error: \(item.refusal ?? "")") }
        let given = Set(items.map { PathKey(BatchInputs.resolved($0.path)) })
        items = items.filter { $0.refusal == nil }
        let previous =
            resume
            ? Dictionary(BatchOutputs.savedRecords(in: folder).map { (PathKey($0.record.resolvedPath), $0.record) }) {
                $1
            } : [:]
        let (records, skipped) = runner.run(
            items, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, previous: previous)
        // Files a stop signal or a full disk left unstarted (Ctrl-C after every file was done stopped nothing).
        let notStarted = items.count - records.count - skipped
        let removedFailures = BatchOutputs.removeStaleRecords(in: folder, judging: scope)
        let calls = Self.tableCalls(in: folder, records: records)
        let all = calls.values.sorted {
            PathKey.precedes(($0.entry.path, $0.record.resolvedPath), ($1.entry.path, $1.record.resolvedPath))
        }.map(\.entry)
        // A call whose record could not be saved is missing from the folder, as an unstarted one is.
        let shardNoted = noteShard(complete: notStarted == 0 && runner.unsaved == 0, in: folder)
        let notices = Self.notices(
            notStarted: notStarted, of: items.count + refused.count, diskFull: runner.outputFull, refused: refused,
            unreadable: unreadable)
        let written = BatchOutputs.write(
            all, to: folder, database: db, notices: notices, removedFailures: removedFailures)
        written.print(
            databaseAdvice: "the output folder is complete; the same command with --resume fills the database once it "
                + "can be written (free of readers: docs/DATABASE.md, \"Readers and the nightly write\")")
        let failed = (records.filter { $0.error != nil }.map(\.path) + refused.map(\.path)).sorted(by: PathKey.precedes)
        let interrupted = notStarted > 0 && !runner.outputFull
        warnAboutOtherCalls(calls, given: given, fingerprint: runner.fingerprint, output: output)
        // A call analysed in part (a file cut short, undecodable past a point) is no failure, but is counted.
        let inPart = [("truncated", "truncated"), ("undeclared_audio", "read as far as the header says")].compactMap {
            flag, words in
            let count = records.count { $0.flags.contains(flag) }
            return count > 0 ? "\(count) \(words)" : nil
        }
        StandardError.print(
            "earshot: \(records.count - failed.count + refused.count) analysed"
                + "\(inPart.isEmpty ? "" : " (\(inPart.joined(separator: ", ")))"), \(skipped) already done, "
                + "\(failed.count) failed"
                + "\(notStarted > 0 ? ", \(interrupted ? "interrupted" : "disk full"): \(notStarted) not started" : ""); "
                + "tables of \(all.count) call\(all.count == 1 ? "" : "s") in \(output)"
                + (written.files.isEmpty
                    ? "" : "; \(written.files.count) of the tables and pages could not be written (above)"))
        if !failed.isEmpty {
            let named = ReportText.someOf(
                failed, shown: ReportText.failuresNamed, unquoted: true, restSaid: " (calls.csv's error column)")
            StandardError.print("earshot: failed: \(named)")
        }
        // A stop signal that ended the wait for the database stopped its update: the folder is complete (130).
        // Any other output not written wins over the stop: a cron job pages on 3.
        let waitCut = StopSignal.isRequested && (written.database as? EarshotError)?.kind == .databaseBusy
        if !written.files.isEmpty || (written.database != nil && !waitCut) || runner.unsaved > 0 || !shardNoted {
            throw ExitStatus.outputFailed
        }
        if interrupted || waitCut { throw ExitStatus.interrupted }
        if !failed.isEmpty { throw ExitStatus.inputFailed }
    }

    /// Marks the items whose recording is gone (no such file) though analysed into `folder` earlier: they fail alone,
    /// as a path that cannot be followed does, and their saved analyses stay (a re-run after the recordings were
    /// archived replaced them with "no such file"). The folder's records are read only when a recording is missing.
    static func markGone(_ items: inout [BatchItem], in folder: URL) {
        let missing = items.indices.filter { items[$0].refusal == nil && BatchInputs.isMissing(items[$0].path) }
        guard !missing.isEmpty else { return }
        let analysed = Set(
            BatchOutputs.savedRecords(in: folder).filter { $0.record.error == nil }.map {
                PathKey($0.record.resolvedPath)
            })
        for i in missing where analysed.contains(PathKey(BatchInputs.resolved(items[i].path))) {
            items[i].gone =
                "cannot open '\(items[i].path)': no such file; its analysis saved in the output folder earlier is kept"
        }
    }

    /// The batch's recordings from the inputs and the manifest, before --shard; folders without audio and files
    /// skipped by extension said. No recording at all, or a manifest that swaps the channels --channels already
    /// chose, ends the command.
    private func batchItems() throws -> (items: [BatchItem], searched: [String], unreadable: [String]) {
        let items: [BatchItem]
        var emptyFolders: [String] = []
        var searched: [String] = []
        var unreadable: [String] = []
        do {
            items = try BatchInputs.expand(
                files, manifest: manifest, emptyFolders: &emptyFolders, searched: &searched, skipped: &unreadable)
        } catch {
            StandardError.print("earshot: error: \(error.message)")
            throw ExitStatus.inputFailed
        }
        if channels != nil, let swapped = items.first(where: { $0.agentChannel == 1 }) {
            StandardError.print(
                "earshot: error: the manifest gives '\(swapped.path)' agent_channel 1, but --channels A,C already names "
                    + "the agent's channel first: leave agent_channel out of the manifest or --channels off")
            throw ExitStatus.usage
        }
        if let skipped = BatchInputs.skippedSentence(unreadable) { StandardError.print("earshot: warning: \(skipped)") }
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
            throw ExitStatus.inputFailed
        }
        return (items, searched, unreadable)
    }

    /// What the batch page says above its tables of what this run left out: the recordings a stop signal or a full
    /// disk (`diskFull`) left unstarted (of `given`), the manifest rows that could not be used (the page's failed
    /// count has no row for them) and the recordings in formats Earshot cannot read.
    private static func notices(
        notStarted: Int, of given: Int, diskFull: Bool, refused: [BatchItem], unreadable: [String]
    ) -> [String] {
        var notices: [String] = []
        if notStarted > 0 {
            notices.append(
                "Stopped before the end (\(diskFull ? "the output disk was full" : "Ctrl-C or a signal")): "
                    + "\(notStarted) of the \(given) recordings given were not started, so these tables lack them; the "
                    + "same command with --resume goes on.")
        }
        let shown = 3
        let rows = refused.compactMap(\.manifestError)
        if !rows.isEmpty {
            let more = rows.count > shown ? "; and \(rows.count - shown) more" : ""
            notices.append(
                "\(rows.count) manifest row\(rows.count == 1 ? "" : "s") could not be used, so this run did not "
                    + "analyse \(rows.count == 1 ? "its file" : "their files") (a call analysed earlier keeps its "
                    + "row): \(rows.prefix(shown).joined(separator: "; "))\(more).")
        }
        let paths = refused.compactMap(\.unreachable)
        if !paths.isEmpty {
            let more = paths.count > shown ? "; and \(paths.count - shown) more" : ""
            notices.append(
                "\(paths.count) path\(paths.count == 1 ? "" : "s") given could not be followed to the file named, so "
                    + "this run did not analyse \(paths.count == 1 ? "it" : "them") (a call analysed earlier keeps its "
                    + "row): \(paths.prefix(shown).joined(separator: "; "))\(more).")
        }
        let gone = refused.filter { $0.gone != nil }.map { "'\($0.path)'" }
        if !gone.isEmpty {
            let more = gone.count > shown ? "; and \(gone.count - shown) more" : ""
            notices.append(
                "\(gone.count) recording\(gone.count == 1 ? "" : "s") given \(gone.count == 1 ? "is" : "are") gone "
                    + "since \(gone.count == 1 ? "it was" : "they were") analysed into this folder, so this run did not "
                    + "analyse \(gone.count == 1 ? "it" : "them"); \(gone.count == 1 ? "its" : "their") saved "
                    + "analys\(gone.count == 1 ? "i" : "e")s \(gone.count == 1 ? "is" : "are") kept: "
                    + "\(gone.prefix(shown).joined(separator: ", "))\(more).")
        }
        if let skipped = BatchInputs.skippedSentence(unreadable) {
            notices.append(ReportText.sentence(skipped))
        }
        return notices
    }

    /// Checks the database, then makes the output folder (locked against another run: `OutputFolderLock`) and its
    /// `calls/` (clearing temporary files a killed run left), and notes the shard as started.
    private func prepareOutputFolder(_ output: String) throws {
        let folder = BatchInputs.folderURL(output)
        do {
            if let db { try ResultsDatabase.checkBeforeBatch(db) }  // before the batch, and before any output folder
            try AtomicFile.createFolder(output)
            try OutputFolderLock.acquire(in: output)
            try AtomicFile.createFolder(
                folder.appendingPathComponent("calls").path, as: "the output folder's calls folder")
            AtomicFile.removeAbandonedTemporaries(in: folder.appendingPathComponent("calls").path)
            AtomicFile.removeAbandonedTemporaries(in: output)
            if let (k, n) = parsedShard { try ShardNote.note(index: k, count: n, finished: false, in: folder) }
        } catch {
            StandardError.print("earshot: error: \(error)")
            // A stop signal that ended the wait for a database held before the batch: stopped, nothing analysed.
            let stopped = (error as? EarshotError)?.kind == .databaseBusy && StopSignal.isRequested
            if stopped { throw ExitStatus.interrupted }
            throw ExitStatus.outputFailed
        }
    }

    /// Notes the shard in `folder` as finished once a run has taken every file of it (`complete`): one stopped or
    /// killed part-way stays noted as unfinished, which `merge` says. False when the note could not be written (said).
    private func noteShard(complete: Bool, in folder: URL) -> Bool {
        guard let (k, n) = parsedShard, complete else { return true }
        do {
            try ShardNote.note(index: k, count: n, finished: true, in: folder)
            return true
        } catch {
            StandardError.print("earshot: error: \(error)")
            return false
        }
    }

    /// The calls of the tables by recording: the records saved in `folder`, with this run's failures in place of
    /// what is saved for those files (a result that could not be saved must show as failed, not as its older saved
    /// analysis, nor be missing). Damaged records are warned of and left out.
    private static func tableCalls(
        in folder: URL, records: [CallRecord]
    ) -> [PathKey: (record: CallRecord, entry: BatchOutputs.Entry)] {
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
        if let first = spoilt.first {
            StandardError.print(
                "earshot: warning: \(spoilt.count) file(s) in \(folder.appendingPathComponent("calls").path) are not "
                    + "call records (damaged or edited by hand, e.g. '\(first.lastPathComponent)') and are left out of "
                    + "the tables; a run given their recordings analyses them again (--resume too)")
        }
        return calls
    }

    /// Says when the tables hold calls analysed with other settings than this run's (`fingerprint`), or calls this
    /// run was not given.
    private func warnAboutOtherCalls(
        _ calls: [PathKey: (record: CallRecord, entry: BatchOutputs.Entry)], given: Set<PathKey>, fingerprint: String,
        output: String
    ) {
        let otherSettings = calls.values.count { $0.record.error == nil && $0.record.fingerprint != fingerprint }
        if otherSettings > 0 {
            StandardError.print(
                "earshot: warning: the tables in \(output) also hold \(otherSettings) call(s) analysed earlier with other "
                    + "settings (or by another Earshot build); use a new --output folder to keep runs with different "
                    + "settings apart")
        }
        // The folder collects runs: say so when its tables hold calls this run was not given.
        let earlier = calls.keys.count { !given.contains($0) }
        if earlier > 0 {
            StandardError.print(
                "earshot: note: the tables in \(output) also hold \(earlier) call(s) of earlier runs that are not among "
                    + "this run's inputs; use a new --output folder for this run's calls alone")
        }
    }
}
