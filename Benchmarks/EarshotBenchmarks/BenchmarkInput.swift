import EarshotAudio
import Foundation

/// Builds long benchmark recordings by looping the bundled sample calls, streaming (the benchmark
/// process must stay small: a child's peak memory as the kernel reports it includes the parent's at
/// spawn time).
enum BenchmarkInput {
    static let calls = ["call-01-calm", "call-02-interruptions", "call-03-monologue", "call-04-noisy"]

    /// Writes `seconds` of the looped 8 kHz samples at `rate` (linear interpolation) to `path`, under another
    /// name until it is complete (a run killed part-way leaves no short input for the next run to reuse).
    static func write(root: URL, to path: String, rate: Int, seconds: Int, encoding: AudioFileWriter.Encoding) throws {
        let partial = path + ".partial"
        let writer = try AudioFileWriter(path: partial, sampleRate: rate, channelCount: 2, encoding: encoding)
        let total = rate * seconds
        let ratio = rate / 8_000
        precondition(ratio * 8_000 == rate, "benchmark rates are multiples of 8 kHz")
        var out = [Float](repeating: 0, count: 2 * 4_096 * ratio)
        var previous: (Float, Float) = (0, 0)
        var written = 0
        while written < total {
            for name in calls where written < total {
                let source = try FileSource(path: root.appendingPathComponent("Samples/\(name).wav").path)
                while written < total, let block = try source.nextBlock() {
                    var count = 0
                    for i in 0..<block.frameCount {
                        let next = (block.samples[2 * i], block.samples[2 * i + 1])
                        for step in 1...ratio {
                            let f = Float(step) / Float(ratio)
                            out[2 * count] = previous.0 + (next.0 - previous.0) * f
                            out[2 * count + 1] = previous.1 + (next.1 - previous.1) * f
                            count += 1
                        }
                        previous = next
                    }
                    count = min(count, total - written)
                    try out.withUnsafeBufferPointer { buffer throws(AudioError) in
                        try writer.write(UnsafeBufferPointer(rebasing: buffer[0..<(2 * count)]))
                    }
                    written += count
                }
            }
        }
        writer.close()
        guard rename(partial, path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }

    /// This process's own peak resident memory in MB (VmHWM).
    static func selfPeakMemoryMB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
    }
}
