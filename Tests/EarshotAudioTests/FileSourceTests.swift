import CSndFile
import EarshotAudio
import EarshotCore
import Foundation
import Testing

@Suite("Reading files through libsndfile")
struct FileSourceTests {
    /// This process's scratch folder, removed when the test process exits.
    private static let scratch: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("earshot-audio-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: FileSourceTests.scratch) }
        return url
    }()

    private static func temporaryPath(_ name: String) -> String { scratch.appendingPathComponent(name).path }

    /// A stereo call with a 1 s burst of a 440 Hz-based harmonic sound on each channel at known times.
    private static func writeCall(_ path: String, rate: Int, encoding: AudioFileWriter.Encoding) throws {
        let writer = try AudioFileWriter(path: path, sampleRate: rate, channelCount: 2, encoding: encoding)
        var samples = [Float](repeating: 0, count: rate * 4 * 2)
        for n in 0..<(rate * 4) {
            let t = Double(n) / Double(rate)
            var value = 0.0
            for h in 1...8 {
                value += sin(2 * .pi * 150 * Double(h) * t * (1 + 0.05 * sin(2 * .pi * 3 * t))) / Double(h)
            }
            if t >= 0.5 && t < 1.5 { samples[2 * n] = Float(0.2 * value) }
            if t >= 2.0 && t < 3.0 { samples[2 * n + 1] = Float(0.1 * value) }
        }
        try writer.write(samples)
        writer.close()
    }

    /// `writeCall` into a scratch file `NAME-ENCODING.EXT`, at 8 kHz, or 16 kHz for Opus (which runs at
    /// 8/12/16/24/48 kHz) and MP3; returns the path and the rate.
    private static func writeCall(named name: String, encoding: AudioFileWriter.Encoding) throws -> (String, Int) {
        let path = temporaryPath("\(name)-\(encoding.rawValue).\(AudioFileWriter.fileExtension(encoding))")
        let rate = encoding == .opus || encoding == .mp3 ? 16_000 : 8_000
        try writeCall(path, rate: rate, encoding: encoding)
        return (path, rate)
    }

    @Test(
        "PCM of every width, float, G.711, WAVE_FORMAT_EXTENSIBLE, RF64, FLAC, Ogg Vorbis/Opus and MP3 read back on time",
        arguments: AudioFileWriter.Encoding.allCases)
    func encodings(encoding: AudioFileWriter.Encoding) throws {
        let (path, rate) = try Self.writeCall(named: "call", encoding: encoding)
        // Lossy codecs pad their ends: the frame count is checked loosely for them.
        let report = try FileAnalysis.analyze(path: path)
        #expect(report.sampleRate == rate)
        #expect(report.channelCount == 2)
        let lossy = [.vorbis, .opus, .mp3].contains(encoding)
        #expect(lossy ? abs(report.sampleCount - rate * 4) < rate / 10 : report.sampleCount == rate * 4)
        let starts = report.segments.map { ($0.role, FrameClock.seconds(ofFrame: $0.startFrame)) }
        try #require(starts.count == 2)
        #expect(starts[0].0 == .agent && abs(starts[0].1 - 0.5) <= 0.06)
        #expect(starts[1].0 == .customer && abs(starts[1].1 - 2.0) <= 0.06)
    }

    @Test(
        "every encoding reads as exactly the floats libsndfile's own float conversion gives",
        arguments: AudioFileWriter.Encoding.allCases)
    func samplesEqualLibsndfileFloats(encoding: AudioFileWriter.Encoding) throws {
        let (path, _) = try Self.writeCall(named: "exact", encoding: encoding)
        // Earshot's reading (16-bit encodings through libsndfile's 16-bit samples), in uneven blocks.
        let source = try FileSource(path: path, blockFrames: 1_000)
        var ours: [Float] = []
        while let block = try source.nextBlock() { ours.append(contentsOf: block.samples) }
        // libsndfile converting to float itself.
        var info = SF_INFO()
        let handle = try #require(sf_open(path, Int32(SFM_READ), &info))
        defer { sf_close(handle) }
        var theirs = [Float](repeating: 0, count: Int(info.frames) * Int(info.channels) + 4_096)
        let frames = Int(sf_readf_float(handle, &theirs, sf_count_t(theirs.count / Int(info.channels))))
        theirs.removeLast(theirs.count - frames * Int(info.channels))
        #expect(ours.count == theirs.count)
        let firstDifference = ours.indices.first { $0 < theirs.count && ours[$0] != theirs[$0] }
        #expect(ours == theirs, "first difference at sample \(firstDifference ?? -1)")
        #expect(ours.contains { $0 != 0 })
    }

    @Test("a missing file is reported as fileNotFound with its path")
    func missingFile() {
        #expect {
            _ = try FileSource(path: "/nonexistent/call.wav")
        } throws: { error in
            let audio = error as? AudioError
            return audio?.kind == .fileNotFound && audio?.message.contains("/nonexistent/call.wav") == true
        }
    }

    @Test("a loop of links and a file on the way taken for a folder say so, not 'no such file'")
    func unreachablePaths() throws {
        let first = Self.temporaryPath("loop-a.wav")
        let second = Self.temporaryPath("loop-b.wav")
        try? FileManager.default.removeItem(atPath: first)
        try? FileManager.default.removeItem(atPath: second)
        try FileManager.default.createSymbolicLink(atPath: first, withDestinationPath: second)
        try FileManager.default.createSymbolicLink(atPath: second, withDestinationPath: first)
        let file = Self.temporaryPath("plain.txt")
        try "text\n".write(toFile: file, atomically: false, encoding: .utf8)
        let cases = [
            (first, "cannot open '\(first)': too many levels of symbolic links (a loop of links)"),
            (file + "/call.wav", "cannot open '\(file)/call.wav': a part of the path taken for a folder is a file"),
        ]
        for (path, said) in cases {
            #expect {
                _ = try FileSource(path: path)
            } throws: { error in
                (error as? AudioError)?.message == said
            }
        }
    }

    @Test("a text file named .wav is reported as unsupportedFormat")
    func textFile() throws {
        let path = Self.temporaryPath("notes.wav")
        try "this is not audio\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect {
            _ = try FileSource(path: path)
        } throws: { error in
            (error as? AudioError)?.kind == .unsupportedFormat && "\(error)".contains(path)
        }
    }

    @Test("files with more than two channels need a channel choice")
    func manyChannels() throws {
        let path = Self.temporaryPath("four.wav")
        let writer = try AudioFileWriter(path: path, sampleRate: 16_000, channelCount: 4)
        try writer.write([Float](repeating: 0, count: 16_000 * 4))
        writer.close()
        #expect {
            _ = try FileSource(path: path)
        } throws: { error in
            (error as? AudioError)?.kind == .unsupportedChannels && "\(error)".contains("--channels")
        }
        let source = try FileSource(path: path, channels: [0, 3])
        #expect(source.channelCount == 2)
        #expect(source.fileChannelCount == 4)
    }

    @Test(
        "a recording never closed (the process killed) has a header giving its length to within a second",
        arguments: [AudioFileWriter.Encoding.pcm16, .autoRF64])
    func recordingHeaderKeptUp(encoding: AudioFileWriter.Encoding) throws {
        let path = Self.scratch.appendingPathComponent("killed-recording-\(encoding).wav").path
        let writer = try AudioFileWriter(path: path, sampleRate: 8_000, channelCount: 2, encoding: encoding)
        let block = [Float](repeating: 0.1, count: 2 * 800)  // 0.1 s
        for _ in 0..<35 { try writer.write(block) }  // 3.5 s, and no close()
        try withExtendedLifetime(writer) {
            // The WAV header's data chunk size, which tools other than libsndfile trust (libsndfile itself reads
            // a size of 0 from the file's length).
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(bytes.prefix(4) == Data("RIFF".utf8), "a plain WAV while under 4 GiB")
            let data = try #require(bytes.range(of: Data("data".utf8)))
            let size = bytes[data.upperBound..<(data.upperBound + 4)].reversed().reduce(0) { $0 << 8 | Int($1) }
            #expect(size >= 3 * 8_000 * 4 && size <= 35 * 800 * 4, "\(size)")
        }
    }

    @Test("a recording that cannot be created says why in plain words: no folder, or a folder in the way")
    func unwritableRecording() {
        let cases = [
            (Self.scratch.appendingPathComponent("no-such-folder/x.wav").path, "its folder does not exist"),
            (Self.scratch.path, "it is a folder"),
        ]
        for (path, reason) in cases {
            #expect {
                _ = try AudioFileWriter(path: path, sampleRate: 8_000, channelCount: 2)
            } throws: { error in
                (error as? AudioError)?.message == "cannot create '\(path)': \(reason)"
            }
        }
    }

    @Test("a folder, a pipe and a device are named as what they are, not taken for recordings")
    func notAFile() throws {
        let fifo = Self.scratch.appendingPathComponent("capture.fifo").path
        unlink(fifo)
        #expect(mkfifo(fifo, 0o600) == 0)
        let cases = [
            (FileManager.default.temporaryDirectory.path, "it is a folder"), (fifo, "it is a pipe (FIFO)"),
            ("/dev/zero", "it is a device"),
        ]
        for (path, what) in cases {
            #expect {
                _ = try FileSource(path: path)
            } throws: { error in
                let error = error as? AudioError
                return error?.kind == .notAFile
                    && error?.message.contains("'\(path)': \(what), not a recording file") == true
            }
        }
    }
}
