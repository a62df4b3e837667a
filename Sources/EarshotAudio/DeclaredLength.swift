internal import CSndFile

/// How long a file's header says its audio is, when that is more than the file holds (a truncated copy or a
/// recording still being written). libsndfile reads as far as the audio goes and notes the difference in its
/// log, in each container's own words; this reads that note rather than the file's bytes:
/// - WAV: `data : 894080 (should be 29942)`, the header's data size in bytes, then what is there;
/// - RF64: `Calculated frame count 479987 does not match value from 'ds64' chunk of 960000` (frames);
/// - AIFF: ` SSND : 3840008 (should be 1919981)` (bytes, 8 of them the chunk's offset and block size);
/// - W64: `riff : 3840104 (should be 1920052)`, then `data : 3840024` (bytes, 24 of them the chunk's header);
/// - AU: `Data Size : 4696416 (should be 2348196)` (bytes).
enum DeclaredLength {
    /// Data sizes that streaming recorders write when they cannot know the length: 0xFFFFFFFF, sox's 0x7FFFF000
    /// and arecord's 0x7FFFFF00 and 0x80000000 (on a pipe). A file that ends before them is not truncated.
    static let unknownSizes: Set<Int> = [0xFFFF_FFFF, 0x7FFF_F000, 0x7FFF_FF00, 0x8000_0000]

    /// libsndfile's log of opening the file (its reading of the header, chunk by chunk).
    static func log(of handle: OpaquePointer) -> String {
        var log = [CChar](repeating: 0, count: 16_384)
        _ = sf_command(handle, Int32(SFC_GET_LOG_INFO), &log, Int32(log.count))
        return String(decoding: log.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Frames the header declares, from libsndfile's log (`log(of:)`), or `nil` when the header agrees, is silent on
    /// it, or holds an unknown length. `bytesPerFrame` comes from `bytesPerSample` and the channel count; without it
    /// (compressed audio in a WAV: ADPCM, GSM), a WAV's data sizes are scaled by the `found` frames they hold.
    static func frames(log text: String, bytesPerFrame: Int?, found: Int = 0) -> Int? {
        let lines = text.split(separator: "\n").map { String($0.drop { $0 == " " || $0 == "\t" }) }
        let numbers = { (line: String) in line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) } }
        for line in lines where line.hasPrefix("*** Calculated frame count") && line.contains("'ds64'") {
            let values = numbers(line)
            guard values.count >= 3, values.last! > values[values.count - 3] else { continue }
            return values.last!  // "... frame count F does not match value from 'ds64' chunk of N": N
        }
        guard let bytesPerFrame, bytesPerFrame > 0 else {
            let data = lines.first { $0.hasPrefix("data") && $0.contains("(should be ") }.map(numbers) ?? []
            guard data.count >= 2, data[0] > data[1], data[1] > 0, found > 0, !unknownSizes.contains(data[0]) else {
                return nil
            }
            let declared = (Double(found) * Double(data[0]) / Double(data[1])).rounded()
            return declared < 1e15 ? Int(declared) : nil  // a nonsense size, not a length
        }
        let size = { (declared: Int, overhead: Int) -> Int? in
            guard !unknownSizes.contains(declared), declared > overhead, declared < 1 << 50 else { return nil }
            return (declared - overhead) / bytesPerFrame
        }
        for line in lines where line.contains("(should be ") {
            let values = numbers(line)
            guard values.count >= 2, values[0] > values[1] else { continue }
            if line.hasPrefix("data") || line.hasPrefix("Data Size") { return size(values[0], 0) }
            if line.hasPrefix("SSND") { return size(values[0], 8) }
            if line.hasPrefix("riff"), let data = lines.first(where: { $0.hasPrefix("data :") }),
                let declared = numbers(data).first
            {
                return size(declared, 24)
            }
        }
        return nil
    }

    /// Frames' worth of bytes after a WAV's data chunk that belong to no chunk, when that is a second or more at
    /// `sampleRate`: after `data : SIZE` libsndfile notes `Unknown chunk marker … at position P` (then resyncs or
    /// stops), and the file holds `Length` bytes. Scaled by the `found` frames the declared size holds, so compressed
    /// audio counts too. `nil` for a file whose chunks parse to its end, or a few stray bytes after its audio.
    static func undeclaredFrames(log text: String, found: Int, sampleRate: Int) -> Int? {
        let lines = text.split(separator: "\n").map { String($0.drop { $0 == " " || $0 == "\t" }) }
        let number = { (line: String) in line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }.first }
        guard let length = lines.first(where: { $0.hasPrefix("Length :") }).flatMap(number),
            let data = lines.first(where: { $0.hasPrefix("data :") && !$0.contains("should be") }).flatMap(number),
            let stop = lines.first(where: { $0.contains("Unknown chunk marker") && $0.contains(" at position ") }),
            let words = Optional(stop.split(separator: " ")), let at = words.firstIndex(of: "position"),
            at + 1 < words.count, let position = Int(words[at + 1].prefix(while: \.isNumber)),
            data > 0, found > 0, length > position, position > data
        else { return nil }
        let frames = Double(length - position) / Double(data) * Double(found)
        return frames >= Double(sampleRate) && frames < 1e15 ? Int(frames) : nil
    }

    /// Bytes per sample of uncompressed encodings; `nil` for compressed ones (their length is not in bytes).
    static func bytesPerSample(_ format: Int32) -> Int? {
        switch Int(format & Int32(SF_FORMAT_SUBMASK)) {
        case Int(SF_FORMAT_PCM_S8), Int(SF_FORMAT_PCM_U8), Int(SF_FORMAT_ULAW), Int(SF_FORMAT_ALAW): 1
        case Int(SF_FORMAT_PCM_16): 2
        case Int(SF_FORMAT_PCM_24): 3
        case Int(SF_FORMAT_PCM_32), Int(SF_FORMAT_FLOAT): 4
        case Int(SF_FORMAT_DOUBLE): 8
        default: nil
        }
    }
}
