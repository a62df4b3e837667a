import CSQLite
import Foundation

/// The SQLite calls the results database is written with: each failure names the file.
extension ResultsDatabase {
    /// `sql` compiled for `db`.
    static func compile(_ db: OpaquePointer, _ sql: String, path: String) throws(Failure) -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw failure(db, path: path)
        }
        return statement
    }

    /// SQLITE_TRANSIENT: SQLite copies bound text before the Swift string goes away.
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// The integer that `statement` (a query of one row and column) gives with `values` bound; `finalize`: the
    /// statement is finalized after.
    static func integer(
        _ statement: OpaquePointer, _ values: [Any?], db: OpaquePointer, path: String, finalize: Bool = false
    ) throws(Failure) -> Int64 {
        defer { if finalize { sqlite3_finalize(statement) } }
        bind(statement, values)
        guard sqlite3_step(statement) == SQLITE_ROW else {
            throw failure(db, path: path)
        }
        return sqlite3_column_int64(statement, 0)
    }

    /// The first column of every row that `statement` gives with `values` bound, as text.
    static func texts(
        _ statement: OpaquePointer, _ values: [Any?], db: OpaquePointer, path: String
    ) throws(Failure) -> [String] {
        bind(statement, values)
        var rows: [String] = []
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_ROW: rows.append(sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? "")
            case SQLITE_DONE: return rows
            default: throw failure(db, path: path)
            }
        }
    }

    /// What SQLite said of the last call on `db`, naming the file; when another program held the database for
    /// the whole minute waited, who that may be (the caller says what is kept and how to go on).
    static func failure(_ db: OpaquePointer, path: String) -> Failure {
        var message = "cannot write database '\(path)': \(String(cString: sqlite3_errmsg(db)))"
        let busy = sqlite3_errcode(db) == SQLITE_BUSY
        if busy {
            message +=
                StopSignal.isRequested
                ? " (another program held it, a reader inside a transaction or a writer, and a stop signal ended the "
                    + "wait)"
                : " (for a minute: another program held it, a reader inside a transaction or a writer)"
        }
        let full = sqlite3_errcode(db) == SQLITE_FULL
        return Failure(busy ? .databaseBusy : full ? .databaseFull : .database, message)
    }

    /// SQLite's wait for a database another program holds (a reader inside a transaction, another batch): up to a
    /// minute in 20 ms steps, and no longer once a stop signal has come (Ctrl-C; SIGTERM from cron or systemd), so
    /// that a stopped batch still exits promptly, its tables written and the database left as it was.
    static let busyWait: @convention(c) (UnsafeMutableRawPointer?, Int32) -> Int32 = { _, count in
        guard !StopSignal.isRequested, count < 3_000 else { return 0 }
        usleep(20_000)
        return 1
    }

    /// Runs `statement` (one that returns no rows) with `values` bound.
    static func run(
        _ statement: OpaquePointer, _ values: [Any?], db: OpaquePointer, path: String
    ) throws(Failure) {
        bind(statement, values)
        guard sqlite3_step(statement) == SQLITE_DONE else {
            throw failure(db, path: path)
        }
    }

    /// Binds `values` to `statement`'s parameters in order, after resetting it: numbers, text, NULL for nil.
    static func bind(_ statement: OpaquePointer, _ values: [Any?]) {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        for (index, value) in values.enumerated() {
            let i = Int32(index + 1)
            switch value {
            case let v as Bool: sqlite3_bind_int64(statement, i, v ? 1 : 0)
            case let v as Int: sqlite3_bind_int64(statement, i, Int64(v))
            case let v as Double: sqlite3_bind_double(statement, i, v)
            case let v as NSNumber: sqlite3_bind_double(statement, i, v.doubleValue)
            // A NUL would end the text for SQLite, as for the CSV tables, which drop it: dropped here too.
            case let v as String: sqlite3_bind_text(statement, i, v.replacing("\0", with: ""), -1, transient)
            default: sqlite3_bind_null(statement, i)
            }
        }
    }

    /// Runs `sql`, one or more statements without parameters.
    static func exec(_ db: OpaquePointer, _ sql: String, path: String) throws(Failure) {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
            throw failure(db, path: path)
        }
    }
}
