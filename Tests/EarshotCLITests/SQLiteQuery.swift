import CSQLite
import Foundation

/// Reads numbers and text out of a results database, for the batch tests.
enum SQLiteQuery {
    /// The integer in the first column of the first row of `sql`.
    static func count(_ path: String, _ sql: String) throws -> Int {
        try rows(path, sql).first.flatMap { $0.first ?? nil }.flatMap { Int($0) } ?? -1
    }

    /// Every row of `sql`, each column as text (`nil` for NULL).
    static func rows(_ path: String, _ sql: String) throws -> [[String?]] {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else {
            throw CocoaError(.fileReadUnknown)
        }
        defer { sqlite3_close(db) }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else {
            throw CocoaError(.fileReadCorruptFile)
        }
        defer { sqlite3_finalize(statement) }
        var rows: [[String?]] = []
        while sqlite3_step(statement) == SQLITE_ROW {
            rows.append(
                (0..<sqlite3_column_count(statement)).map { column in
                    sqlite3_column_text(statement, column).map { String(cString: $0) }
                })
        }
        return rows
    }
}
