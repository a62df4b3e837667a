import ArgumentParser
import Foundation

/// `earshot merge`: combines batch output folders (e.g. shards from several machines) into one.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine batch output folders (shards) into one set of tables, report and database.",
        discussion: """
            Each folder's calls/ records are copied into --output (a call in several folders: the last \
            folder's record, but never a failed one over an analysed one), then calls.csv, events.csv, \
            agents.csv, report.html and, with --db, the database are made over every call there.

            Exit status: 0 merged, 1 a folder is not an earshot output folder, 3 an output could not be \
            written (checked before anything is written where possible), 64 usage error.
            """)

    @Argument(help: "Output folders of `earshot analyze --output` runs.")
    var folders: [String]

    @Option(help: "The combined output folder.")
    var output: String

    @Option(help: "Also write the combined results to this SQLite database.")
    var db: String?

    /// The names of this command's options, each taking one value (`SingleUse`).
    static let valueOptions: [[String]] = [["--output"], ["--db"]]

    func validate() throws {
        guard UsageCheck.checksValues else { return }  // the first parse (UsageCheck)
        try SingleUse.check(Self.valueOptions)
        try SingleUse.checkNotEmpty([(output, "--output"), (db, "--db")])
        if let db, let clash = BatchOutputs.clash(db, option: "--db", output: output) { throw ValidationError(clash) }
    }

    func run() throws {
        let target = BatchInputs.folderURL(output)
        let calls = target.appendingPathComponent("calls")
        // Every input is checked before anything is written, so a typo leaves no half-built output.
        let sources = try checkedSources()
        // The output's own note too: the calls it holds already stay.
        let shards = (folders + [output]).flatMap { ShardNote.read(in: BatchInputs.folderURL($0)) }
        let shardWarning = ShardNote.warning(shards)
        if let shardWarning { StandardError.print("earshot: warning: \(shardWarning)") }
        if let db {  // as for analyze: a database that cannot be written or is not Earshot's is refused first
            do {
                try ResultsDatabase.checkBeforeBatch(
                    db, notDone: "nothing was merged: run merge again once the database is free")
            } catch {
                StandardError.print("earshot: error: \(error)")
                throw ExitStatus.outputFailed
            }
        }
        var tally = Tally(kept: Self.records(in: calls))
        do {
            try AtomicFile.createFolder(output)
            try OutputFolderLock.acquire(in: output)
            try AtomicFile.createFolder(calls.path, as: "the output folder's calls folder")
            // The output folder among the inputs (by any spelling or link) already holds its own records.
            let own = BatchInputs.resolved(calls.path)
            for source in sources where BatchInputs.resolved(source.calls.path) != own {
                try copyRecords(of: source, into: calls, tally: &tally)
            }
            try ShardNote.add(shards, in: target)
            BatchOutputs.removeStaleRecords(in: target)
            let saved = BatchOutputs.savedRecords(in: target)
            let written = BatchOutputs.write(
                saved.map { .saved($0.url, path: $0.record.path) }, to: target, database: db,
                notices: shardWarning.map { [ReportText.sentence($0)] } ?? [])
            written.print(
                databaseAdvice: "the merged folder is complete; merge again once the database can be written to fill it"
            )
            report(
                folderCount: sources.count, records: saved.map(\.record), copied: tally.copied,
                duplicates: tally.duplicates,
                differingCopies: tally.settings.values.count { $0.count > 1 }, unwritten: written.files.count,
                roleConflicts: tally.roleConflicts)
            if !written.isEmpty { throw ExitStatus.outputFailed }
        } catch let error as ExitCode {
            throw error
        } catch {
            StandardError.print("earshot: error: \(error)")
            throw ExitStatus.outputFailed
        }
    }

    /// One folder to merge: its `calls/` and the names of the records there.
    private typealias Source = (folder: String, calls: URL, names: [String])

    /// What merging has kept and counted so far.
    private struct Tally {
        /// By resolved path: what the output folder holds already, then what is copied into it.
        var kept: [PathKey: (record: CallRecord, name: String)]
        var seenInInputs = Set<PathKey>()
        var copied = 0
        /// Calls found in more than one input folder.
        var duplicates = 0
        /// Per call, the settings the input folders hold it at.
        var settings: [PathKey: Set<String>] = [:]
        /// Per call, the path and the roles ("agent bob, agent channel 1") of each analysed copy, the output
        /// folder's own first, in the order met.
        var roles: [PathKey: (path: String, seen: [String])] = [:]

        init(kept: [PathKey: (record: CallRecord, name: String)]) {
            self.kept = kept
            for (key, own) in kept where own.record.error == nil { note(own.record, key: key) }
        }

        mutating func note(_ record: CallRecord, key: PathKey) {
            let said = Merge.roles(of: record)
            var entry = roles[key] ?? (record.path, [])
            if !entry.seen.contains(said) { entry.seen.append(said) }
            roles[key] = entry
        }

        /// The calls whose copies say who is who differently, each with the kept copy's roles and the others'.
        var roleConflicts: [String] {
            roles.compactMap { key, entry -> String? in
                guard entry.seen.count > 1, let kept = self.kept[key]?.record else { return nil }
                let keptRoles = Merge.roles(of: kept)
                let others = entry.seen.filter { $0 != keptRoles }.joined(separator: "; ")
                return "\(entry.path): kept \(keptRoles); also \(others)"
            }.sorted()
        }
    }

    /// Every input folder with its records' names; a folder without `calls/` ends the command (exit 1).
    private func checkedSources() throws -> [Source] {
        // A folder given twice (under two spellings, or a link) is merged once: its calls are not in two folders.
        var seen = Set<String>()
        let unique = folders.filter { folder in
            guard seen.insert(BatchInputs.resolved(folder)).inserted else {
                StandardError.print("earshot: warning: '\(folder)' is given more than once: merged once")
                return false
            }
            return true
        }
        return try unique.map { folder in
            let source = BatchInputs.folderURL(folder).appendingPathComponent("calls")
            if let problem = FileManager.default.readProblem(atPath: folder, folder: true) {
                StandardError.print("earshot: error: cannot merge '\(folder)': \(problem)")
                throw ExitStatus.inputFailed
            }
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: source.path) else {
                StandardError.print("earshot: error: '\(folder)' is not an earshot output folder (no calls/ inside)")
                throw ExitStatus.inputFailed
            }
            let records = names.filter { $0.hasSuffix(".json") }.sorted()
            // A recordings folder can have a calls/ of its own (audio, sidecar JSON, a manifest named calls.csv): an
            // output folder has call records there, or Earshot's calls.csv (a shard that got no calls).
            let tables = BatchInputs.folderURL(folder).appendingPathComponent("calls.csv")
            // (Its first columns, the same in every version; later ones were added since.)
            let head = "file,call_id,agent,agent_channel,channels,sample_rate,duration_s,"
            let ownTables = (try? String(contentsOf: tables, encoding: .utf8))?.hasPrefix(head) == true
            let hasRecord = records.contains {
                CallRecord.load(source.appendingPathComponent($0), keepingReport: false) != nil
            }
            if !ownTables && !hasRecord {
                StandardError.print(
                    "earshot: error: '\(folder)' is not an earshot output folder (no call records in its calls/, no "
                        + "calls.csv of Earshot's)")
                throw ExitStatus.inputFailed
            }
            return (folder, source, records)
        }
    }

    /// The readable records in `calls`, by resolved path, with their file names.
    private static func records(in calls: URL) -> [PathKey: (record: CallRecord, name: String)] {
        var records: [PathKey: (record: CallRecord, name: String)] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: calls.path)) ?? []
        where name.hasSuffix(".json") {
            if let record = CallRecord.load(calls.appendingPathComponent(name), keepingReport: false) {
                records[PathKey(record.resolvedPath)] = (record, name)
            }
        }
        return records
    }

    /// Copies the newest record of each call in `source` into `calls`, unless that would replace an analysed call
    /// by a failed one; a record the copy replaces is removed with its page.
    private func copyRecords(of source: Source, into calls: URL, tally: inout Tally) throws {
        // Of a file's records under several spellings of its path (an earlier version's), the newest.
        let newest = Set(
            BatchOutputs.savedRecords(in: BatchInputs.folderURL(source.folder)).map(\.url.lastPathComponent))
        for name in source.names {
            let url = source.calls.appendingPathComponent(name)
            guard let record = CallRecord.load(url, keepingReport: false) else {
                StandardError.print("earshot: warning: skipped '\(url.path)': not an earshot call record")
                continue
            }
            guard newest.contains(name) else { continue }
            let key = PathKey(record.resolvedPath)
            if !tally.seenInInputs.insert(key).inserted { tally.duplicates += 1 }
            if record.error == nil {
                tally.settings[key, default: []].insert(record.fingerprint)
                tally.note(record, key: key)
            }
            let earlier = tally.kept[key]
            // A call analysed in one folder (or in the output folder already) and failed in another keeps its
            // analysis.
            if let earlier, earlier.record.error == nil && record.error != nil { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            try AtomicFile.write(text, to: calls.appendingPathComponent(name).path)
            // The earlier copy's record, and the page made from it, go only once this one is in place: a write
            // that fails (a full disk) leaves the folder with the call it had.
            if let earlier, earlier.name != name {
                unlink(calls.appendingPathComponent(earlier.name).path)
                unlink(calls.appendingPathComponent(BatchOutputs.pageName(ofRecord: earlier.name)).path)
            }
            tally.kept[key] = (record, name)
            tally.copied += 1
        }
    }

    /// Who is who in `record`, in words: "agent bob, agent channel 1", with the channels chosen (`--channels`) when
    /// they were; a mono call has no agent channel to differ in.
    static func roles(of record: CallRecord) -> String {
        var text = "agent \(record.agent ?? "(none)")"
        text += record.flags.contains("mono") ? ", one channel" : ", agent channel \(record.agentChannelUsed)"
        if let channels = record.channels { text += ", channels \(channels.map(String.init).joined(separator: ","))" }
        return text
    }

    private func report(
        folderCount: Int, records: [CallRecord], copied: Int, duplicates: Int, differingCopies: Int, unwritten: Int,
        roleConflicts: [String]
    ) {
        if duplicates > 0 {
            StandardError.print(
                "earshot: warning: \(duplicates) call(s) were in more than one folder; the last folder's record was "
                    + "kept (an analysed call is never replaced by a failed one)")
        }
        if !roleConflicts.isEmpty {
            // Another agent or agent channel moves the call to another agent's row, or swaps who said what.
            StandardError.print(
                "earshot: warning: \(roleConflicts.count) call(s) were analysed with another agent or agent channel in "
                    + "another folder (the last folder's analysis is kept):")
            for conflict in roleConflicts.prefix(5) { StandardError.print("  \(conflict)") }
            if roleConflicts.count > 5 { StandardError.print("  and \(roleConflicts.count - 5) more") }
        }
        if differingCopies > 0 {
            // Which copy is kept then decides the figures: the order of the folders would change the tables.
            StandardError.print(
                "earshot: warning: \(differingCopies) call(s) were analysed with different settings (or Earshot builds) "
                    + "in different folders; the figures kept are the last folder's, so they depend on the folders' order"
            )
        }
        let settings = Set(records.filter { $0.error == nil }.map(\.fingerprint))
        if settings.count > 1 {
            StandardError.print(
                "earshot: warning: the merged tables mix calls analysed with \(settings.count) different settings (or "
                    + "Earshot builds); merge only folders analysed with the same settings and build")
        }
        // Failed calls come along as rows with their error (the merge itself did not fail: exit 0); say how many.
        let failed = records.count { $0.error != nil }
        let plural = { (count: Int, noun: String) in "\(count) \(noun)\(count == 1 ? "" : "s")" }
        StandardError.print(
            "earshot: merged \(plural(copied, "call record")) from \(plural(folderCount, "folder")); "
                + "\(plural(records.count, "call")) in \(output)"
                + (failed > 0 ? ", \(failed) of them failed when analysed (rows with their error)" : "")
                + (unwritten > 0 ? "; \(unwritten) of the tables and pages could not be written (above)" : ""))
    }
}
