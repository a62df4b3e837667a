import EarshotAudio
import Foundation

/// Heap allocations per steady-state frame, counted by valgrind (memcheck's "total heap usage") on
/// `earshot analyze` of 30 s and 60 s of steady noise: the same count for both means no frame allocates.
enum AllocationCheck {
    static func run(earshot: String, folder: URL) throws {
        print("")
        guard Valgrind.isInstalled else {
            print("Allocations per frame: valgrind is not installed (apt-get install valgrind) — not measured")
            return
        }
        var counts: [Int] = []
        for seconds in [30, 60] {
            let path = folder.appendingPathComponent("noise-\(seconds)s.wav").path
            try writeNoise(path, seconds: seconds)
            counts.append(try heapAllocations(earshot, path))
        }
        let frames = 30 * 100 * 2  // 30 s more, 100 frames a second, two channels
        print(EarshotBenchmarks.row(["input", "heap allocations (valgrind)"]))
        print(EarshotBenchmarks.row(["---", "---"]))
        print(EarshotBenchmarks.row(["30 s steady noise, 16 kHz stereo", "\(counts[0])"]))
        print(EarshotBenchmarks.row(["60 s steady noise, 16 kHz stereo", "\(counts[1])"]))
        let extra = counts[1] - counts[0]
        print(
            "30 s more audio (\(frames) channel frames) changed the allocation count by \(extra): "
                + "\(extra <= 0 ? "0" : EarshotBenchmarks.fixed(Double(extra) / Double(frames), 4)) allocations per "
                + "steady-state frame (a difference of a few comes from the file name and output, not from frames)")
    }

    static func writeNoise(_ path: String, seconds: Int) throws {
        let rate = 16_000
        let writer = try AudioFileWriter(path: path, sampleRate: rate, channelCount: 2)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var block = [Float](repeating: 0, count: 2 * 1_600)
        for _ in 0..<(seconds * 10) {
            for i in block.indices {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                block[i] = (Float(state >> 40) / Float(1 << 24) - 0.5) * 0.02
            }
            try writer.write(block)
        }
        writer.close()
    }

    static func heapAllocations(_ earshot: String, _ path: String) throws -> Int {
        let text = try Valgrind.report([
            "--tool=memcheck", "--leak-check=no", earshot, "analyze", "--format", "json", path,
        ])
        guard let line = text.split(separator: "\n").first(where: { $0.contains("total heap usage") }),
            let field = line.split(separator: ":").last?.split(separator: " ").first,
            let count = Int(field.replacingOccurrences(of: ",", with: ""))
        else { return -1 }
        return count
    }
}
