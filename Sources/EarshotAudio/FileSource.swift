internal import CSndFile
public import EarshotCore
internal import Glibc

/// Streams an audio file through libsndfile in fixed-size blocks (memory does not grow with length).
///
/// Reads every format libsndfile reads (PCM WAV of any width, float, G.711 µ-law/A-law, FLAC, Ogg,
/// MP3, RF64 …), as float. Files with more than two channels need `channels` to pick the agent and
/// customer channels.
public final class FileSource {
    /// The file being read.
    public let path: String
    /// Samples per second per channel.
    public let sampleRate: Int
    /// Channels in the file.
    public let fileChannelCount: Int
    /// Channels delivered (1 or 2).
    public let channelCount: Int
    /// Frames in the file as libsndfile counts them: the header's count, cut to what the file holds (may be
    /// wrong for streamed recordings).
    public let frameCount: Int
    /// Frames the file's header declares when that is more than the file holds (truncated), else `nil`.
    public let headerFrameCount: Int?
    /// Frames' worth of bytes the file holds after its declared audio, in no chunk (a header not updated), else
    /// `nil`: not read.
    public let undeclaredFrameCount: Int?

    /// What the file reader found of the file's length for the report: `truncation`, and audio after what the
    /// header declares (`RecordingQuality.Finding.undeclaredAudio`).
    public var lengthFindings: [RecordingQuality.Finding] {
        let rate = Double(sampleRate)
        let undeclared = undeclaredFrameCount.map {
            RecordingQuality.Finding.undeclaredAudio(
                declaredSeconds: Double(frameCount) / rate, moreSeconds: Double($0) / rate)
        }
        return [truncation, undeclared].compactMap { $0 }
    }

    /// The truncation finding once the file has been read to its end: the header declares more than was read,
    /// or decoding failed part-way (`undecodable`).
    public var truncation: RecordingQuality.Finding? {
        let rate = Double(sampleRate)
        if let reason = decodeFailure {
            let declared = max(lengthIsExact ? frameCount : framesRead, headerFrameCount ?? 0)
            return .undecodable(
                atSeconds: Double(framesRead) / rate, fileSeconds: Double(declared) / rate, reason: reason)
        }
        // FLAC's header (STREAMINFO) holds its exact length, which libsndfile reports as the frame count.
        guard let declared = headerFrameCount ?? (lengthIsExact ? frameCount : nil), declared > framesRead else {
            return nil
        }
        return .truncated(declaredSeconds: Double(declared) / rate, foundSeconds: Double(framesRead) / rate)
    }
    /// libsndfile's words for a read that failed after audio had been read (the stream ends there).
    private var decodeFailure: String?
    /// Whether `frameCount` is the length the header declares, exactly (FLAC), rather than libsndfile's count.
    private let lengthIsExact: Bool
    /// Description of the encoding, e.g. "WAV µ-law 8-bit".
    public let formatDescription: String

    private let handle: OpaquePointer
    private let blockFrames: Int
    private let fileBuffer: UnsafeMutablePointer<Float>
    private let outBuffer: UnsafeMutablePointer<Float>
    /// For 16-bit PCM and G.711 (µ-law, A-law): the file's samples as libsndfile decodes them to 16 bits,
    /// converted to float here; `nil` for other encodings, which libsndfile converts to float itself.
    private let shortBuffer: UnsafeMutablePointer<Int16>?
    private let selection: [Int]
    private let passThrough: Bool
    /// Frames delivered so far (the file's position).
    public private(set) var framesRead = 0

    /// Opens `path` for reading.
    /// - Parameters:
    ///   - path: the file.
    ///   - channels: which file channels to deliver, in order (agent first); `nil` takes the file's
    ///     own channels when it has one or two.
    ///   - blockFrames: frames per block read, 64 … 65 536. Default 4 096.
    /// - Throws: `AudioError` of kind `fileNotFound`, `permissionDenied`, `notAFile`,
    ///   `unsupportedFormat` or `unsupportedChannels`.
    public init(path: String, channels: [Int]? = nil, blockFrames: Int = 4_096) throws(AudioError) {
        precondition((64...65_536).contains(blockFrames))
        self.path = path
        let bytes = try Self.checkReadable(path)
        var info = SF_INFO()
        let handle: OpaquePointer
        do {
            handle = try SndFileOpener.open(path, mode: Int32(SFM_READ), info: &info)
        } catch {
            let reason = error.reason
            // A WAV cut off inside its header (a copy cut short, a recorder that died at once): its format tag or its
            // 'data' chunk are missing, which libsndfile reports as an unknown codec or no audio file.
            if let declared = Self.declaredRIFFBytes(path), declared > bytes, bytes < 4_096 {
                throw AudioError(
                    kind: .readFailed,
                    message: "cannot read '\(path)': it ends inside its WAV header, after \(bytes) bytes of the "
                        + "\(declared) the header declares (a copy cut short, or a recording that never started?)",
                    path: path, underlying: reason)
            }
            if let codec = error.undecodableWAVCodec {
                throw AudioError(
                    kind: .unsupportedFormat,
                    message: "cannot read '\(path)': a WAV in a codec libsndfile does not decode (format tag \(codec); "
                        + "telephony codecs such as G.729 and G.722 are not among those it reads); convert it to PCM or "
                        + "µ-law WAV, e.g. with `ffmpeg -i IN -acodec pcm_s16le OUT.wav` or the recorder's own export",
                    path: path, underlying: reason)
            }
            // Review A: a WAV whose header is damaged was told to be converted to WAV.
            if Self.declaredRIFFBytes(path) != nil {
                throw AudioError(
                    kind: .unsupportedFormat,
                    message: "cannot read '\(path)': a WAV whose header libsndfile cannot read (\(reason)): damaged, "
                        + "or in a form of the recorder's own; export it again, or rewrite it with `ffmpeg -i IN OUT.wav`",
                    path: path, underlying: reason)
            }
            throw AudioError(
                kind: .unsupportedFormat,
                message: "cannot read '\(path)': not an audio file libsndfile can decode (\(reason)); "
                    + "convert it to WAV, FLAC or Ogg first, e.g. with `sox` or `ffmpeg`",
                path: path, underlying: reason)
        }
        // libsndfile's reading of the header, read once: the declared length and what follows the audio come from it.
        let log = DeclaredLength.log(of: handle)
        let bytesPerFrame = DeclaredLength.bytesPerSample(info.format).map { $0 * Int(info.channels) }
        // A WAV whose header declares no audio although the file holds more: a recorder that never wrote
        // its final sizes (libsndfile trusts a size of 0). Said plainly rather than analysed as empty.
        let riffFamily = [SF_FORMAT_WAV, SF_FORMAT_WAVEX, SF_FORMAT_RF64, SF_FORMAT_W64].map { Int32($0) }
        if info.frames == 0 && bytes > 4_096 && riffFamily.contains(info.format & Int32(SF_FORMAT_TYPEMASK)) {
            sf_close(handle)
            throw AudioError(
                kind: .unsupportedFormat,
                message: "cannot analyse '\(path)': its header declares no audio, yet the file holds \(bytes) bytes "
                    + "(a recording whose header was never finished?); repair it with `sox --ignore-length`",
                path: path)
        }
        // Nothing at all, by the header and the file alike (a header of a few bytes declaring no audio): no call to
        // analyse, a recording that never started.
        if info.frames == 0 && bytes <= 4_096,
            DeclaredLength.frames(log: log, bytesPerFrame: bytesPerFrame, found: 0) == nil
        {
            sf_close(handle)
            throw AudioError(
                kind: .unsupportedFormat,
                message: "cannot analyse '\(path)': it holds no audio (0 s; a recording that never started?)",
                path: path)
        }
        // Cut off within its first 10 ms although its header declares more (a recording still being written, a copy
        // cut off after its header): no call to analyse, rather than one of 0.0 s that a batch would count.
        if info.samplerate > 0, info.frames < Int64(info.samplerate / 100),
            let declared = DeclaredLength.frames(log: log, bytesPerFrame: bytesPerFrame, found: Int(info.frames)),
            declared > Int(info.frames)
        {
            sf_close(handle)
            throw AudioError(
                kind: .unsupportedFormat,
                message: Self.cutOffMessage(path: path, declaredSeconds: Double(declared) / Double(info.samplerate)),
                path: path)
        }
        let fileChannels = Int(info.channels)
        let selection: [Int]
        if let channels {
            guard (1...2).contains(channels.count), channels.allSatisfy({ (0..<fileChannels).contains($0) }) else {
                sf_close(handle)
                throw AudioError(
                    kind: .unsupportedChannels,
                    message: "cannot use channels \(channels.map(String.init).joined(separator: ",")) of '\(path)': "
                        + "it has \(fileChannels) channel(s) (numbered from 0); pick one or two of them",
                    path: path)
            }
            selection = channels
        } else {
            guard fileChannels <= 2 else {
                sf_close(handle)
                throw AudioError(
                    kind: .unsupportedChannels,
                    message: "cannot analyse '\(path)': it has \(fileChannels) channels; "
                        + "say which are the agent and the customer with --channels A,C (numbered from 0)",
                    path: path)
            }
            selection = Array(0..<fileChannels)
        }
        guard info.samplerate >= 4_000, info.samplerate <= 384_000 else {
            sf_close(handle)
            throw AudioError(
                kind: .unsupportedFormat,
                message: "cannot analyse '\(path)': sample rate \(info.samplerate) Hz is outside 4000 ... 384000 Hz",
                path: path)
        }
        self.handle = handle
        self.sampleRate = Int(info.samplerate)
        self.fileChannelCount = fileChannels
        self.channelCount = selection.count
        self.selection = selection
        self.passThrough = selection == Array(0..<fileChannels)
        self.frameCount = Int(info.frames)
        self.headerFrameCount = DeclaredLength.frames(log: log, bytesPerFrame: bytesPerFrame, found: Int(info.frames))
        undeclaredFrameCount = DeclaredLength.undeclaredFrames(
            log: log, found: Int(info.frames), sampleRate: Int(info.samplerate))
        self.formatDescription = Self.describe(format: info.format)
        // A FLAC written to a pipe gives no length (0 in its header), which libsndfile reports as a huge count.
        lengthIsExact =
            info.format & Int32(SF_FORMAT_TYPEMASK) == Int32(SF_FORMAT_FLAC) && info.frames > 0
            && info.frames < Int64(Int32.max) * 1_000
        self.blockFrames = blockFrames
        fileBuffer = .allocate(capacity: blockFrames * fileChannels)
        outBuffer = .allocate(capacity: blockFrames * selection.count)
        let sixteenBit = [SF_FORMAT_PCM_16, SF_FORMAT_ULAW, SF_FORMAT_ALAW].map { Int32($0) }
        shortBuffer =
            sixteenBit.contains(info.format & Int32(SF_FORMAT_SUBMASK))
            ? .allocate(capacity: blockFrames * fileChannels) : nil
    }

    deinit {
        sf_close(handle)
        fileBuffer.deallocate()
        outBuffer.deallocate()
        shortBuffer?.deallocate()
    }

    /// Reads the next block; `nil` at the end of the file, or where decoding fails after audio has been read (a
    /// FLAC cut off mid-way: `truncation` then says so). The block is valid until the next call.
    /// - Returns: up to `blockFrames` frames of the chosen channels, interleaved; `nil` at the end.
    /// - Throws: `AudioError` of kind `readFailed` when not even the first block can be decoded.
    public func nextBlock() throws(AudioError) -> AudioBlock? {
        let got = decodeFailure == nil ? readFrames() : 0
        if got <= 0 {
            let code = sf_error(handle)
            if code == 0 && framesRead == 0 {
                // Nothing at all: no call to analyse, not a call of 0 s. With no length declared, a recording that
                // never started (a FLAC); with one, a file cut off before its first sample.
                var message = "cannot analyse '\(path)': it holds no audio (0 s; a recording that never started?)"
                if case .truncated(let declaredSeconds, _) = truncation {
                    message = Self.cutOffMessage(path: path, declaredSeconds: declaredSeconds)
                }
                throw AudioError(kind: .unsupportedFormat, message: message, path: path)
            }
            if code != 0 {
                let reason = String(cString: sf_strerror(handle))
                if framesRead > 0 {
                    decodeFailure = reason
                    return nil
                }
                throw AudioError(
                    kind: .readFailed, message: "cannot decode '\(path)': \(reason)",
                    path: path, underlying: reason)
            }
            return nil
        }
        let block: UnsafeBufferPointer<Float>
        if passThrough {
            block = UnsafeBufferPointer(start: fileBuffer, count: got * fileChannelCount)
        } else {
            let out = selection.count
            for i in 0..<got {
                for (j, channel) in selection.enumerated() {
                    outBuffer[i * out + j] = fileBuffer[i * fileChannelCount + channel]
                }
            }
            block = UnsafeBufferPointer(start: outBuffer, count: got * out)
        }
        defer { framesRead += got }
        return AudioBlock(
            samples: block, channelCount: channelCount, sampleRate: sampleRate, startSample: framesRead)
    }

    /// The error of a file cut off before its audio (under 10 ms of it) although its header declares `declaredSeconds`.
    private static func cutOffMessage(path: String, declaredSeconds: Double) -> String {
        "cannot analyse '\(path)': it holds no audio, although its header declares "
            + "\((declaredSeconds * 10).rounded() / 10) s (a recording still being written, or a copy cut off after its "
            + "header?)"
    }

    /// Reads up to `blockFrames` frames into `fileBuffer` as float, -1 … 1; returns how many.
    private func readFrames() -> Int {
        guard let shorts = shortBuffer else { return Int(sf_readf_float(handle, fileBuffer, sf_count_t(blockFrames))) }
        // Sixteen-bit samples straight from libsndfile (for PCM on a little-endian machine, a plain copy; its
        // float path converts sample by sample), then to float with libsndfile's own scale, 1 / 32768, so the
        // values are the same to the bit.
        let got = Int(sf_readf_short(handle, shorts, sf_count_t(blockFrames)))
        let scale: Float = 1.0 / 32_768
        for i in 0..<max(0, got) * fileChannelCount { fileBuffer[i] = Float(shorts[i]) * scale }
        return got
    }

    /// Moves to frame `frame` of the file; the next block starts there.
    /// - Parameter frame: sample frame of the file, 0-based.
    /// - Throws: `AudioError` of kind `readFailed` when the file cannot seek there (past its end, or a
    ///   format that cannot seek).
    public func seek(toFrame frame: Int) throws(AudioError) {
        if frameCount > 0 && frame >= frameCount {
            let rate = Double(sampleRate)
            throw AudioError(
                kind: .readFailed,
                message: "cannot start '\(path)' \(Double(frame) / rate) s in: it lasts "
                    + "\((Double(frameCount) / rate * 100).rounded(.down) / 100) s", path: path)
        }
        guard sf_seek(handle, sf_count_t(frame), SEEK_SET) >= 0 else {
            throw AudioError(
                kind: .readFailed,
                message: "cannot start '\(path)' at frame \(frame): \(String(cString: sf_strerror(handle)))", path: path
            )
        }
        framesRead = frame
    }
}
