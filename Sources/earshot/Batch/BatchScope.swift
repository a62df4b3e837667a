/// What a batch run was asked for, so that it judges only the saved failures it can: the recordings it was given
/// (every shard's) and the folders it searched.
struct BatchScope {
    /// The resolved paths of every recording given, before `--shard`: files, manifest rows, each searched folder's
    /// recordings, and inputs that failed as given (a folder that is missing or cannot be searched).
    var given: Set<PathKey>
    /// The resolved paths of the folders given and searched.
    var searched: [String]

    /// Whether `path` is, or lies in, a folder this run searched: had it been a recording there, the search would
    /// have found it.
    func covers(_ path: String) -> Bool {
        searched.contains { path == $0 || path.hasPrefix($0 == "/" ? "/" : $0 + "/") }
    }
}
