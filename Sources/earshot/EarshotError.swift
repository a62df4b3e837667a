/// What went wrong in the `earshot` command, for people: this module's one error type (STYLE.md). `kind` says which
/// part failed, for code that reacts to it; `message` says what failed, on which file, why and what to do.
struct EarshotError: Error, CustomStringConvertible {
    enum Kind: Sendable {
        /// A label, truth or detections file that cannot be read or makes no sense.
        case badLabels
        /// A manifest that cannot be read, or a CSV field left open.
        case badManifest
        /// An output (report, table, page, scratch file) that cannot be written.
        case outputFailed
        /// An output that cannot be written because its disk, or the user's quota, is full: a batch stops taking
        /// files (each would fail the same way).
        case outputFull
        /// The `--db` database could not be opened, checked or written.
        case database
        /// The database was held by another program for the whole minute waited (or until a stop signal).
        case databaseBusy
        /// The database's disk is full.
        case databaseFull
    }

    var kind: Kind
    var message: String
    var description: String { message }

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}
