import CSQLite
import Foundation

/// The batch results in SQLite (tables calls, events, alerts, agents, with indexes). A database that exists
/// keeps its other calls (and any tables of its own): the batch's calls replace their earlier rows, found by
/// resolved path (a call keeps its id), and the agents table is recomputed over every call in it, all in one
/// transaction.
enum ResultsDatabase {
    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static let schema = """
        CREATE TABLE IF NOT EXISTS calls (id INTEGER PRIMARY KEY, path TEXT NOT NULL,
          resolved_path TEXT NOT NULL UNIQUE, size INTEGER, modified REAL,
          fingerprint TEXT, agent TEXT, call_id TEXT, agent_channel INTEGER, channels INTEGER, sample_rate INTEGER,
          duration_s REAL, agent_talk_s REAL, customer_talk_s REAL, overlap_s REAL, silence_s REAL, agent_share REAL,
          interruptions_by_agent INTEGER, interruptions_by_customer INTEGER, backchannels_by_agent INTEGER,
          backchannels_by_customer INTEGER, silence_gaps INTEGER, longest_agent_monologue_s REAL,
          longest_customer_monologue_s REAL, response_gap_mean_s REAL, response_gap_median_s REAL,
          switches_per_min REAL, agent_nods_per_customer_min REAL, longest_unacknowledged_s REAL,
          unacknowledged_stretches_20s INTEGER, opening_account_s REAL, opening_interrupted INTEGER, opening_nods INTEGER,
          flags TEXT, error TEXT, silence_gap_threshold_s REAL, unacknowledged_threshold_s REAL, record TEXT);
        CREATE TABLE IF NOT EXISTS events (call INTEGER NOT NULL REFERENCES calls(id), type TEXT NOT NULL, by TEXT,
          start_s REAL NOT NULL, end_s REAL NOT NULL);
        CREATE TABLE IF NOT EXISTS alerts (call INTEGER NOT NULL REFERENCES calls(id), rule TEXT NOT NULL,
          t_s REAL NOT NULL, start_s REAL NOT NULL, phase TEXT);
        CREATE TABLE IF NOT EXISTS agents (agent TEXT PRIMARY KEY, calls INTEGER, failed INTEGER, mono_calls INTEGER, hours REAL,
          agent_share_mean REAL, agent_share_sd REAL, interruptions_per_hour REAL, backchannels_per_hour REAL,
          silence_gaps_per_hour REAL, longest_monologue_s REAL, nods_per_customer_min_mean REAL,
          interrupted_opening_share REAL);
        CREATE INDEX IF NOT EXISTS calls_agent ON calls(agent);
        CREATE INDEX IF NOT EXISTS calls_call_id ON calls(call_id);
        CREATE INDEX IF NOT EXISTS events_call ON events(call, type);
        CREATE INDEX IF NOT EXISTS alerts_call ON alerts(call, rule);
        CREATE INDEX IF NOT EXISTS events_type ON events(type, by);
        CREATE INDEX IF NOT EXISTS alerts_rule ON alerts(rule);
        PRAGMA user_version = \(schemaVersion);
        """

    /// The schema's version, in the database's `user_version` for loaders to check: 2 for the tables above (1
    /// before `record`; 0, the SQLite default, in databases written before it was set). A database of a later
    /// version, written by a newer Earshot, is refused.
    static let schemaVersion = 2

    /// Columns added to the calls table after it was first written, with their types: a database without them
    /// gets them (its rows have them NULL until analysed again).
    static let laterColumns = [
        ("silence_gap_threshold_s", "REAL"), ("unacknowledged_threshold_s", "REAL"), ("record", "TEXT"),
    ]

    /// The calls table's columns this Earshot writes, in the order of its insert.
    static let callColumns =
        [
            "path", "resolved_path", "size", "modified", "fingerprint", "agent", "call_id", "agent_channel", "channels",
            "sample_rate", "duration_s",
        ] + SummaryColumns.keys + ["flags", "error"] + laterColumns.map(\.0)

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

    /// Adds the columns of `laterColumns` to a calls table written before they were.
    private static func addLaterColumns(_ db: OpaquePointer, path: String) throws(Failure) {
        let present = try columns(of: "calls", in: db, path: path)
        guard !present.isEmpty else { return }
        for (column, type) in laterColumns where !present.contains(column) {
            try exec(db, "ALTER TABLE calls ADD COLUMN \(column) \(type);", path: path)
        }
    }

    /// - Throws: `Failure` when the database was written by a newer Earshot (a later `user_version`), or its calls
    ///   table lacks a column Earshot writes (dropped or renamed since): refused before a batch, not after it.
    private static func refuseNewerOrChanged(_ db: OpaquePointer, path: String) throws(Failure) {
        let version = try integer(
            prepare(db, "PRAGMA user_version", path: path), [], db: db, path: path, finalize: true)
        if version > schemaVersion {
            throw Failure(
                message: "cannot write database '\(path)': it was written by a newer Earshot (schema version "
                    + "\(version); this one writes \(schemaVersion)); give --db another file, or use that Earshot")
        }
        let present = try columns(of: "calls", in: db, path: path)
        let missing = callColumns.filter { column in
            !present.contains(column) && !laterColumns.contains { $0.0 == column }
        }
        if !present.isEmpty && !missing.isEmpty {
            throw Failure(
                message: "cannot write database '\(path)': its calls table lacks the column(s) "
                    + "\(missing.joined(separator: ", ")) (changed since Earshot wrote it); give --db another file")
        }
    }

    /// Creates the database file, when missing, with the permissions the umask gives every other output (SQLite
    /// itself would create it 0644 whatever the umask, so a group sharing the file could not write it).
    private static func createUnderUmask(_ path: String) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        if descriptor >= 0 { close(descriptor) }
    }

    /// Whether the database was written by an earlier Earshot (its calls table has Earshot's columns but no
    /// `resolved_path`).
    /// - Throws: `Failure` when it has a `calls` table that Earshot did not write.
    private static func isOlderSchema(_ db: OpaquePointer, path: String) throws(Failure) -> Bool {
        let columns = try self.columns(of: "calls", in: db, path: path)
        guard !columns.isEmpty, !columns.contains("resolved_path") else { return false }
        guard columns.contains("fingerprint"), columns.contains("agent_share") else {
            throw foreignTable("calls", path: path)
        }
        return true
    }

    /// The column names of `table` (none when there is no such table).
    private static func columns(of table: String, in db: OpaquePointer, path: String) throws(Failure) -> Set<String> {
        let query = try prepare(db, "SELECT name FROM pragma_table_info('\(table)')", path: path)
        defer { sqlite3_finalize(query) }
        var columns: Set<String> = []
        while sqlite3_step(query) == SQLITE_ROW {
            if let name = sqlite3_column_text(query, 0) { columns.insert(String(cString: name)) }
        }
        return columns
    }

    private static func foreignTable(_ table: String, path: String) -> Failure {
        Failure(
            message: "cannot write database '\(path)': it has a table '\(table)' that Earshot did not write; "
                + "give --db another file")
    }

    /// Before anything is written (`analyze --db`, `merge --db`): makes the database's folder, and checks that
    /// the file can be written and holds no table of the user's own under one of Earshot's names.
    /// - Throws: the output error or `Failure`, naming the file.
    static func prepare(_ path: String) throws {
        try AtomicFile.createFolder(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        try AtomicFile.checkWritable(path)
        try checkTables(path)
    }

    /// Checks, before a batch, that the database at `path` (if there is one) has no table of the user's own under
    /// the name of one of Earshot's. - Throws: `Failure` naming the file and the table.
    static func checkTables(_ path: String) throws(Failure) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        var handle: OpaquePointer?
        defer { sqlite3_close(handle) }
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, nil) == SQLITE_OK, let db = handle else {
            throw Failure(message: "cannot open database '\(path)': \(String(cString: sqlite3_errmsg(handle)))")
        }
        sqlite3_busy_timeout(db, 60_000)
        if try isOlderSchema(db, path: path) { return }  // its tables are made afresh
        try refuseForeignTables(db, path: path)
        try refuseNewerOrChanged(db, path: path)
    }

    /// - Throws: `Failure` when the database has an `events`, `alerts` or `agents` table without Earshot's
    ///   columns: a table of the user's own, which Earshot's rows would otherwise be written into or over.
    private static func refuseForeignTables(_ db: OpaquePointer, path: String) throws(Failure) {
        let signatures = [
            ("events", ["call", "type", "by", "start_s", "end_s"]), ("alerts", ["call", "rule", "t_s", "start_s"]),
            ("agents", ["agent", "calls", "failed", "hours"]),
        ]
        for (table, needed) in signatures {
            let columns = try self.columns(of: table, in: db, path: path)
            if !columns.isEmpty && !columns.isSuperset(of: needed) { throw foreignTable(table, path: path) }
        }
    }

    /// Recomputes the agents table over every call in the database (this batch's and earlier ones).
    private static func rebuildAgents(_ db: OpaquePointer, path: String) throws(Failure) {
        let query = try prepare(
            db,
            "SELECT agent, error, flags, duration_s, agent_share, interruptions_by_agent, backchannels_by_agent, "
                + "silence_gaps, longest_agent_monologue_s, agent_nods_per_customer_min, opening_interrupted FROM calls",
            path: path)
        defer { sqlite3_finalize(query) }
        let text = { (column: Int32) -> String? in
            sqlite3_column_text(query, column).map { String(cString: $0) }
        }
        let number = { (column: Int32) -> Double? in
            sqlite3_column_type(query, column) == SQLITE_NULL ? nil : sqlite3_column_double(query, column)
        }
        var tally = BatchTables.AgentTally()
        while sqlite3_step(query) == SQLITE_ROW {
            var summary: [String: Any] = [:]
            summary["agent_share"] = number(4)
            summary["interruptions_by_agent"] = number(5).map { Int($0) }
            summary["backchannels_by_agent"] = number(6).map { Int($0) }
            summary["silence_gaps"] = number(7).map { Int($0) }
            summary["longest_agent_monologue_s"] = number(8)
            summary["agent_nods_per_customer_min"] = number(9)
            summary["opening_interrupted"] = number(10).map { $0 != 0 }
            let error = text(1)
            tally.add(
                CallRecord(
                    path: "", resolvedPath: "", size: 0, modified: 0, fingerprint: "", agent: text(0), callID: nil,
                    agentChannel: 0, channels: nil,
                    report: error == nil ? ["duration_s": number(3) ?? 0, "summary": summary] : nil, error: error,
                    flags: (text(2) ?? "").split(separator: ";").map(String.init)))
        }
        try exec(db, "DELETE FROM agents;", path: path)
        let agentInsert = try prepare(db, "INSERT INTO agents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", path: path)
        defer { sqlite3_finalize(agentInsert) }
        for a in tally.agents {
            try run(
                agentInsert,
                [
                    a.agent, a.calls, a.failed, a.mono, a.hours, a.meanShare, a.shareSpread,
                    a.perStereoHour(a.interruptions), a.perStereoHour(a.backchannels), a.perHour(a.silenceGaps),
                    a.longestMonologueIfAny, a.meanNods,
                    a.interruptedOpeningShare,
                ], db: db, path: path)
        }
    }

    private static func prepare(_ db: OpaquePointer, _ sql: String, path: String) throws(Failure) -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw failure(db, path: path)
        }
        return statement
    }

    /// SQLITE_TRANSIENT: SQLite copies bound text before the Swift string goes away.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// The integer that `statement` (a query of one row and column) gives with `values` bound; `finalize`: the
    /// statement is finalized after.
    private static func integer(
        _ statement: OpaquePointer, _ values: [Any?], db: OpaquePointer, path: String, finalize: Bool = false
    ) throws(Failure) -> Int64 {
        defer { if finalize { sqlite3_finalize(statement) } }
        bind(statement, values)
        guard sqlite3_step(statement) == SQLITE_ROW else {
            throw failure(db, path: path)
        }
        return sqlite3_column_int64(statement, 0)
    }

    /// The text of the first row that `statement` gives with `values` bound, or nil when there is none.
    private static func text(
        _ statement: OpaquePointer, _ values: [Any?], db: OpaquePointer, path: String
    ) throws(Failure) -> String? {
        bind(statement, values)
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return sqlite3_column_text(statement, 0).map { String(cString: $0) }
        case SQLITE_DONE: return nil
        default: throw failure(db, path: path)
        }
    }

    /// What SQLite said of the last call on `db`, naming the file; when another program held the database for
    /// the whole minute waited, who that may be and what is kept.
    private static func failure(_ db: OpaquePointer, path: String) -> Failure {
        var message = "cannot write database '\(path)': \(String(cString: sqlite3_errmsg(db)))"
        if sqlite3_errcode(db) == SQLITE_BUSY {
            message +=
                " (for a minute: another program held it, such as a reader inside a transaction; the output "
                + "folder is complete, and --resume fills the database later)"
        }
        return Failure(message: message)
    }

    private static func run(
        _ statement: OpaquePointer, _ values: [Any?], db: OpaquePointer, path: String
    ) throws(Failure) {
        bind(statement, values)
        guard sqlite3_step(statement) == SQLITE_DONE else {
            throw failure(db, path: path)
        }
    }

    private static func bind(_ statement: OpaquePointer, _ values: [Any?]) {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        for (index, value) in values.enumerated() {
            let i = Int32(index + 1)
            switch value {
            case let v as Bool: sqlite3_bind_int64(statement, i, v ? 1 : 0)
            case let v as Int: sqlite3_bind_int64(statement, i, Int64(v))
            case let v as Double: sqlite3_bind_double(statement, i, v)
            case let v as NSNumber: sqlite3_bind_double(statement, i, v.doubleValue)
            case let v as String: sqlite3_bind_text(statement, i, v, -1, transient)
            default: sqlite3_bind_null(statement, i)
            }
        }
    }

    private static func exec(_ db: OpaquePointer, _ sql: String, path: String) throws(Failure) {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
            throw failure(db, path: path)
        }
    }
}
