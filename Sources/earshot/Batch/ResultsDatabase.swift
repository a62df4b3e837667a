import CSQLite
import Foundation

/// The batch results in SQLite (tables calls, events, alerts, agents, with indexes). A database that exists
/// keeps its other calls (and any tables of its own): the batch's calls replace their earlier rows, found by
/// resolved path (a call keeps its id), and the agents table is recomputed over every call in it, all in one
/// transaction.
enum ResultsDatabase {
    typealias Failure = EarshotError

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
          flags TEXT, error TEXT, silence_gap_threshold_s REAL, unacknowledged_threshold_s REAL,
          dominance_share_threshold REAL, monologue_threshold_s REAL, record TEXT, longest_silence_gap_s REAL);
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
    static let laterColumns =
        BatchTables.thresholdColumns.map { ($0, "REAL") } + [
            ("record", "TEXT"), (BatchTables.longestGapColumn, "REAL"),
        ]

    /// The calls table's columns this Earshot writes, in the order of its insert.
    static let callColumns =
        [
            "path", "resolved_path", "size", "modified", "fingerprint", "agent", "call_id", "agent_channel", "channels",
            "sample_rate", "duration_s",
        ] + SummaryColumns.keys + ["flags", "error"] + laterColumns.map(\.0)

    /// Adds the columns of `laterColumns` to a calls table written before they were.
    static func addLaterColumns(_ db: OpaquePointer, path: String) throws(Failure) {
        let present = try columns(of: "calls", in: db, path: path)
        guard !present.isEmpty else { return }
        for (column, type) in laterColumns where !present.contains(column) {
            try exec(db, "ALTER TABLE calls ADD COLUMN \(column) \(type);", path: path)
        }
    }

    /// - Throws: `Failure` when the database was written by a newer Earshot (a later `user_version`), whatever
    ///   its tables look like: refused before a batch, not after it.
    static func refuseNewer(_ db: OpaquePointer, path: String) throws(Failure) {
        let version = try integer(
            compile(db, "PRAGMA user_version", path: path), [], db: db, path: path, finalize: true)
        if version > schemaVersion {
            throw Failure(
                .database,
                "cannot write database '\(path)': it was written by a newer Earshot (schema version "
                    + "\(version); this one writes \(schemaVersion)); give --db another file, or use that Earshot")
        }
    }

    /// - Throws: `Failure` when the calls table lacks a column Earshot writes (dropped or renamed since), other
    ///   than those of `laterColumns`, which are added back.
    static func refuseChanged(_ db: OpaquePointer, path: String) throws(Failure) {
        let present = try columns(of: "calls", in: db, path: path)
        let missing = callColumns.filter { column in
            !present.contains(column) && !laterColumns.contains { $0.0 == column }
        }
        if !present.isEmpty && !missing.isEmpty {
            throw Failure(
                .database,
                "cannot write database '\(path)': its calls table lacks the column(s) "
                    + "\(missing.joined(separator: ", ")) (changed since Earshot wrote it); give --db another file")
        }
    }

    /// Creates the database file, when missing, with the permissions the umask gives every other output (SQLite
    /// itself would create it 0644 whatever the umask, so a group sharing the file could not write it).
    /// - Returns: whether it was created here (and is to be removed if nothing could be written to it).
    @discardableResult
    static func createUnderUmask(_ path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { return false }
        close(descriptor)
        return true
    }

    /// Removes a database file this run created that is still empty (its writing failed: a full disk), so that no
    /// 0-byte database is left behind as if it held results.
    static func removeIfEmpty(_ path: String, created: Bool) {
        var status = stat()
        guard created, stat(path, &status) == 0, status.st_size == 0 else { return }
        unlink(path)
        unlink(path + "-journal")
    }

    /// Whether the database was written by an earlier Earshot (its calls table has Earshot's columns but no
    /// `resolved_path`).
    /// - Throws: `Failure` when it has a `calls` table that Earshot did not write.
    static func isOlderSchema(_ db: OpaquePointer, path: String) throws(Failure) -> Bool {
        let columns = try self.columns(of: "calls", in: db, path: path)
        guard !columns.isEmpty, !columns.contains("resolved_path") else { return false }
        guard columns.contains("fingerprint"), columns.contains("agent_share") else {
            throw foreignTable("calls", path: path)
        }
        return true
    }

    /// The column names of `table` (none when there is no such table).
    static func columns(of table: String, in db: OpaquePointer, path: String) throws(Failure) -> Set<String> {
        let query = try compile(db, "SELECT name FROM pragma_table_info('\(table)')", path: path)
        defer { sqlite3_finalize(query) }
        var columns: Set<String> = []
        while sqlite3_step(query) == SQLITE_ROW {
            if let name = sqlite3_column_text(query, 0) { columns.insert(String(cString: name)) }
        }
        return columns
    }

    static func foreignTable(_ table: String, path: String) -> Failure {
        Failure(
            .database,
            "cannot write database '\(path)': it has a table '\(table)' that Earshot did not write; "
                + "give --db another file")
    }

    /// Before anything is written (`analyze --db`, `merge --db`): makes the database's folder, and checks that
    /// the file can be written and holds no table of the user's own under one of Earshot's names.
    /// - Parameters:
    ///   - path: the database.
    ///   - notDone: what a database held by another program leaves undone, and how to go on, for its error.
    /// - Throws: the output error or `Failure`, naming the file.
    static func checkBeforeBatch(
        _ path: String, notDone: String = "nothing was analysed: run the batch again once the database is free"
    ) throws {
        try AtomicFile.refuseFolderName(path)  // before its folder is made (`--db a/b.db/` left an empty `a`)
        try AtomicFile.createFolder(
            ParentPath.of(path).isEmpty ? "." : ParentPath.of(path), as: "the database's folder")
        try AtomicFile.checkWritable(path)
        do {
            try checkExisting(path)
        } catch {
            guard error.kind == .databaseBusy else { throw error }
            // Review A: said as a reader's hold at the end of a batch is, it left one to think the output was written;
            // here only a writer can hold it (review R: a reader does not keep this check waiting).
            let wait =
                StopSignal.isRequested
                ? "and a stop signal ended the wait"
                : "for a minute (another batch, or a program writing to it)"
            throw Failure(
                error.kind, "cannot use database '\(path)': another program held it for writing, \(wait); \(notDone)")
        }
    }

    /// Checks, before a batch, that the database at `path` (if there is one) is not a newer Earshot's, has no table
    /// of the user's own under the name of one of Earshot's, has every column Earshot writes, and can be written
    /// where it is: SQLite writes the file in place, so a file without write permission (or on a read-only mount)
    /// in a writable folder would fail only once the batch is done. - Throws: `Failure` naming the file and the
    /// problem.
    static func checkExisting(_ path: String) throws(Failure) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        var handle: OpaquePointer?
        defer { sqlite3_close(handle) }
        // Opened for writing (nothing is written), SQLite falls back to reading when it may not write, and says so.
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK, let db = handle else {
            throw Failure(.database, "cannot open database '\(path)': \(String(cString: sqlite3_errmsg(handle)))")
        }
        sqlite3_busy_handler(db, busyWait, nil)  // a minute, or until a stop signal (it was a minute whatever came)
        try refuseNewer(db, path: path)
        if try !isOlderSchema(db, path: path) {  // an older one's tables are made afresh
            try refuseForeignTables(db, path: path)
            try refuseChanged(db, path: path)
        }
        guard sqlite3_db_readonly(db, "main") == 0 else {
            throw Failure(
                .database,
                "cannot write database '\(path)': it can only be read (its permissions, or a read-only disk); make it "
                    + "writable for this user, or give another --db")
        }
    }

    /// - Throws: `Failure` when the database has an `events`, `alerts` or `agents` table without Earshot's
    ///   columns: a table of the user's own, which Earshot's rows would otherwise be written into or over.
    static func refuseForeignTables(_ db: OpaquePointer, path: String) throws(Failure) {
        let signatures = [
            ("events", ["call", "type", "by", "start_s", "end_s"]), ("alerts", ["call", "rule", "t_s", "start_s"]),
            ("agents", ["agent", "calls", "failed", "hours"]),
        ]
        for (table, needed) in signatures {
            let columns = try self.columns(of: table, in: db, path: path)
            if !columns.isEmpty && !columns.isSuperset(of: needed) { throw foreignTable(table, path: path) }
        }
    }
}
