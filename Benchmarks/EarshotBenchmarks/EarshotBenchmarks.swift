import EarshotAudio
import EarshotCore
import Foundation

/// `swift run -c release EarshotBenchmarks [--minutes N] [--runs N] [--long-hours N] [--no-batch]`: analyze throughput and memory on
/// long stereo recordings built from the samples; prints a table of medians measured in one run.
/// (`EarshotBenchmarks --bare-loop FILE` runs the bare FFTW loop once, for the instruction count.)
@main
struct EarshotBenchmarks {
    static func main() throws {
        let arguments = CommandLine.arguments
        if arguments.count == 3 && arguments[1] == "--bare-loop" {  // one pass, for the instruction count
            _ = try BareFFTLoop.throughput(path: arguments[2])
            return
        }
        func value(_ name: String, _ fallback: Int) -> Int {
            guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let v = Int(arguments[i + 1]) else {
                return fallback
            }
            return v
        }
        let minutes = value("--minutes", 60)
        let runs = value("--runs", 5)
        let here = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let earshot = here.appendingPathComponent("earshot").path
        guard FileManager.default.isExecutableFile(atPath: earshot) else {
            print("build the CLI first: swift build -c release")
            return
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("earshot-bench")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)

        let inputs: [(String, Int, AudioFileWriter.Encoding)] = [
            ("16 kHz PCM16 stereo", 16_000, .pcm16), ("8 kHz mu-law stereo", 8_000, .muLaw),
            ("48 kHz PCM16 stereo", 48_000, .pcm16),
        ]
        print("Earshot benchmark: \(minutes) min inputs looped from Samples/, median of \(runs) runs, one core")
        print("")
        print(
            row([
                "input", "analyze wall s", "x real time", "bare FFTW loop x real time", "bare / analyze",
                "peak RSS MB", "engine only x real time",
            ]))
        print(row(["---", "---", "---", "---", "---", "---", "---"]))
        var rows: [(label: String, path: String, wall: [Double], memory: [Double], bare: [Double])] = []
        for (label, rate, encoding) in inputs {
            let path = folder.appendingPathComponent("bench-\(rate)-\(encoding.rawValue)-\(minutes)m.wav").path
            if !FileManager.default.fileExists(atPath: path) {
                try BenchmarkInput.write(root: root, to: path, rate: rate, seconds: minutes * 60, encoding: encoding)
            }
            rows.append((label, path, [], [], []))
        }
        // Side by side: each analyze run is followed at once by a bare-loop run, so both see the same machine
        // load, and the ratio is the median of the runs' own ratios. The inputs take turns, round by round, so
        // a slow spell of a shared machine falls on every row rather than on all the runs of one.
        for _ in 0..<runs {
            for i in rows.indices {
                let sample = try ProcessMeasurement.run(earshot, ["analyze", "--format", "json", rows[i].path])
                guard sample.status == 0 else { throw CocoaError(.fileReadUnknown) }
                rows[i].wall.append(sample.seconds)
                rows[i].memory.append(sample.peakMemoryMB)
                rows[i].bare.append(try BareFFTLoop.throughput(path: rows[i].path))
            }
        }
        // Child peak memory includes this process's own peak at spawn time (posix_spawn shares it until
        // exec): every child runs before this process holds audio in memory.
        var longRows: [String] = []
        let hours = value("--long-hours", 10)
        if hours > 0 {
            let path = folder.appendingPathComponent("bench-16000-pcm16-\(hours)h.wav").path
            if !FileManager.default.fileExists(atPath: path) {
                try BenchmarkInput.write(root: root, to: path, rate: 16_000, seconds: hours * 3_600, encoding: .pcm16)
            }
            // The same file through `replay --speed max --json`: the live path, its status line each media second
            // with the running summary, flat out. Each command twice, in turns, the faster kept: the first run of
            // a 2.3 GB file may read it from disk, the others from the page cache.
            let commands = [
                ("\(hours) h 16 kHz PCM16 stereo (best of 2)", ["analyze", "--format", "json", path]),
                ("the same, `replay --speed max --json` (best of 2)", ["replay", "--speed", "max", "--json", path]),
            ]
            var best: [ProcessMeasurement.Sample?] = Array(repeating: nil, count: commands.count)
            for _ in 0..<2 {
                for (i, command) in commands.enumerated() {
                    let sample = try ProcessMeasurement.run(earshot, command.1)
                    guard sample.status == 0 else { throw CocoaError(.fileReadUnknown) }
                    if best[i].map({ sample.seconds < $0.seconds }) ?? true { best[i] = sample }
                }
            }
            for (command, sample) in zip(commands, best) {
                guard let sample else { continue }
                longRows.append(
                    row([
                        command.0, fixed(sample.seconds, 3), fixed(Double(hours * 3_600) / sample.seconds, 0), "", "",
                        fixed(sample.peakMemoryMB, 1), "",
                    ]))
            }
        }
        let parentPeak = BenchmarkInput.selfPeakMemoryMB()
        for (label, path, wall, memory, bare) in rows {
            let engineOnly = try engineThroughput(path: path, runs: runs)
            let media = Double(minutes * 60)
            let ratios = zip(wall, bare).map { seconds, bareSpeed in bareSpeed / (media / seconds) }
            print(
                row([
                    label, fixed(median(wall), 3), fixed(media / median(wall), 0), fixed(median(bare), 0),
                    fixed(median(ratios), 2), fixed(median(memory), 1), fixed(engineOnly, 0),
                ]))
        }
        longRows.forEach { print($0) }

        print("")
        print(
            "x real time = media seconds / wall seconds of `earshot analyze --format json FILE` (decode + engine + report)."
        )
        print("bare FFTW loop = decode with libsndfile, then per channel and 10 ms hop the same 25 ms Hann window,")
        print("FFTW real FFT and power of the speech-band bins Earshot reads, nothing else")
        print("(Benchmarks/EarshotBenchmarks/BareFFTLoop.swift). Each analyze run is followed by a bare-loop run;")
        print("bare / analyze is the median of those pairs' ratios (robust to load that changes between runs);")
        print("the inputs take turns, one run of each per round, so a slow spell touches every row.")
        let plan =
            RealFFT(size: 512).isMeasured
            ? "the measured plans of its FFTW wisdom" : "FFTW_ESTIMATE plans (its wisdom does not apply to this FFTW)"
        print("Both use Earshot's RealFFT, with \(plan).")
        print("engine only = the file's first 10 min already in memory, fed to Engine in 4096-frame blocks.")
        print("peak RSS = the analyze process's maximum resident set (wait4); the benchmark's own peak while")
        print("spawning was \(fixed(parentPeak, 1)) MB, a floor below which the figure cannot be read.")
        try AllocationCheck.run(earshot: earshot, folder: folder)
        try InstructionCount.run(earshot: earshot, root: root, folder: folder)
        if !arguments.contains("--no-batch") {
            try BatchBenchmark.run(earshot: earshot, root: root, folder: folder, runs: runs)
        }
    }

    /// Media seconds per wall second of the engine alone, median of `runs`, on the file's first 10 minutes.
    static func engineThroughput(path: String, runs: Int) throws -> Double {
        let source = try FileSource(path: path)
        var audio: [Float] = []
        let limit = source.sampleRate * 600 * source.channelCount
        while audio.count < limit, let block = try source.nextBlock() { audio.append(contentsOf: block.samples) }
        let format = try StreamFormat(sampleRate: source.sampleRate, channelCount: source.channelCount)
        var speeds: [Double] = []
        for _ in 0..<runs {
            let engine = Engine(format: format)
            let start = DispatchTime.now()
            audio.withUnsafeBufferPointer { all in
                var offset = 0
                while offset < all.count {
                    let count = min(4_096 * 2, all.count - offset)
                    engine.process(UnsafeBufferPointer(rebasing: all[offset..<offset + count]))
                    offset += count
                }
            }
            _ = engine.finish()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            speeds.append(Double(audio.count / 2) / Double(source.sampleRate) / seconds)
        }
        return median(speeds)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : (sorted[(sorted.count - 1) / 2] + sorted[sorted.count / 2]) / 2
    }

    static func fixed(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }

    static func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }
}
