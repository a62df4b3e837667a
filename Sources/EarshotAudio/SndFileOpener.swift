internal import CSndFile
internal import Glibc
import Synchronization

/// Opens files with libsndfile one at a time. The library keeps the reason a file failed to open in one
/// process-wide variable, which an open on another thread (a batch analyses files in parallel) can
/// overwrite before it is read: the error would then say "No Error." instead of why the file is bad.
enum SndFileOpener {
    private static let lock = Mutex(())

    /// `sf_open(path, mode, &info)`.
    /// - Throws: `Failure` with the library's reason (`sf_strerror`) and the system's `errno`.
    static func open(_ path: String, mode: Int32, info: inout SF_INFO) throws(Failure) -> OpaquePointer {
        let opened: Result<OpaquePointer, Failure> = lock.withLock { _ in
            errno = 0
            if let handle = sf_open(path, mode, &info) { return .success(handle) }
            let code = errno
            return .failure(Failure(reason: String(cString: sf_strerror(nil)), errno: code))
        }
        return try opened.get()
    }

    /// `sf_open_fd(descriptor, mode, &info, SF_TRUE)`: libsndfile takes the descriptor and closes it, with the
    /// file or when the open fails. - Throws: `Failure` as `open`.
    static func open(descriptor: Int32, mode: Int32, info: inout SF_INFO) throws(Failure) -> OpaquePointer {
        let opened: Result<OpaquePointer, Failure> = lock.withLock { _ in
            errno = 0
            if let handle = sf_open_fd(descriptor, mode, &info, Int32(SF_TRUE)) { return .success(handle) }
            let code = errno
            return .failure(Failure(reason: String(cString: sf_strerror(nil)), errno: code))
        }
        return try opened.get()
    }

    /// Why `open` failed.
    struct Failure: Error {
        /// libsndfile's words.
        let reason: String
        /// The system's error number right after the attempt (0 if none).
        let errno: Int32
    }
}
