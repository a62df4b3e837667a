internal import Glibc

/// Names the calling thread, as `top -H`, debuggers and `/proc/PID/task/TID/comm` show it.
enum ThreadName {
    /// glibc's `pthread_setname_np`, which the Glibc module does not export (it needs `_GNU_SOURCE`).
    private static let setName: (@convention(c) (pthread_t, UnsafePointer<CChar>) -> Int32)? = {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pthread_setname_np").map {
            unsafeBitCast($0, to: (@convention(c) (pthread_t, UnsafePointer<CChar>) -> Int32).self)
        }
    }()

    /// Sets the calling thread's name; Linux keeps its first 15 bytes. Does nothing where glibc lacks the call.
    static func set(_ name: String) {
        guard let setName else { return }
        let bytes = name.utf8.prefix(15).map { CChar(bitPattern: $0) } + [0]
        _ = bytes.withUnsafeBufferPointer { setName(pthread_self(), $0.baseAddress!) }
    }
}
