/// What a batch run was asked for, so that it judges only the saved failures it can: the recordings it was given
/// (every shard's) and the folders it searched.
struct BatchScope {
    /// The resolved paths of every recording given, before `--shard`: files, manifest rows, each searched folder's
    /// recordings, and inputs that failed as given (a folder that is missing or cannot be searched).
    var given: Set<PathKey>
    /// The resolved paths of the folders given and searched.
    var searched: [String]

    /// Whether `path` is, or lies in, a folder this run searched, and not in a hidden one (`.x`, which the search
    /// skips): had it been a recording there, the search would have found it.
    func covers(_ path: String) -> Bool {
        searched.contains { folder in
            guard path != folder else { return true }
            let prefix = folder == "/" ? "/" : folder + "/"
            guard path.hasPrefix(prefix) else { return false }
            return !path.dropFirst(prefix.count).split(separator: "/").contains { $0.hasPrefix(".") }
        }
    }
}
