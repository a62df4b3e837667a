import Foundation

/// Which symbolic links Earshot follows to write an output, anywhere on the way (the file's own name, its folders,
/// and the folders of what its links lead to): those that belong to the user running it or to root, and those of
/// the user who owns the folder they are in when no one else can write there (a colleague's link in their own
/// folder). A link that someone else could have put in a folder they can write to is refused, so that whoever can
/// write to a shared folder on the way cannot make Earshot write a file elsewhere (the kernel's
/// `protected_symlinks` guards only the last name, in shared folders such as /tmp).
enum OutputLinks {
    /// `path` and every name its own symbolic links lead to, in order (the last is not a link; it may not exist),
    /// every link met on the way, in those names and their folders, checked.
    /// - Throws: `OutputError` naming `path` (as the user gave it) for a link of another user, or a loop.
    static func chain(from path: String) throws -> [String] {
        var chain = [path]
        try checkFolders(of: path, named: path)
        for _ in 0..<40 {
            let current = chain[chain.count - 1]
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK,
                let link = try? FileManager.default.destinationOfSymbolicLink(atPath: current)
            else { return chain }
            try checkOwner(ofLink: current, info, named: path)
            let folder = ParentPath.of(current) as NSString
            let next = link.hasPrefix("/") ? link : folder.appendingPathComponent(link)
            try checkFolders(of: next, named: path)
            chain.append(next)
        }
        throw OutputError(.outputFailed, "cannot write '\(path)': too many levels of symbolic links")
    }

    /// Checks the links met in resolving the folders of `path`, component by component as the kernel does.
    /// Stops at the first that does not exist (nothing beyond it can be a link yet).
    static func checkFolders(of path: String, named name: String) throws {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var pending = Array(ParentPath.of(absolute).split(separator: "/").map(String.init))
        var resolved = ""
        var hops = 0
        while !pending.isEmpty {
            let component = pending.removeFirst()
            if component == "." { continue }
            if component == ".." {
                resolved = ParentPath.of(resolved)
                if resolved == "/" { resolved = "" }
                continue
            }
            let next = resolved + "/" + component
            var info = stat()
            guard lstat(next, &info) == 0 else { return }
            guard info.st_mode & S_IFMT == S_IFLNK else {
                resolved = next
                continue
            }
            try checkOwner(ofLink: next, info, named: name)
            hops += 1
            guard hops <= 40, let link = try? FileManager.default.destinationOfSymbolicLink(atPath: next) else {
                throw OutputError(.outputFailed, "cannot write '\(name)': too many levels of symbolic links")
            }
            if link.hasPrefix("/") { resolved = "" }
            pending = link.split(separator: "/").map(String.init) + pending
        }
    }

    /// Refuses a symbolic link that belongs neither to the user running Earshot nor to root, unless it belongs to
    /// the owner of its folder and no one else can write there.
    private static func checkOwner(ofLink link: String, _ info: stat, named path: String) throws {
        guard info.st_uid != geteuid() && info.st_uid != 0 else { return }
        var folder = stat()
        let parent = ParentPath.of(link)
        if stat(parent.isEmpty ? "." : parent, &folder) == 0, folder.st_uid == info.st_uid,
            folder.st_mode & (S_IWGRP | S_IWOTH) == 0
        {
            return
        }
        let shown = link == path ? "it" : "'\(link)'"
        throw OutputError(
            .outputFailed,
            "cannot write '\(path)': \(shown) is a symbolic link that belongs to another user "
                + "(uid \(info.st_uid)) in a folder that others can write to or that is not theirs, which Earshot "
                + "does not follow; remove it or write elsewhere")
    }
}
