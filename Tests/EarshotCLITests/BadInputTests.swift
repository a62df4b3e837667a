import EarshotAudio
import Foundation
import Testing

/// Hostile and odd input: each file gets a clear error naming it and exit 1, or a correct result; never a
/// crash. Files are made on the fly.
@Suite("Bad input")
struct BadInputTests {
    static let folder: URL = {
        let url = Scratch.url("bad")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    static func sampleBytes() throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: EarshotProcess.sample("call-01-calm.wav")))
    }

    /// The WAV with its RIFF and data chunk sizes replaced by `size` (as streaming recorders leave them).
    static func lyingSizes(_ size: UInt32) throws -> Data {
        var data = try sampleBytes()
        let bytes = withUnsafeBytes(of: size.littleEndian) { Data($0) }
        data.replaceSubrange(4..<8, with: bytes)
        if let range = data.range(of: Data("data".utf8)) {
            data.replaceSubrange(range.upperBound..<(range.upperBound + 4), with: bytes)
        }
        return data
    }

    /// A 16 kHz stereo 16-bit WAV header that declares no audio, with none after it.
    static func noSamples() -> Data {
        func le<T: FixedWidthInteger>(_ value: T) -> Data { withUnsafeBytes(of: value.littleEndian) { Data($0) } }
        var data = Data("RIFF".utf8) + le(UInt32(36)) + Data("WAVEfmt ".utf8) + le(UInt32(16))
        data += le(UInt16(1)) + le(UInt16(2)) + le(UInt32(16_000)) + le(UInt32(64_000)) + le(UInt16(4)) + le(UInt16(16))
        return data + Data("data".utf8) + le(UInt32(0))
    }

    /// call-01 written in `encoding` to `path`; returns the file's bytes.
    static func calm(as encoding: AudioFileWriter.Encoding, to path: String) throws -> Data {
        let source = try FileSource(path: EarshotProcess.sample("call-01-calm.wav"))
        let writer = try AudioFileWriter(path: path, sampleRate: source.sampleRate, channelCount: 2, encoding: encoding)
        while let block = try source.nextBlock() { try writer.write(block.samples) }
        writer.close()
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    static let unreadable: [(String, @Sendable () throws -> Data, String)] = [
        ("empty.wav", { Data() }, "the file is empty"),
        ("no-samples.wav", { noSamples() }, "it holds no audio (0 s"),
        // Cut off inside the header (call-01's 'data' chunk starts further on): before its format tag, in it, after it.
        ("header-only.wav", { try sampleBytes().prefix(44) }, "it ends inside its WAV header, after 44 bytes of the "),
        ("header-12.wav", { try sampleBytes().prefix(12) }, "it ends inside its WAV header, after 12 bytes of the "),
        ("header-20.wav", { try sampleBytes().prefix(20) }, "it ends inside its WAV header, after 20 bytes of the "),
        ("notes.wav", { Data("meeting notes, not audio\n".utf8) }, "not an audio file libsndfile can decode"),
        (
            "picture.wav",
            { Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 7, count: 500)) },
            "not an audio file libsndfile can decode"
        ),
        // Telephony codecs libsndfile does not decode: the 'fmt ' chunk's format tag (bytes 20-21) named.
        (
            "g729.wav", { try withFormatTag(0x0133) },
            "a WAV in a codec libsndfile does not decode (format tag 0x133, unknown"
        ),
        ("g726.wav", { try withFormatTag(0x0064) }, "(format tag 0x64, WAVE_FORMAT_G726_ADPCM; telephony codecs"),
        // A WAV whose 'data' chunk has lost its name: said to be a WAV libsndfile cannot read, not told to be converted
        // to WAV (review A).
        (
            "no-data-chunk.wav", { try withoutDataChunk() },
            "a WAV whose header libsndfile cannot read (Error in WAV file. No 'data' chunk marker.): damaged"
        ),
    ]

    /// call-01 with its 'data' chunk's name changed to one no reader knows.
    static func withoutDataChunk() throws -> Data {
        var data = try sampleBytes()
        let marker = try #require(data.firstRange(of: Data("data".utf8)))
        data.replaceSubrange(marker, with: Data("dxta".utf8))
        return data
    }

    /// call-01 with another format tag in its 'fmt ' chunk.
    static func withFormatTag(_ tag: UInt16) throws -> Data {
        var data = try sampleBytes()
        data.replaceSubrange(20..<22, with: withUnsafeBytes(of: tag.littleEndian) { Data($0) })
        return data
    }

    @Test("unreadable files get an error naming the file and the problem, exit 1", arguments: 0..<10)
    func unreadableFile(index: Int) throws {
        let (name, make, message) = Self.unreadable[index]
        try make().write(to: URL(fileURLWithPath: Self.path(name)))
        let result = try EarshotProcess.run(["analyze", Self.path(name)])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("earshot: error:") && result.stderr.contains(name) && result.stderr.contains(message)
        )
    }

    @Test(
        "truncated data and RIFF/data sizes of 0xFFFFFFFF are analysed as far as the audio goes; a size of 0 is named")
    func truncatedAndLying() throws {
        try Self.sampleBytes().prefix(200_000).write(to: URL(fileURLWithPath: Self.path("truncated.wav")))
        try Self.lyingSizes(0).write(to: URL(fileURLWithPath: Self.path("size-zero.wav")))
        try Self.lyingSizes(0xFFFF_FFFF).write(to: URL(fileURLWithPath: Self.path("size-max.wav")))
        // sox's and arecord's "unknown length" sizes (writing to a pipe).
        for size: UInt32 in [0x7FFF_F000, 0x7FFF_FF00, 0x8000_0000] {
            try Self.lyingSizes(size).write(to: URL(fileURLWithPath: Self.path("size-\(size).wav")))
        }
        let full = try EarshotProcess.run(["analyze", "--format", "csv", EarshotProcess.sample("call-01-calm.wav")])
        // libsndfile reads a data size of 0 as no audio: an error that says so, not an empty call.
        let zero = try EarshotProcess.run(["analyze", Self.path("size-zero.wav")])
        #expect(zero.status == 1)
        #expect(zero.stderr.contains("size-zero.wav") && zero.stderr.contains("header declares no audio"))
        for name in ["truncated.wav", "size-max.wav"] {
            let result = try EarshotProcess.run(["analyze", "--format", "csv", Self.path(name)])
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(result.stdout.split(separator: "\n").count == 2, "\(name)")
        }
        // The truncated file says so, first among its quality warnings; the "unknown length" header does not.
        let truncated = try EarshotProcess.run(["analyze", "--format", "json", Self.path("truncated.wav")])
        let report = try JSONSerialization.jsonObject(with: Data(truncated.stdout.utf8)) as? [String: Any]
        let warnings = (report?["quality"] as? [String: Any])?["warnings"] as? [String]
        #expect(warnings?.first?.contains("although its header declares 55.9 s") == true, "\(warnings ?? [])")
        for name in ["size-max.wav", "size-2147479552.wav", "size-2147483392.wav", "size-2147483648.wav"] {
            let unknown = try EarshotProcess.run(["analyze", Self.path(name)])
            #expect(unknown.status == 0 && !unknown.stdout.contains("header declares"), "\(name): \(unknown.stdout)")
        }
        // A file cut right after its header: no call of 0 s (a QA table would count it), an input error that says
        // what the header declares.
        var bytes = try Self.sampleBytes()
        let data = try #require(bytes.range(of: Data("data".utf8)))
        bytes = bytes.prefix(data.upperBound + 4)
        try bytes.write(to: URL(fileURLWithPath: Self.path("only-header.wav")))
        let header = try EarshotProcess.run(["analyze", Self.path("only-header.wav")])
        #expect(header.status == 1 && header.stdout.isEmpty, "\(header)")
        #expect(
            header.stderr.contains("only-header.wav': it holds no audio, although its header declares 55.9 s"),
            "\(header)")
        // So is one cut a frame after its header; and replay refuses it before any report is written (a report of a
        // clean 0 s call would hide the cut).
        try (bytes + Data([1, 0, 1, 0])).write(to: URL(fileURLWithPath: Self.path("one-frame.wav")))
        let frame = try EarshotProcess.run(["analyze", Self.path("one-frame.wav")])
        #expect(frame.status == 1 && frame.stderr.contains("it holds no audio, although"), "\(frame)")
        let replayReport = Self.path("only-header.report.json")
        let replay = try EarshotProcess.run([
            "replay", "--speed", "max", "--json", "--report", replayReport, Self.path("only-header.wav"),
        ])
        #expect(replay.status == 1 && replay.stderr.contains("it holds no audio, although"), "\(replay)")
        #expect(!FileManager.default.fileExists(atPath: replayReport))
        // Cut 100 frames (12.5 ms) short: both lengths read 55.9 s to the tenth, so they are given to the millisecond.
        let calmBytes = try Self.sampleBytes()
        try calmBytes.prefix(calmBytes.count - 400).write(to: URL(fileURLWithPath: Self.path("frames-short.wav")))
        let short = try EarshotProcess.run(["analyze", Self.path("frames-short.wav")])
        #expect(short.stdout.contains("s although its header declares 55.880 s"), "\(short.stdout)")
        #expect(!short.stdout.contains("ends after 55.9 s"), "\(short.stdout)")
        // RF64 (the format of long recordings), cut to half: its own log words, the same warning.
        let rf64 = Self.path("half.rf64.wav")
        let whole = try Self.calm(as: .rf64, to: rf64)
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: rf64))
        let half = try EarshotProcess.run(["analyze", rf64])
        #expect(half.stdout.contains("although its header declares 55.9 s"), "\(half.stdout)")
        // The lying headers hold the whole call: the same figures as the honest file.
        let lying = try EarshotProcess.run(["analyze", "--format", "csv", Self.path("size-max.wav")])
        #expect(
            lying.stdout.split(separator: "\n").last?.split(separator: ",").dropFirst().elementsEqual(
                full.stdout.split(separator: "\n").last?.split(separator: ",").dropFirst() ?? []) == true)
    }

    @Test(
        "a header that declares less audio than the file holds (never updated, then a crash) is said, with the repair")
    func undeclaredAudio() throws {
        // call-01: 8 kHz stereo µ-law, 16 000 bytes a second, 894 080 of them (55.88 s); the header declares 10 s.
        var bytes = try Self.sampleBytes()
        let data = try #require(bytes.range(of: Data("data".utf8)))
        let size = withUnsafeBytes(of: UInt32(160_000).littleEndian) { Data($0) }
        bytes.replaceSubrange(data.upperBound..<(data.upperBound + 4), with: size)
        try bytes.write(to: URL(fileURLWithPath: Self.path("short-header.wav")))
        let result = try EarshotProcess.run(["analyze", "--format", "json", Self.path("short-header.wav")])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONFile.object(from: result.stdout)
        #expect(report["duration_s"] as? Double == 10)
        let quality = try #require(report["quality"] as? [String: Any])
        #expect((quality["findings"] as? [String])?.first == "undeclared_audio", "\(quality)")
        let warning = (quality["warnings"] as? [String])?.first ?? ""
        #expect(warning.contains("about 45.9 s more after the 10.0 s") && warning.contains("sox --ignore-length"))
        // A chunk after the audio (an INFO list), or a few stray bytes: nothing to say.
        var list = Data("LIST".utf8) + withUnsafeBytes(of: UInt32(12).littleEndian) { Data($0) }
        list += Data("INFOISFT".utf8) + Data([0, 0, 0, 0])
        for (name, tail) in [("info-list.wav", list), ("stray-bytes.wav", Data([0, 1, 2]))] {
            try (Self.sampleBytes() + tail).write(to: URL(fileURLWithPath: Self.path(name)))
            let clean = try EarshotProcess.run(["analyze", "--format", "json", Self.path(name)])
            let findings = (try JSONFile.object(from: clean.stdout)["quality"] as? [String: Any])?["findings"]
            #expect(
                (findings as? [String])?.contains("undeclared_audio") == false, "\(name): \(clean.stdout.prefix(300))")
        }
    }

    @Test("a FLAC cut off part-way: a report of the audio before the cut, saying where decoding stopped and why")
    func truncatedFLAC() throws {
        let flac = Self.path("half.flac")
        let whole = try Self.calm(as: .flac, to: flac)
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: flac))
        let text = try EarshotProcess.run(["analyze", flac])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("cannot be decoded past"), "\(text.stdout)")
        #expect(text.stdout.contains("of the 55.9 s it declares"), "\(text.stdout)")
        // The report covers what was decoded: about half the call (FLAC frames are not all the same size).
        let json = try EarshotProcess.run(["analyze", "--format", "json", flac])
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let duration = try #require(object["duration_s"] as? Double)
        #expect(duration > 15 && duration < 45, "\(duration)")
        // Written to a pipe, a FLAC has no length in its header (STREAMINFO's total samples 0): not truncated, and
        // with no audio at all, an error.
        var unknown = whole
        unknown[21] &= 0xF0  // the 36-bit total: the low 4 bits of byte 13 of STREAMINFO (from offset 8), and 14-17
        for i in 22...25 { unknown[i] = 0 }
        try unknown.write(to: URL(fileURLWithPath: flac))
        let streamed = try EarshotProcess.run(["analyze", flac])
        #expect(streamed.status == 0 && !streamed.stdout.contains("declares"), "\(streamed.stdout)")
        try unknown.prefix(42).write(to: URL(fileURLWithPath: flac))  // "fLaC" and STREAMINFO only: no frames
        let nothing = try EarshotProcess.run(["analyze", flac])
        #expect(nothing.status == 1 && nothing.stderr.contains("it holds no audio"), "\(nothing.stderr)")
        // Its header and the first, silent frames: a report of them, warned either way the decoder ends.
        try whole.prefix(200).write(to: URL(fileURLWithPath: flac))
        let header = try EarshotProcess.run(["analyze", flac])
        let warned = try Regex("(although its header declares|of the) 55.9 s")
        #expect(header.status == 0 && header.stdout.contains(warned), "\(header)")
    }

    @Test("NaN and infinities in float data (counted, named first) and digital silence give sane reports")
    func oddSamples() throws {
        let writer = try AudioFileWriter(
            path: Self.path("nan.wav"), sampleRate: 16_000, channelCount: 2, encoding: .float32)
        var samples = [Float](repeating: 0, count: 16_000 * 2 * 3)
        for i in stride(from: 0, to: samples.count, by: 2) {
            samples[i] = .nan; samples[i + 1] = i % 7 == 0 ? .infinity : 1
        }
        try writer.write(samples)
        writer.close()
        let silent = try AudioFileWriter(path: Self.path("silence.wav"), sampleRate: 8_000, channelCount: 2)
        try silent.write([Float](repeating: 0, count: 8_000 * 2 * 5))
        silent.close()
        for name in ["nan.wav", "silence.wav"] {
            let result = try EarshotProcess.run(["analyze", "--format", "json", Self.path(name)])
            #expect(result.status == 0, "\(name): \(result.stderr)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect((object["segments"] as? [Any])?.isEmpty == true, "\(name) has no speech")
            // The damaged samples are named first, counted per channel; digital silence has none.
            let quality = try #require(object["quality"] as? [String: Any])
            let findings = quality["findings"] as? [String] ?? []
            let warnings = quality["warnings"] as? [String] ?? []
            if name == "nan.wav" {
                #expect(findings.prefix(2) == ["invalid_samples", "invalid_samples"], "\(findings)")
                #expect(warnings.first?.hasPrefix("the agent channel has 48000 samples that are not numbers") == true)
                #expect(warnings.dropFirst().first?.hasPrefix("the customer channel has 6858 samples") == true)
            } else {
                #expect(!findings.contains("invalid_samples"), "\(findings)")
            }
        }
    }

    @Test("a float file written unscaled (±32768) is said to be so, its talk found; 1e18 times, said not to stand")
    func unscaledFloat() throws {
        let path = try Self.scaledCopy(of: "call-01-calm.wav", by: 32_768, named: "unscaled.wav")
        let scaled = try EarshotProcess.run(["analyze", "--format", "json", path])
        let plain = try EarshotProcess.run(["analyze", "--format", "json", EarshotProcess.sample("call-01-calm.wav")])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(scaled.stdout.utf8)) as? [String: Any])
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [String: Any])
        let warnings = (object["quality"] as? [String: Any])?["warnings"] as? [String] ?? []
        #expect(warnings.contains { $0.contains("samples go far beyond full scale (mean level +") }, "\(warnings)")
        #expect(!warnings.contains { $0.contains("the recording level is too high") }, "\(warnings)")
        let talk = { (report: [String: Any]) in (report["summary"] as? [String: Any])?["agent_talk_s"] as? Double }
        let found = try #require(talk(object))
        let expected = try #require(talk(reference))
        #expect(abs(found - expected) < 1, "\(found) s against \(expected) s")
        #expect(warnings.contains { $0.contains("so the figures stand") }, "\(warnings)")
        // Samples 1e18 times full scale overflow the analysis (it found no talk): not said to stand.
        let overflowing = try Self.scaledCopy(of: "call-01-calm.wav", by: 1e18, named: "overflowing.wav")
        let overflowed = try EarshotProcess.run(["analyze", "--format", "json", overflowing])
        let said = try JSONFile.object(from: overflowed.stdout)["quality"] as? [String: Any]
        let overflowWarnings = said?["warnings"] as? [String] ?? []
        #expect(overflowWarnings.contains { $0.contains("the figures do not stand") }, "\(overflowWarnings)")
        #expect(!overflowWarnings.contains { $0.contains("so the figures stand") }, "\(overflowWarnings)")
    }

    /// The bundled sample `sample` as a 32-bit float file with every sample times `factor`; its path.
    private static func scaledCopy(of sample: String, by factor: Float, named name: String) throws -> String {
        let path = Self.path(name)
        let source = try FileSource(path: EarshotProcess.sample(sample))
        let writer = try AudioFileWriter(
            path: path, sampleRate: source.sampleRate, channelCount: 2, encoding: .float32)
        while let block = try source.nextBlock() { try writer.write(block.samples.map { $0 * factor }) }
        writer.close()
        return path
    }

    @Test("a DC offset (from the first sample on) leaves every segment as it was", arguments: [0.01, -0.03] as [Float])
    func offsetCall(offset: Float) throws {
        // call-01 and call-02 moved before each frame's mean was taken out and the framer's history before the start
        // was filled with the first frame's mean (a step from 0 to the offset at the start read as a click).
        for name in ["call-01-calm", "call-02-interruptions"] {
            // Each case writes files of its own (the cases run side by side).
            let segments = { (added: Float) throws -> [Any]? in
                let path = Self.path("\(name)-case\(offset)-added\(added).wav")
                try SampleAudio.withOffset("\(name).wav", added, to: path)
                let result = try EarshotProcess.run(["analyze", "--format", "json", path])
                let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
                return object?["segments"] as? [Any]
            }
            let plain = try #require(try segments(0))
            let shifted = try #require(try segments(offset))
            #expect(plain.count > 10)
            #expect(NSArray(array: shifted) == NSArray(array: plain), "\(name) + \(offset)")
        }
    }

    @Test(
        "very low and very high sample rates are analysed: the whole length, a DC offset not taken for speech",
        arguments: [4_000, 96_000, 192_000])
    func rates(rate: Int) throws {
        let name = "rate-\(rate).wav"
        let writer = try AudioFileWriter(path: Self.path(name), sampleRate: rate, channelCount: 2)
        try writer.write([Float](repeating: 0.3, count: rate * 2 * 2))  // a DC offset of -10 dBFS
        writer.close()
        let result = try EarshotProcess.run(["analyze", "--format", "json", Self.path(name)])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["sample_rate"] as? Int == rate)
        #expect(object["duration_s"] as? Double == 2)
        #expect((object["segments"] as? [Any])?.isEmpty == true)
    }

    @Test("asking for two channels of a mono file, or a channel that does not exist, is an input error")
    func channelChoice() throws {
        let writer = try AudioFileWriter(path: Self.path("mono.wav"), sampleRate: 8_000, channelCount: 1)
        try writer.write([Float](repeating: 0, count: 8_000))
        writer.close()
        let result = try EarshotProcess.run(["analyze", "--channels", "0,1", Self.path("mono.wav")])
        #expect(result.status == 1)
        #expect(result.stderr.contains("mono.wav") && result.stderr.contains("it has 1 channel(s)"))
    }
}
