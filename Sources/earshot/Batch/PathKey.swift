/// A path compared byte for byte. Swift's `String` equality is canonical equivalence, under which `café.wav`
/// spelt with a precomposed é (NFC, as most tools write it) and with e and a combining accent (NFD, as macOS
/// wrote it) are one string, but they are two files on Linux: keyed by `String`, a batch would keep one of them
/// and silently drop the other.
struct PathKey: Hashable {
    private let bytes: [UInt8]

    init(_ path: String) { bytes = Array(path.utf8) }

    /// The batch's order of paths: by their bytes (the order `sort` and `ls` give under the C locale), so that
    /// two paths that differ in bytes never tie.
    static func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// The tables' order of calls: by their paths as given, and one name given from two folders (`x.wav`, run
    /// from each) by the paths they resolve to, so that the rows come in the same order on every run.
    static func precedes(_ a: (path: String, resolved: String), _ b: (path: String, resolved: String)) -> Bool {
        a.path.utf8.elementsEqual(b.path.utf8) ? precedes(a.resolved, b.resolved) : precedes(a.path, b.path)
    }
}
