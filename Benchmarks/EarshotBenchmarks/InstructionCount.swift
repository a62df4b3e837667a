import EarshotAudio
import Foundation

/// Instructions per channel frame, counted by valgrind's callgrind: `earshot analyze` and the bare FFTW loop
/// on 30 s and 60 s of the same looped samples. The counts do not depend on machine load, so the ratio is
/// the same run after run on one machine; the difference of the two lengths over their 6000 channel frames
/// leaves start-up out. Instructions are not time (FFTW's vector instructions each do more work), so this
/// complements the wall-time ratio rather than replacing it.
enum InstructionCount {
    static func run(earshot: String, root: URL, folder: URL) throws {
        print("")
        guard Valgrind.isInstalled else {
            print("Instructions per frame: valgrind is not installed (apt-get install valgrind) — not measured")
            return
        }
        let benchmark = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        print(
            EarshotBenchmarks.row([
                "input", "analyze instructions per channel frame", "bare FFTW loop", "analyze / bare",
            ]))
        print(EarshotBenchmarks.row(["---", "---", "---", "---"]))
        let inputs: [(String, Int, AudioFileWriter.Encoding)] = [
            ("16 kHz PCM16 stereo", 16_000, .pcm16), ("8 kHz mu-law stereo", 8_000, .muLaw),
        ]
        for (label, rate, encoding) in inputs {
            var analyze: [Int] = []
            var bare: [Int] = []
            for seconds in [30, 60] {
                let path = folder.appendingPathComponent("slice-\(rate)-\(encoding.rawValue)-\(seconds)s.wav").path
                if !FileManager.default.fileExists(atPath: path) {
                    try BenchmarkInput.write(root: root, to: path, rate: rate, seconds: seconds, encoding: encoding)
                }
                analyze.append(try instructions([earshot, "analyze", "--format", "json", path]))
                bare.append(try instructions([benchmark, "--bare-loop", path]))
            }
            let frames = Double(30 * 100 * 2)  // 30 s more, 100 frames a second, two channels
            let perFrame = Double(analyze[1] - analyze[0]) / frames
            let barePerFrame = Double(bare[1] - bare[0]) / frames
            print(
                EarshotBenchmarks.row([
                    label, EarshotBenchmarks.fixed(perFrame, 0), EarshotBenchmarks.fixed(barePerFrame, 0),
                    EarshotBenchmarks.fixed(perFrame / barePerFrame, 2),
                ]))
        }
        print("instructions = callgrind's count for 60 s minus that for 30 s of the same looped samples, per channel")
        print("frame: decoding and every per-frame step, without start-up; the same on every run on one machine.")
    }

    /// Instructions executed by `command` under callgrind (its "Collected" total), or -1 when it cannot be read.
    static func instructions(_ command: [String]) throws -> Int {
        let text = try Valgrind.report(["--tool=callgrind", "--callgrind-out-file=/dev/null"] + command)
        guard let line = text.split(separator: "\n").first(where: { $0.contains("Collected :") }),
            let field = line.split(separator: ":").last?.trimmingCharacters(in: .whitespaces),
            let count = Int(field)
        else { return -1 }
        return count
    }
}
