import CSQLite
import Foundation

/// The batch results in SQLite (tables calls, events, alerts, agents, with indexes), written to a
/// temporary file and renamed into place, so a reader never sees half a database.
enum ResultsDatabase {
    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static let schema = """
        CREATE TABLE calls (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, size INTEGER, modified REAL,
          fingerprint TEXT, agent TEXT, call_id TEXT, agent_channel INTEGER, channels INTEGER, sample_rate INTEGER,
          duration_s REAL, agent_talk_s REAL, customer_talk_s REAL, overlap_s REAL, silence_s REAL, agent_share REAL,
          interruptions_by_agent INTEGER, interruptions_by_customer INTEGER, backchannels_by_agent INTEGER,
          backchannels_by_customer INTEGER, silence_gaps INTEGER, longest_agent_monologue_s REAL,
          longest_customer_monologue_s REAL, response_gap_mean_s REAL, response_gap_median_s REAL,
          switches_per_min REAL, agent_nods_per_customer_min REAL, longest_unacknowledged_s REAL,
          unacknowledged_stretches_20s INTEGER, opening_account_s REAL, opening_interrupted INTEGER, opening_nods INTEGER,
          flags TEXT, error TEXT);
        CREATE TABLE events (call INTEGER NOT NULL REFERENCES calls(id), type TEXT NOT NULL, by TEXT,
          start_s REAL NOT NULL, end_s REAL NOT NULL);
        CREATE TABLE alerts (call INTEGER NOT NULL REFERENCES calls(id), rule TEXT NOT NULL, t_s REAL NOT NULL,
          start_s REAL NOT NULL);
        CREATE TABLE agents (agent TEXT PRIMARY KEY, calls INTEGER, failed INTEGER, mono_calls INTEGER, hours REAL,
          agent_share_mean REAL, agent_share_sd REAL, interruptions_per_hour REAL, backchannels_per_hour REAL,
          silence_gaps_per_hour REAL, longest_monologue_s REAL, nods_per_customer_min_mean REAL,
          interrupted_opening_share REAL);
        CREATE INDEX calls_agent ON calls(agent);
        CREATE INDEX calls_call_id ON calls(call_id);
        CREATE INDEX events_call ON events(call, type);
        CREATE INDEX alerts_call ON alerts(call, rule);
        """

    /// Writes every record into a new database at `path`.
    /// - Throws: `Failure` naming the file and SQLite's reason.
    static func write(_ records: [CallRecord], to path: String) throws(Failure) {
        let temporary = path + ".\(getpid()).tmp"
        unlink(temporary)
        var handle: OpaquePointer?
        guard sqlite3_open(temporary, &handle) == SQLITE_OK, let db = handle else {
            throw Failure(message: "cannot create database '\(path)': \(String(cString: sqlite3_errmsg(handle)))")
        }
        do {
            try exec(db, schema + "BEGIN;", path: path)
            try insert(records, into: db, path: path)
            try exec(db, "COMMIT;", path: path)
        } catch {
            sqlite3_close(db)
            unlink(temporary)
            throw error
        }
        sqlite3_close(db)
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw Failure(message: "cannot write database '\(path)': \(String(cString: strerror(errno)))")
        }
    }

    private static func insert(_ records: [CallRecord], into db: OpaquePointer, path: String) throws(Failure) {
        let callColumns =
            [
                "path", "size", "modified", "fingerprint", "agent", "call_id", "agent_channel", "channels",
                "sample_rate", "duration_s",
            ] + SummaryColumns.keys + ["flags", "error"]
        let callInsert = try prepare(
            db,
            "INSERT INTO calls (\(callColumns.joined(separator: ","))) VALUES (\(callColumns.map { _ in "?" }.joined(separator: ",")))",
            path: path)
        let eventInsert = try prepare(db, "INSERT INTO events VALUES (?,?,?,?,?)", path: path)
        let alertInsert = try prepare(db, "INSERT INTO alerts VALUES (?,?,?,?)", path: path)
        defer {
            sqlite3_finalize(callInsert)
            sqlite3_finalize(eventInsert)
            sqlite3_finalize(alertInsert)
        }
        for r in records {
            let report = r.report ?? [:]
            let summary = report["summary"] as? [String: Any] ?? [:]
            var values: [Any?] = [
                r.path, r.size, r.modified, r.fingerprint, r.agent, r.callID, r.agentChannel,
                report["channels"], report["sample_rate"], report["duration_s"],
            ]
            values += SummaryColumns.keys.map { summary[$0] }
            values += [r.flags.joined(separator: ";"), r.error]
            try run(callInsert, values, db: db, path: path)
            let id = sqlite3_last_insert_rowid(db)
            for event in report["events"] as? [[String: Any]] ?? [] {
                try run(
                    eventInsert, [Int(id), event["type"], event["by"], event["start"], event["end"]], db: db, path: path
                )
            }
            for alert in report["alerts"] as? [[String: Any]] ?? [] {
                try run(alertInsert, [Int(id), alert["rule"], alert["t"], alert["start"]], db: db, path: path)
            }
        }
        let agentInsert = try prepare(db, "INSERT INTO agents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", path: path)
        defer { sqlite3_finalize(agentInsert) }
        for a in BatchTables.agents(records) {
            try run(
                agentInsert,
                [
                    a.agent, a.calls, a.failed, a.mono, a.hours, a.meanShare, a.shareSpread, a.perHour(a.interruptions),
                    a.perHour(a.backchannels), a.perHour(a.silenceGaps), a.longestMonologue, a.meanNods,
                    a.interruptedOpeningShare,
                ], db: db, path: path)
        }
    }

    private static func prepare(_ db: OpaquePointer, _ sql: String, path: String) throws(Failure) -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw Failure(message: "cannot write database '\(path)': \(String(cString: sqlite3_errmsg(db)))")
        }
        return statement
    }

    /// SQLITE_TRANSIENT: SQLite copies bound text before the Swift string goes away.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func run(
        _ statement: OpaquePointer, _ values: [Any?], db: OpaquePointer, path: String
    ) throws(Failure) {
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
        guard sqlite3_step(statement) == SQLITE_DONE else {
            throw Failure(message: "cannot write database '\(path)': \(String(cString: sqlite3_errmsg(db)))")
        }
    }

    private static func exec(_ db: OpaquePointer, _ sql: String, path: String) throws(Failure) {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
            throw Failure(message: "cannot write database '\(path)': \(String(cString: sqlite3_errmsg(db)))")
        }
    }
}
