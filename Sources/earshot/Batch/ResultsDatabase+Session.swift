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
        private var statements: [OpaquePointer] = []
        private var open = false
        /// Call ids of this batch that other rows (other files) also carry, with one such file each.
        private var sharedCallIDs: [(callID: String, path: String, other: String)] = []

        /// Opens the database and begins the transaction. - Throws: `Failure` naming the file and SQLite's reason.
        init(path: String) throws(Failure) {
            ResultsDatabase.createUnderUmask(path)
            var handle: OpaquePointer?
            guard sqlite3_open(path, &handle) == SQLITE_OK, let db = handle else {
                defer { sqlite3_close(handle) }
                throw Failure(message: "cannot open database '\(path)': \(String(cString: sqlite3_errmsg(handle)))")
            }
            self.db = db
            self.path = path
            sqlite3_busy_timeout(db, 60_000)
            try ResultsDatabase.exec(db, "BEGIN IMMEDIATE;", path: path)
            open = true
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
            try ResultsDatabase.refuseNewerOrChanged(db, path: path)
            try ResultsDatabase.addLaterColumns(db, path: path)
            try ResultsDatabase.exec(db, ResultsDatabase.schema, path: path)
            let callColumns = ResultsDatabase.callColumns
            let placeholders = callColumns.map { _ in "?" }.joined(separator: ",")
            // A file analysed again keeps its row, and so its id: the row is updated in place.
            let updates = callColumns.dropFirst(2).map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
            for sql in [
                "INSERT INTO calls (\(callColumns.joined(separator: ","))) VALUES (\(placeholders)) "
                    + "ON CONFLICT(resolved_path) DO UPDATE SET path = excluded.path, \(updates)",
                "INSERT INTO events VALUES (?,?,?,?,?)", "INSERT INTO alerts VALUES (?,?,?,?,?)",
                "SELECT id FROM calls WHERE resolved_path = ?",
                "DELETE FROM events WHERE call = ?", "DELETE FROM alerts WHERE call = ?",
                "SELECT path FROM calls WHERE call_id = ? AND resolved_path <> ? LIMIT 1",
            ] {
                statements.append(try ResultsDatabase.prepare(db, sql, path: path))
            }
        }

        deinit {
            statements.forEach { sqlite3_finalize($0) }
            if open { sqlite3_exec(db, "ROLLBACK;", nil, nil, nil) }
            sqlite3_close(db)
        }

        /// Adds one call, or replaces the call of the same resolved path (which keeps its id; its earlier events
        /// and alerts go). `record`: the path of its saved JSON record.
        func add(_ r: CallRecord, record: String) throws(Failure) {
            let (callUpsert, eventInsert, alertInsert) = (statements[0], statements[1], statements[2])
            let report = r.report ?? [:]
            let summary = report["summary"] as? [String: Any] ?? [:]
            var values: [Any?] = [
                r.path, r.resolvedPath, r.size, r.modified, r.fingerprint, r.agent, r.callID, r.agentChannelUsed,
                report["channels"], report["sample_rate"], report["duration_s"],
            ]
            values += SummaryColumns.keys.map { summary[$0] }
            values += [r.flags.joined(separator: ";"), r.error]
            values += BatchTables.thresholds(r)
            values.append(record)
            try ResultsDatabase.run(callUpsert, values, db: db, path: path)
            if let callID = r.callID, !callID.isEmpty,
                let other = try ResultsDatabase.text(statements[6], [callID, r.resolvedPath], db: db, path: path)
            {
                sharedCallIDs.append((callID, r.path, other))
            }
            let id = try ResultsDatabase.integer(statements[3], [r.resolvedPath], db: db, path: path)
            for removal in statements[4...5] { try ResultsDatabase.run(removal, [Int(id)], db: db, path: path) }
            for event in report["events"] as? [[String: Any]] ?? [] {
                try ResultsDatabase.run(
                    eventInsert, [Int(id), event["type"], event["by"], event["start"], event["end"]], db: db, path: path
                )
            }
            for alert in report["alerts"] as? [[String: Any]] ?? [] {
                try ResultsDatabase.run(
                    alertInsert, [Int(id), alert["rule"], alert["t"], alert["start"], alert["phase"]], db: db,
                    path: path)
            }
        }

        /// Recomputes the agents table over every call in the database and commits; then warns of what the
        /// tables mix: call ids this batch shares with other files (a recording moved, and its old row kept), and
        /// calls analysed with different settings.
        func commit() throws(Failure) {
            try ResultsDatabase.rebuildAgents(db, path: path)
            let settings = try ResultsDatabase.integer(
                ResultsDatabase.prepare(
                    db, "SELECT COUNT(DISTINCT fingerprint) FROM calls WHERE error IS NULL", path: path), [],
                db: db, path: path, finalize: true)
            try ResultsDatabase.exec(db, "COMMIT;", path: path)
            open = false
            if let first = sharedCallIDs.first {
                StandardError.print(
                    "earshot: warning: \(sharedCallIDs.count) call id(s) of this batch also name another file's row "
                        + "in '\(path)' (a recording moved or copied?), e.g. \(first.callID): '\(first.path)' and "
                        + "'\(first.other)'; both rows count in agents: delete the stale one (docs/DATABASE.md)")
            }
            if settings > 1 {
                StandardError.print(
                    "earshot: warning: '\(path)' holds calls analysed with \(settings) different settings (the "
                        + "calls table's fingerprint): its agents table mixes them")
            }
        }
    }
}
