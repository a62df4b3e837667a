import Foundation

/// Writes the batch's shared outputs from every saved call record: calls.csv, events.csv, agents.csv,
/// report.html with a page per call (calls/NAME-HASH.html) and, when asked, the SQLite database. Each file is
/// written whole or not at all. The records are read one at a time, so memory does not grow with the number of
/// calls.
enum BatchOutputs {
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

    /// Removes the records, and their pages, of files whose call was saved again since under another spelling of
    /// its path (a link, `./`): of several records of one file only the newest stays, so that the folder holds
    /// each call once, as its tables do (records saved at the same moment, which cannot be told apart, stay).
    static func removeSupersededRecords(in folder: URL) {
        for url in scanRecords(in: folder).superseded {
            unlink(url.path)
            let page = pageName(ofRecord: url.lastPathComponent)
            unlink(url.deletingLastPathComponent().appendingPathComponent(page).path)
        }
    }

    /// The call records in `folder/calls`: the newest of each file's, sorted by path, and the older others.
    private static func scanRecords(in folder: URL) -> (newest: [(record: CallRecord, url: URL)], superseded: [URL]) {
        let calls = folder.appendingPathComponent("calls")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: calls.path)) ?? []
        var newest: [PathKey: (record: CallRecord, url: URL, saved: Date)] = [:]
        var superseded: [URL] = []
        for name in names.sorted() where name.hasSuffix(".json") {
            let url = calls.appendingPathComponent(name)
            guard let record = CallRecord.load(url, keepingReport: false) else { continue }
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
            PathKey.precedes($0.record.path, $1.record.path)
        }
        return (sorted, superseded)
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

    /// Writes the tables, page and database of `entries` (in their order) into `folder`.
    /// - Returns: why the database could not be written, if it could not: it is then left as it was, and the
    ///   tables and pages, which do not depend on it, are in place.
    /// - Throws: `OutputError` naming the file that could not be written; the files not yet put in place stay as
    ///   they were.
    @discardableResult
    static func write(_ entries: [Entry], to folder: URL, database: String?) throws -> (any Error)? {
        let calls = try AtomicFileWriter(path: folder.appendingPathComponent("calls.csv").path)
        let events = try AtomicFileWriter(path: folder.appendingPathComponent("events.csv").path)
        let page = try HTMLBatchPage(scratchFolder: folder.path)
        var databaseFailure: (any Error)?
        var session: ResultsDatabase.Session?
        do { session = try database.map { try ResultsDatabase.Session(path: $0) } } catch { databaseFailure = error }
        var agents = BatchTables.AgentTally()
        calls.append(BatchTables.callsHeader)
        events.append(BatchTables.eventsHeader)
        var count = 0
        for entry in entries {
            guard let r = entry.record() else { continue }  // removed or spoilt since it was listed
            count += 1
            calls.append(BatchTables.callsRow(r))
            events.append(BatchTables.eventsRows(r))
            agents.add(r)
            let call = HTMLCall(
                file: r.path, agent: r.agent, callID: r.callID, report: r.report.flatMap(ReportDecoder.report(from:)),
                error: r.error, flags: r.flags,
                warnings: (r.report?["quality"] as? [String: Any])?["warnings"] as? [String] ?? [])
            // Its own page beside its saved record, linked from report.html: written when the record is newer (a
            // run with nothing new, --resume or merge, does not rewrite thousands), removed when the call failed.
            var pageName: String?
            let saved: URL =
                switch entry {
                case .saved(let url, _): url
                case .held(let held): folder.appendingPathComponent("calls").appendingPathComponent(held.fileName)
                }
            let name = Self.pageName(ofRecord: saved.lastPathComponent)
            let pagePath = saved.deletingLastPathComponent().appendingPathComponent(name).path
            if call.report == nil {
                try? FileManager.default.removeItem(atPath: pagePath)
            } else {
                if !Self.isNewer(pagePath, than: saved.path) {
                    try AtomicFile.write(HTMLReport.callPage(call, back: "../report.html"), to: pagePath)
                }
                pageName = "calls/" + name
            }
            page.add(call, page: pageName, settings: r.fingerprint)
            do { try session?.add(r, record: saved.standardizedFileURL.path) } catch {
                databaseFailure = error
                session = nil  // its transaction is rolled back: the database stays as it was
            }
        }
        try calls.commit()
        try events.commit()
        try AtomicFile.write(BatchTables.agentsCSV(agents), to: folder.appendingPathComponent("agents.csv").path)
        try page.write(
            title: "Earshot: \(count) call\(count == 1 ? "" : "s")", agents: agents,
            to: folder.appendingPathComponent("report.html").path)
        if let databaseFailure { return databaseFailure }
        do { try session?.commit() } catch { return error }
        return nil
    }
}
