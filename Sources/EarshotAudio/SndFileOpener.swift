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
            return .failure(Failure(reason: String(cString: sf_strerror(nil)), errno: code, log: failedOpenLog()))
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
            return .failure(Failure(reason: String(cString: sf_strerror(nil)), errno: code, log: failedOpenLog()))
        }
        return try opened.get()
    }

    /// libsndfile's log of the open that failed last (its reading of the header), kept process-wide like the
    /// reason: read under the lock.
    private static func failedOpenLog() -> String {
        var log = [CChar](repeating: 0, count: 4_096)
        _ = sf_command(nil, Int32(SFC_GET_LOG_INFO), &log, Int32(log.count))
        return String(decoding: log.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Why `open` failed.
    struct Failure: Error {
        /// libsndfile's words.
        let reason: String
        /// The system's error number right after the attempt (0 if none).
        let errno: Int32
        /// libsndfile's log of reading the header.
        var log = ""

        /// The WAV codec libsndfile cannot decode, when that is why the file could not be opened: its format tag
        /// and libsndfile's name for it ("0x64, WAVE_FORMAT_G726_ADPCM"; "0x133, unknown to libsndfile"), from
        /// `Format : 0x64 => WAVE_FORMAT_G726_ADPCM` before the failure on the 'fmt ' chunk.
        var undecodableWAVCodec: String? {
            // The reason first: the log is process-wide, and an open that fails before reading (a path too long for
            // libsndfile) leaves the previous file's there.
            let lines = log.split(separator: "\n")
            guard reason.contains("'fmt ' chunk"),
                let line = lines.first(where: { $0.contains("Format") && $0.contains(" => ") }),
                let tag = line.split(separator: " ").first(where: { $0.hasPrefix("0x") }),
                let name = line.split(separator: " => ").last.map({ $0.trimmingPrefix(" ") }), !name.isEmpty
            else { return nil }
            return "\(tag), " + (name == "Unknown format" ? "unknown to libsndfile" : String(name))
        }
    }
}
