import EarshotAudio
import Foundation

/// Batch throughput: hours of audio per minute of wall time with 1 and 2 jobs, side by side.
enum BatchBenchmark {
    static func run(earshot: String, root: URL, folder: URL, runs: Int) throws {
        let input = folder.appendingPathComponent("batch-input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let files = 16
        let seconds = 600
        for i in 0..<files {
            let path = input.appendingPathComponent(String(format: "call-%02d.wav", i)).path
            if !FileManager.default.fileExists(atPath: path) {
                try BenchmarkInput.write(root: root, to: path, rate: 16_000, seconds: seconds, encoding: .pcm16)
            }
        }
        let hours = Double(files * seconds) / 3_600
        print("")
        print(
            "Batch: \(files) files of \(seconds / 60) min (16 kHz PCM16 stereo), `earshot analyze DIR --output OUT --jobs N`"
        )
        print("")
        print(EarshotBenchmarks.row(["jobs", "wall s (median)", "hours of audio per minute", "speed-up"]))
        print(EarshotBenchmarks.row(["---", "---", "---", "---"]))
        var baseline = 0.0
        for jobs in [1, 2] {
            var walls: [Double] = []
            for _ in 0..<runs {
                let output = folder.appendingPathComponent("batch-out-\(jobs)")
                try? FileManager.default.removeItem(at: output)
                let sample = try ProcessMeasurement.run(
                    earshot, ["analyze", input.path, "--output", output.path, "--jobs", "\(jobs)"])
                walls.append(sample.seconds)
            }
            let wall = EarshotBenchmarks.median(walls)
            if jobs == 1 { baseline = wall }
            print(
                EarshotBenchmarks.row([
                    "\(jobs)", EarshotBenchmarks.fixed(wall, 2), EarshotBenchmarks.fixed(hours / (wall / 60), 1),
                    EarshotBenchmarks.fixed(baseline / wall, 2),
                ]))
        }
    }
}
