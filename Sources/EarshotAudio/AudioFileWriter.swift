internal import CSndFile
internal import Glibc

/// Writes interleaved float samples to an audio file through libsndfile (recordings, test fixtures,
/// benchmark inputs).
public final class AudioFileWriter {
    /// Encodings the writer offers; `autoRF64` is 16-bit WAV that libsndfile turns into RF64 if it outgrows
    /// WAV's 4 GiB (for recordings of unknown length).
    public enum Encoding: String, Sendable, CaseIterable {
        /// WAV of 16, 24 or 32-bit PCM, 32-bit float, G.711 mu-law or A-law; 16-bit FLAC, WAVEX and RF64; Ogg
        /// Vorbis, Ogg Opus and MP3.
        case pcm16, pcm24, pcm32, float32, muLaw, aLaw, flac, wavex, rf64, autoRF64, vorbis, opus, mp3

        var format: Int32 {
            switch self {
            case .pcm16: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16)
            case .pcm24: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_24)
            case .pcm32: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_32)
            case .float32: Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT)
            case .muLaw: Int32(SF_FORMAT_WAV | SF_FORMAT_ULAW)
            case .aLaw: Int32(SF_FORMAT_WAV | SF_FORMAT_ALAW)
            case .flac: Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)
            case .wavex: Int32(SF_FORMAT_WAVEX | SF_FORMAT_PCM_16)
            case .rf64, .autoRF64: Int32(SF_FORMAT_RF64 | SF_FORMAT_PCM_16)
            case .vorbis: Int32(SF_FORMAT_OGG | SF_FORMAT_VORBIS)
            case .opus: Int32(SF_FORMAT_OGG | SF_FORMAT_OPUS)
            case .mp3: Int32(SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III)
            }
        }
    }

    /// The usual file extension of an encoding.
    /// - Parameter encoding: the encoding to be written.
    /// - Returns: `flac` for FLAC, `ogg` for Vorbis and Opus, `mp3` for MP3, `wav` for the rest (RF64 included).
    public static func fileExtension(_ encoding: Encoding) -> String {
        switch encoding {
        case .flac: "flac"
        case .vorbis, .opus: "ogg"
        case .mp3: "mp3"
        default: "wav"
        }
    }

    /// The file being written.
    public let path: String
    /// Channels per frame.
    public let channelCount: Int
    private var handle: OpaquePointer?
    private let sampleRate: Int
    /// Whether the header holds the length (WAV and RF64; not FLAC, Ogg or MP3, which libsndfile finishes on close).
    private let lengthInHeader: Bool
    /// Frames written since the header last gave the file's length.
    private var framesSinceHeader = 0

    /// Creates (or replaces) `path`.
    /// - Parameters:
    ///   - ownerOnly: for personal data (recordings of calls): a new file is readable by its owner alone
    ///     (mode 0600), and `path` must not be a symbolic link nor a file of another user.
    ///   - name: the file as errors name it (the user's path, when `path` is what its links lead to).
    /// - Throws: `AudioError` of kind `writeFailed` when the file cannot be created.
    public init(
        path: String, sampleRate: Int, channelCount: Int, encoding: Encoding = .pcm16, ownerOnly: Bool = false,
        named name: String? = nil
    ) throws(AudioError) {
        let shown = name ?? path
        var info = SF_INFO()
        info.samplerate = Int32(sampleRate)
        info.channels = Int32(channelCount)
        info.format = encoding.format
        let handle: OpaquePointer
        let existed = access(path, F_OK) == 0
        let descriptor = ownerOnly ? try Self.openOwnerOnly(path, named: shown) : nil
        do {
            if let descriptor {
                handle = try SndFileOpener.open(descriptor: descriptor, mode: Int32(SFM_WRITE), info: &info)
            } else {
                handle = try SndFileOpener.open(path, mode: Int32(SFM_WRITE), info: &info)
            }
        } catch {
            let code = error.errno
            let reason = error.reason
            // Not even the header could be written (a full disk): no empty file is left where none was, nor in
            // place of the user's own file that was emptied to be replaced.
            var status = stat()
            if !existed || descriptor != nil, lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
                status.st_size == 0
            {
                unlink(path)
            }
            let problem =
                switch code {
                case ENOENT: "its folder does not exist"
                case EISDIR: "it is a folder"
                case EACCES, EPERM: "no permission to write there"
                case ENOSPC: "no space left on the device"
                case EROFS: "the file system is read-only"
                default: "\(reason); check the folder exists and is writable"
                }
            throw AudioError(
                kind: .writeFailed, message: "cannot create '\(shown)': \(problem)", path: shown, underlying: reason)
        }
        self.path = path
        self.channelCount = channelCount
        self.sampleRate = sampleRate
        lengthInHeader = ![.flac, .vorbis, .opus, .mp3].contains(encoding)
        self.handle = handle
        // Clip rather than wrap when float input exceeds full scale.
        sf_command(handle, Int32(SFC_SET_CLIPPING), nil, Int32(SF_TRUE))
        // RF64 only when the file outgrows WAV's 4 GiB: a plain WAV otherwise (libsndfile's auto downgrade).
        if encoding == .autoRF64 { sf_command(handle, Int32(SFC_RF64_AUTO_DOWNGRADE), nil, Int32(SF_TRUE)) }
    }

    deinit { if let handle { sf_close(handle) } }

    /// Opens `path` for a file of the user's alone: created with mode 0600, or emptied if it is already the user's
    /// regular file; never through a symbolic link (`O_NOFOLLOW`), never another user's file. Errors name `name`.
    private static func openOwnerOnly(_ path: String, named name: String) throws(AudioError) -> Int32 {
        let failure = { (problem: String) in
            AudioError(kind: .writeFailed, message: "cannot create '\(name)': \(problem)", path: name)
        }
        // A file this call creates is the user's, whatever owner a network file system shows for it.
        var descriptor = Glibc.open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if descriptor >= 0 { return descriptor }
        if errno == EEXIST { descriptor = Glibc.open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC) }
        guard descriptor >= 0 else {
            let code = errno
            let problem =
                switch code {
                case ELOOP: "it is a symbolic link, which a recording is not written through"
                case ENOENT: "its folder does not exist"
                case EISDIR: "it is a folder"
                case EACCES, EPERM: "no permission to write there"
                case ENOSPC: "no space left on the device"
                case EROFS: "the file system is read-only"
                default: String(cString: strerror(code))
                }
            throw failure(problem)
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == geteuid() else {
            Glibc.close(descriptor)
            let what = info.st_mode & S_IFMT == S_IFREG ? "a file of another user (uid \(info.st_uid))" : "not a file"
            throw failure("it is \(what); a recording goes only to a file of the user's own")
        }
        guard ftruncate(descriptor, 0) == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(descriptor)
            throw failure(reason)
        }
        return descriptor
    }

    /// Appends interleaved frames.
    /// - Parameter samples: whole frames of `channelCount` interleaved samples, nominally -1 … 1.
    /// - Throws: `AudioError` of kind `writeFailed` (disk full, closed file).
    public func write(_ samples: UnsafeBufferPointer<Float>) throws(AudioError) {
        guard let handle, let base = samples.baseAddress else { return }
        let frames = samples.count / channelCount
        let written = Int(sf_writef_float(handle, base, sf_count_t(frames)))
        guard written == frames else {
            let reason = String(cString: sf_strerror(handle))
            throw AudioError(
                kind: .writeFailed, message: "cannot write '\(path)': \(reason)", path: path, underlying: reason)
        }
        // Once a second of audio, the header is brought up to date: a process killed without `close` (SIGKILL,
        // power loss) leaves a file that other programs read to within a second of its end, not an empty one.
        framesSinceHeader += frames
        if lengthInHeader && framesSinceHeader >= sampleRate {
            framesSinceHeader = 0
            sf_command(handle, Int32(SFC_UPDATE_HEADER_NOW), nil, 0)
        }
    }

    /// Appends interleaved frames from an array.
    /// - Parameter samples: whole frames of `channelCount` interleaved samples, nominally -1 … 1.
    /// - Throws: `AudioError` of kind `writeFailed`.
    public func write(_ samples: [Float]) throws(AudioError) {
        try samples.withUnsafeBufferPointer { (buffer) throws(AudioError) in try write(buffer) }
    }

    /// Finishes the header and closes the file; later writes are ignored.
    public func close() {
        if let handle { sf_close(handle) }
        handle = nil
    }
}
