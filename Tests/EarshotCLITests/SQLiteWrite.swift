import CSQLite
import Foundation

/// Writes to a results database as another program would, for the batch tests.
enum SQLiteWrite {
    /// Runs `sql` (one or more statements) on the database at `path`.
    static func exec(_ path: String, _ sql: String) throws {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw CocoaError(.fileWriteUnknown) }
        defer { sqlite3_close(db) }
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw CocoaError(.fileWriteUnknown) }
    }
}
