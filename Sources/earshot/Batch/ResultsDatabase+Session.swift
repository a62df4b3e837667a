import CSQLite
import Foundation

extension ResultsDatabase {
    /// One batch's writing into the database at `path` (created when missing), one call at a time, replacing
    /// earlier rows of the same files, in one transaction: a reader sees the database before or after, another
    /// batch writing to it waits its turn (up to a minute), and a run killed half-way, or a session dropped
    /// without `commit()`, leaves it as it was.
    final class Session {
        private let db: OpaquePointer
        private let path: String
        /// Whether this session created the file (it goes again if it stays empty).
        private let created: Bool
        private let statements: Statements
        private var open = false
        /// This batch's calls that have a call id: the id and the call's resolved path.
        private var callIDs: [(callID: String, resolvedPath: String)] = []
        private var added = 0

        /// The statements a session runs for each call.
        private struct Statements {
            let upsertCall, insertEvent, insertAlert, callID, deleteEvents, deleteAlerts, filesWithCallID: OpaquePointer
            let deleteFailure: OpaquePointer

            init(_ db: OpaquePointer, path: String) throws(Failure) {
                let columns = ResultsDatabase.callColumns
                let placeholders = columns.map { _ in "?" }.joined(separator: ",")
                // A file analysed again keeps its row, and so its id: the row is updated in place.
                let updates = columns.dropFirst(2).map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
                let compile = { (sql: String) throws(Failure) in try ResultsDatabase.compile(db, sql, path: path) }
                upsertCall = try compile(
                    "INSERT INTO calls (\(columns.joined(separator: ","))) VALUES (\(placeholders)) "
                        + "ON CONFLICT(resolved_path) DO UPDATE SET path = excluded.path, \(updates)")
                insertEvent = try compile("INSERT INTO events VALUES (?,?,?,?,?)")
                insertAlert = try compile("INSERT INTO alerts VALUES (?,?,?,?,?)")
                callID = try compile("SELECT id FROM calls WHERE resolved_path = ?")
                deleteEvents = try compile("DELETE FROM events WHERE call = ?")
                deleteAlerts = try compile("DELETE FROM alerts WHERE call = ?")
                filesWithCallID = try compile("SELECT resolved_path FROM calls WHERE call_id = ?")
                // A failed call has no events or alerts.
                deleteFailure = try compile("DELETE FROM calls WHERE resolved_path = ? AND error IS NOT NULL")
            }

            var all: [OpaquePointer] {
                [
                    upsertCall, insertEvent, insertAlert, callID, deleteEvents, deleteAlerts, filesWithCallID,
                    deleteFailure,
                ]
            }
        }

        /// Opens the database and begins the transaction. - Throws: `Failure` naming the file and SQLite's reason.
        init(path: String) throws(Failure) {
            let created = ResultsDatabase.createUnderUmask(path)
            var handle: OpaquePointer?
            guard sqlite3_open(path, &handle) == SQLITE_OK, let db = handle else {
                defer {
                    sqlite3_close(handle)
                    ResultsDatabase.removeIfEmpty(path, created: created)
                }
                throw Failure(.database, "cannot open database '\(path)': \(String(cString: sqlite3_errmsg(handle)))")
            }
            sqlite3_busy_handler(db, ResultsDatabase.busyWait, nil)
            do {
                try ResultsDatabase.exec(db, "BEGIN IMMEDIATE;", path: path)
                try ResultsDatabase.refuseNewer(db, path: path)
                if try ResultsDatabase.isOlderSchema(db, path: path) {
                    // Written by an earlier Earshot, which rebuilt it from one output folder on every run.
                    StandardError.print(
                        "earshot: warning: '\(path)' was written by an earlier Earshot; its calls, events, alerts and "
                            + "agents tables are made afresh from this batch (analyse earlier folders into it again)")
                    try ResultsDatabase.exec(
                        db,
                        "DROP TABLE IF EXISTS events; DROP TABLE IF EXISTS alerts; DROP TABLE IF EXISTS agents; "
                            + "DROP TABLE calls;", path: path)
                }
                try ResultsDatabase.refuseForeignTables(db, path: path)
                try ResultsDatabase.refuseChanged(db, path: path)
                try ResultsDatabase.addLaterColumns(db, path: path)
                try ResultsDatabase.exec(db, ResultsDatabase.schema, path: path)
                statements = try Statements(db, path: path)
            } catch {
                sqlite3_exec(db, "ROLLBACK;", nil, nil, nil)
                sqlite3_close(db)
                ResultsDatabase.removeIfEmpty(path, created: created)
                throw error
            }
            self.db = db
            self.path = path
            self.created = created
            open = true
        }

        deinit {
            statements.all.forEach { sqlite3_finalize($0) }
            if open { sqlite3_exec(db, "ROLLBACK;", nil, nil, nil) }
            sqlite3_close(db)
            ResultsDatabase.removeIfEmpty(path, created: created)
        }

        /// Adds one call, or replaces the call of the same resolved path (which keeps its id; its earlier events
        /// and alerts go). `record`: the path of its saved JSON record (stored only when that file exists: a call
        /// whose result could not be saved has none).
        func add(_ r: CallRecord, record: String) throws(Failure) {
            let report = r.report ?? [:]
            let summary = report["summary"] as? [String: Any] ?? [:]
            var values: [Any?] = [
                r.path, r.resolvedPath, r.size, r.modified, r.fingerprint, r.agent, r.callID, r.agentChannelUsed,
                report["channels"], report["sample_rate"], report["duration_s"],
            ]
            values += SummaryColumns.keys.map { summary[$0] }
            values += [r.flags.joined(separator: ";"), r.error]
            values += BatchTables.thresholds(r)
            values.append(FileManager.default.fileExists(atPath: record) ? record : nil)
            values.append(BatchTables.longestGap(r))
            try ResultsDatabase.run(statements.upsertCall, values, db: db, path: path)
            added += 1
            if let callID = r.callID, !callID.isEmpty { callIDs.append((callID, r.resolvedPath)) }
            let id = try ResultsDatabase.integer(statements.callID, [r.resolvedPath], db: db, path: path)
            for removal in [statements.deleteEvents, statements.deleteAlerts] {
                try ResultsDatabase.run(removal, [Int(id)], db: db, path: path)
            }
            for event in report["events"] as? [[String: Any]] ?? [] {
                try ResultsDatabase.run(
                    statements.insertEvent, [Int(id), event["type"], event["by"], event["start"], event["end"]],
                    db: db, path: path)
            }
            for alert in report["alerts"] as? [[String: Any]] ?? [] {
                try ResultsDatabase.run(
                    statements.insertAlert, [Int(id), alert["rule"], alert["t"], alert["start"], alert["phase"]],
                    db: db, path: path)
            }
        }

        /// Deletes the failed row of `resolvedPath`, if the database has one (an analysed row stays: another output
        /// folder may have analysed the file into it).
        func removeFailure(resolvedPath: String) throws(Failure) {
            try ResultsDatabase.run(statements.deleteFailure, [resolvedPath], db: db, path: path)
        }

        /// Recomputes the agents table over every call in the database and commits; then warns of what the
        /// database mixes: call ids of this batch that other files' rows also carry (a recording moved, its old
        /// row kept), and, when it holds calls beyond this batch's tables, calls analysed with different settings.
        func commit() throws(Failure) {
            try ResultsDatabase.rebuildAgents(db, path: path)
            // On the final rows, and against rows of earlier batches only: ids that changed hands within the batch,
            // or that the batch itself gives several files, have no stale row to delete.
            let batchFiles = Set(callIDs.map(\.resolvedPath))
            var shared: [(callID: String, resolvedPath: String, other: String)] = []
            var checked = Set<String>()
            for (callID, resolvedPath) in callIDs where checked.insert(callID).inserted {
                let files = try ResultsDatabase.texts(statements.filesWithCallID, [callID], db: db, path: path)
                if let other = files.first(where: { !batchFiles.contains($0) }) {
                    shared.append((callID, resolvedPath, other))
                }
            }
            let (db, path) = (self.db, self.path)
            let count = { (sql: String) throws(Failure) in
                try ResultsDatabase.integer(
                    ResultsDatabase.compile(db, sql, path: path), [], db: db, path: path, finalize: true)
            }
            let settings = try count("SELECT COUNT(DISTINCT fingerprint) FROM calls WHERE error IS NULL")
            let calls = try count("SELECT COUNT(*) FROM calls")
            try ResultsDatabase.exec(db, "COMMIT;", path: path)
            open = false
            if let first = shared.first {
                StandardError.print(
                    "earshot: warning: \(shared.count) call id(s) of this batch also name the row of a file it was not "
                        + "given in "
                        + "'\(path)' (a recording moved or copied?), e.g. \(first.callID): '\(first.resolvedPath)' and "
                        + "'\(first.other)'; both rows count in agents: delete the stale one (docs/DATABASE.md)")
            }
            // Within this batch's tables the batch says it itself.
            if settings > 1 && calls > added {
                StandardError.print(
                    "earshot: warning: '\(path)' holds calls analysed with \(settings) different settings or Earshot "
                        + "builds (the calls table's fingerprint): its agents table mixes them")
            }
        }
    }
}
