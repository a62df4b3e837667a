import Foundation

/// Keeps two runs from writing one output folder at once (nightly batches from cron that overlap would each analyse
/// every file and write the same tables): an advisory lock on the folder's `.earshot-lock`, held until the process
/// ends however it ends, with the holder's process id in the file for the message.
enum OutputFolderLock {
    /// The lock file's name in an output folder.
    static let fileName = ".earshot-lock"

    /// Takes the lock of `folder` (which exists). - Throws: `OutputError` naming the folder and the process that
    /// holds it. A file system without locks (some network shares) is used without one.
    static func acquire(in folder: String) throws {
        let path = (folder as NSString).appendingPathComponent(fileName)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else {
            // Review A: the message named this file, which the user never gave, not the folder.
            let code = errno
            // A folder one may write in can still hold another user's lock file one may not (review R).
            let reason =
                if code == EROFS {
                    "it is on a read-only file system"
                } else if (code == EACCES || code == EPERM) && access(folder, W_OK | X_OK) != 0 {
                    "no permission to write in it"
                } else {
                    "its lock file \(fileName): \(String(cString: strerror(code)))"
                }
            throw OutputError(.outputFailed, "cannot write in the output folder '\(folder)': \(reason)")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            var bytes = [UInt8](repeating: 0, count: 32)
            let count = busy ? pread(descriptor, &bytes, bytes.count, 0) : 0
            close(descriptor)
            guard busy else { return }
            let holder =
                Int32(
                    String(decoding: bytes.prefix(max(0, count)), as: UTF8.self).trimmingCharacters(
                        in: .whitespacesAndNewlines)
                ).map { " (process \($0))" } ?? ""
            throw OutputError(
                .outputFailed,
                "another Earshot run\(holder) is writing the output folder '\(folder)': wait for it to end, or give "
                    + "another --output")
        }
        let pid = Array("\(getpid())\n".utf8)
        ftruncate(descriptor, 0)
        _ = pwrite(descriptor, pid, pid.count, 0)
        // The descriptor is never closed: the lock is held until the process ends.
    }
}
