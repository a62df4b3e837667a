import Foundation

/// Writes the batch's shared outputs from every saved call record: calls.csv, events.csv, agents.csv,
/// report.html with a page per call (calls/NAME-HASH.html) and, when asked, the SQLite database. Each file is
/// written whole or not at all. The records are read one at a time, so memory does not grow with the number of
/// calls.
enum BatchOutputs {
    /// The tables and page a batch writes into its output folder (besides `calls/`).
    enum Table: String, CaseIterable {
        case calls = "calls.csv", events = "events.csv", agents = "agents.csv", report = "report.html"
    }

    /// Why `path`, given as `option` (`--db`, `--manifest`), cannot be used with a batch that writes into `output`:
    /// the batch would write over it (the output folder itself, one of its tables, its shard note, a record or
    /// page in its `calls/`); nil when it can.
    static func clash(_ path: String, option: String, output: String) -> String? {
        let target = BatchInputs.resolved(path)
        let folder = BatchInputs.resolved(output)
        if target == folder { return "\(option) '\(path)' is the output folder itself" }
        let written = Table.allCases.map(\.rawValue) + [ShardNote.fileName, OutputFolderLock.fileName]
        if let name = written.first(where: { BatchInputs.resolved(output + "/" + $0) == target }) {
            return "\(option) '\(path)' is the batch's own \(name), which the batch writes over; give it a file "
                + "outside the output folder's tables"
        }
        let calls = BatchInputs.resolved(output + "/calls")
        if target == calls || target.hasPrefix(calls + "/") {
            return "\(option) '\(path)' is inside the output folder's calls/, where the batch writes its records"
        }
        return nil
    }

    /// A call of the tables: a record saved in the output folder (read again when its rows are written), or a
    /// record of this run held in memory (a failure that could not be saved).
    enum Entry {
        case saved(URL, path: String)
        case held(CallRecord)

        var path: String {
            switch self {
            case .saved(_, let path): path
            case .held(let record): record.path
            }
        }

        /// The whole record; `nil` when its file can no longer be read as one.
        func record() -> CallRecord? {
            switch self {
            case .saved(let url, _): CallRecord.load(url)
            case .held(let record): record
            }
        }
    }

    /// Every call record saved in `folder/calls`, without its report, with its file, sorted by path; of several
    /// records of one file (saved under other spellings of its path by an earlier version), the newest.
    static func savedRecords(in folder: URL) -> [(record: CallRecord, url: URL)] {
        scanRecords(in: folder).newest
    }

    /// `savedRecords(in:)`, and, from the same reading of the folder, the `.json` files in `folder/calls` that are
    /// not call records (damaged, edited by hand): left out of the tables.
    static func savedAndUnreadableRecords(
        in folder: URL
    ) -> (saved: [(record: CallRecord, url: URL)], unreadable: [URL]) {
        let scan = scanRecords(in: folder)
        return (scan.newest, scan.unreadable)
    }

    /// Removes the records, and their pages, that the tables no longer hold, from one reading of the folder: of
    /// several records of one file, saved since under another spelling of its path (a link, `./`), only the newest
    /// stays, so that the folder holds each call once, as its tables do (records saved at the same moment, which
    /// cannot be told apart, stay); and, with `scope` (a batch run's), the failures that are no longer true among
    /// those the run can judge, in the folders it searched and not given to it (a failure it recorded, or one of a
    /// recording it was given, is true): those of folders that can be searched now (a folder without permission, or a share
    /// not mounted, then fixed: the search found its recordings), and those of files gone from a folder that is
    /// there (renamed or deleted since they failed: nothing is left to act on). An analysed call whose file is gone
    /// keeps its record.
    /// - Returns: the resolved paths of the failures removed (their database rows go too).
    @discardableResult
    static func removeStaleRecords(in folder: URL, judging scope: BatchScope? = nil) -> [String] {
        let scan = scanRecords(in: folder)
        var stale = scan.superseded
        var failures: [String] = []
        if let scope {
            for (record, url) in scan.newest where record.error != nil {
                // By the resolved path (the path as given may be relative to another run's folder), and gone only
                // from a folder that can be read: a share not mounted, or a folder locked, hides its files.
                let path = record.resolvedPath
                guard !scope.given.contains(PathKey(path)), scope.covers(path) else { continue }
                var info = stat()
                let gone =
                    lstat(path, &info) != 0 && errno == ENOENT
                    && isSearchableFolder(ParentPath.of(path))
                guard isSearchableFolder(path) || gone else { continue }
                stale.append(url)
                failures.append(record.resolvedPath)
            }
        }
        for url in stale {
            unlink(url.path)
            unlink(
                url.deletingLastPathComponent().appendingPathComponent(pageName(ofRecord: url.lastPathComponent)).path)
        }
        return failures
    }

    /// Whether `path` is a folder whose entries can be listed.
    private static func isSearchableFolder(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
            && (try? FileManager.default.contentsOfDirectory(atPath: path)) != nil
    }

    /// The call records in `folder/calls`: the newest of each file's, sorted by path, the older others, and the
    /// `.json` files that are not call records.
    private static func scanRecords(
        in folder: URL
    ) -> (newest: [(record: CallRecord, url: URL)], superseded: [URL], unreadable: [URL]) {
        let calls = folder.appendingPathComponent("calls")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: calls.path)) ?? []
        var newest: [PathKey: (record: CallRecord, url: URL, saved: Date)] = [:]
        var superseded: [URL] = []
        var unreadable: [URL] = []
        for name in names.sorted() where name.hasSuffix(".json") {
            let url = calls.appendingPathComponent(name)
            guard let record = CallRecord.load(url, keepingReport: false) else {
                unreadable.append(url)
                continue
            }
            let saved =
                (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date)
                ?? .distantPast
            let key = PathKey(record.resolvedPath)
            if let kept = newest[key] {
                if kept.saved > saved {
                    superseded.append(url)
                    continue
                }
                if kept.saved < saved { superseded.append(kept.url) }
            }
            newest[key] = (record, url, saved)
        }
        let sorted: [(record: CallRecord, url: URL)] = newest.values.map { ($0.record, $0.url) }.sorted {
            PathKey.precedes(($0.record.path, $0.record.resolvedPath), ($1.record.path, $1.record.resolvedPath))
        }
        return (sorted, superseded, unreadable)
    }

    /// The name of a call's page beside its saved record `recordName` (NAME-HASH.json: NAME-HASH.html).
    static func pageName(ofRecord recordName: String) -> String {
        (recordName as NSString).deletingPathExtension + ".html"
    }

    /// Whether the file at `path` exists and was modified after the one at `other`.
    private static func isNewer(_ path: String, than other: String) -> Bool {
        let modified = { (path: String) in
            (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? nil
        }
        guard let page = modified(path), let record = modified(other) else { return false }
        return page > record
    }

    /// What could not be written by `write(_:to:database:)`.
    struct WriteFailures {
        /// Why the database could not be written: it is then left as it was.
        var database: (any Error)?
        /// The tables and pages that could not be written, one message each (calls' own pages counted in one).
        var files: [String] = []

        /// Whether everything was written.
        var isEmpty: Bool { database == nil && files.isEmpty }

        /// Says each failure on standard error; when only the database failed for a while (busy with a reader, its
        /// disk full), says `databaseAdvice` too (the folder itself is complete, and a later run fills the database).
        func print(databaseAdvice: String) {
            for failure in files { StandardError.print("earshot: error: \(failure)") }
            guard let database else { return }
            StandardError.print("earshot: error: \(database)")
            let passing = [.databaseBusy, .databaseFull].contains((database as? EarshotError)?.kind)
            if files.isEmpty && passing { StandardError.print("earshot: \(databaseAdvice)") }
        }
    }

    /// Writes the tables, page and database of `entries` (in their order) into `folder`. Each table is tried
    /// whatever became of the others (calls.csv first, a folder in the way of events.csv, a disk full at a call's
    /// page), and those not written stay as they were. `notices`: what the page says above its tables of what the
    /// run left out; `removedFailures`: the resolved paths of failed records the folder no longer holds, whose
    /// database rows go if they are failures too (another folder may have analysed the file since).
    /// - Returns: what could not be written.
    static func write(
        _ entries: [Entry], to folder: URL, database: String?, notices: [String] = [], removedFailures: [String] = []
    ) -> WriteFailures {
        var failures = WriteFailures()
        let writer = { (table: Table) -> AtomicFileWriter? in
            do { return try AtomicFileWriter(path: folder.appendingPathComponent(table.rawValue).path) } catch {
                failures.files.append("\(error)")
                return nil
            }
        }
        let calls = writer(.calls)
        let events = writer(.events)
        var page: HTMLBatchPage?
        do { page = try HTMLBatchPage(scratchFolder: folder.path) } catch { failures.files.append("\(error)") }
        var session: ResultsDatabase.Session?
        do { session = try database.map { try ResultsDatabase.Session(path: $0) } } catch { failures.database = error }
        var agents = BatchTables.AgentTally()
        calls?.append(BatchTables.callsHeader)
        events?.append(BatchTables.eventsHeader)
        var count = 0
        var pageFailures: (count: Int, first: String) = (0, "")
        for entry in entries {
            guard let r = entry.record() else { continue }  // removed or spoilt since it was listed
            count += 1
            calls?.append(BatchTables.callsRow(r))
            events?.append(BatchTables.eventsRows(r))
            agents.add(r)
            let call = HTMLCall(
                file: r.path, agent: r.agent, callID: r.callID, report: r.report.flatMap(ReportDecoder.report(from:)),
                error: r.error, flags: r.flags,
                warnings: (r.report?["quality"] as? [String: Any])?["warnings"] as? [String] ?? [],
                recording: r.resolvedPath)
            let saved: URL =
                switch entry {
                case .saved(let url, _): url
                case .held(let held): folder.appendingPathComponent("calls").appendingPathComponent(held.fileName)
                }
            let (pageName, pageFailure) = writeCallPage(call, besideRecord: saved)
            if let pageFailure {
                if pageFailures.count == 0 { pageFailures.first = pageFailure }
                pageFailures.count += 1
            }
            page?.add(call, page: pageName, settings: r.fingerprint, thresholds: BatchTables.thresholds(r))
            do { try session?.add(r, record: saved.standardizedFileURL.path) } catch {
                failures.database = error
                session = nil  // its transaction is rolled back: the database stays as it was
            }
        }
        do { try removedFailures.forEach { try session?.removeFailure(resolvedPath: $0) } } catch {
            failures.database = error
            session = nil
        }
        if pageFailures.count > 0 {
            failures.files.append(
                pageFailures.first
                    + (pageFailures.count > 1
                        ? " (and \(pageFailures.count - 1) more call\(pageFailures.count == 2 ? "'s page" : "s' pages"))"
                        : ""))
        }
        let attempt = { (write: () throws -> Void) in
            do { try write() } catch { failures.files.append("\(error)") }
        }
        attempt { try calls?.commit() }
        attempt { try events?.commit() }
        attempt {
            try AtomicFile.write(
                BatchTables.agentsCSV(agents), to: folder.appendingPathComponent(Table.agents.rawValue).path)
        }
        attempt {
            try page?.write(
                title: "Earshot: \(count) call\(count == 1 ? "" : "s")", agents: agents, notices: notices,
                to: folder.appendingPathComponent(Table.report.rawValue).path)
        }
        if failures.database == nil {
            do { try session?.commit() } catch { failures.database = error }
        }
        return failures
    }

    /// A call's own page beside its saved record, linked from report.html: written when the record is newer (a run
    /// with nothing new, --resume or merge, does not rewrite thousands), removed when the call failed.
    /// - Returns: the page's path from the output folder (`nil` when there is none), and why it could not be written.
    private static func writeCallPage(_ call: HTMLCall, besideRecord saved: URL) -> (page: String?, failure: String?) {
        let name = pageName(ofRecord: saved.lastPathComponent)
        let pagePath = saved.deletingLastPathComponent().appendingPathComponent(name).path
        guard call.report != nil else {
            try? FileManager.default.removeItem(atPath: pagePath)
            return (nil, nil)
        }
        if !isNewer(pagePath, than: saved.path) {
            do { try AtomicFile.write(HTMLReport.callPage(call, back: "../report.html"), to: pagePath) } catch {
                return (nil, "\(error)")
            }
        }
        return ("calls/" + name, nil)
    }
}
