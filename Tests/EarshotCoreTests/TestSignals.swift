import Foundation

@testable import EarshotCore

/// Deterministic test audio with exact sample edges: voiced "vowels" (harmonic series), tones, noise.
struct TestSignals {
    /// A reproducible generator (xorshift), so noise is identical on every run.
    struct Random {
        var state: UInt64
        mutating func next() -> Float {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Float(state >> 40) / Float(1 << 24) * 2 - 1
        }
    }

    let sampleRate: Int

    /// A voiced, speech-like sound from `start` to `end` seconds: harmonics of a gliding 110-150 Hz
    /// fundamental up to 3.4 kHz with a formant-like tilt and a syllable-rate (4 Hz) amplitude
    /// modulation; RMS about `level` (linear).
    func voice(into buffer: inout [Float], from start: Double, to end: Double, level: Float = 0.1, pitch: Double = 120)
    {
        let first = Int(start * Double(sampleRate))
        let last = min(buffer.count, Int(end * Double(sampleRate)))
        guard first < last else { return }
        let nyquist = Double(sampleRate) / 2
        let harmonics = max(1, Int(min(3_400, nyquist - 100) / (pitch * 1.25)))
        var phases = [Double](repeating: 0, count: harmonics)
        for n in first..<last {
            let t = Double(n - first) / Double(sampleRate)
            let f0 = pitch * (1 + 0.12 * TestSignals.sine(2 * Double.pi * 0.7 * t))
            var value = 0.0
            for h in 0..<harmonics {
                let frequency = f0 * Double(h + 1)
                phases[h] += 2 * Double.pi * frequency / Double(sampleRate)
                if phases[h] > 2 * Double.pi { phases[h] -= 2 * Double.pi }
                let formant = 1 / (1 + abs(frequency - 700) / 400) + 0.5 / (1 + abs(frequency - 1_800) / 500)
                value += formant * TestSignals.sine(phases[h])
            }
            let syllable = 0.6 + 0.4 * TestSignals.sine(2 * Double.pi * 4 * t)
            let edge = min(1, min(t, Double(last - n) / Double(sampleRate)) / 0.01)  // 10 ms ramps
            buffer[n] += Float(value * syllable * edge) * level * 0.45
        }
    }

    /// A steady sine of `frequency` Hz at peak `amplitude`.
    func tone(
        into buffer: inout [Float], frequency: Double, amplitude: Float, from start: Double = 0, to end: Double? = nil
    ) {
        let first = Int(start * Double(sampleRate))
        let last = min(buffer.count, Int((end ?? Double(buffer.count) / Double(sampleRate)) * Double(sampleRate)))
        for n in first..<last {
            buffer[n] += amplitude * Float(TestSignals.sine(2 * Double.pi * frequency * Double(n) / Double(sampleRate)))
        }
    }

    /// White noise of peak `amplitude` everywhere.
    func noise(into buffer: inout [Float], amplitude: Float, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) {
        var random = Random(state: seed)
        for n in buffer.indices { buffer[n] += amplitude * random.next() }
    }

    static func sine(_ x: Double) -> Double { Foundation.sin(x) }

    /// Interleaves two equal-length channels.
    static func interleave(_ left: [Float], _ right: [Float]) -> [Float] {
        var out = [Float](repeating: 0, count: left.count * 2)
        for i in left.indices {
            out[2 * i] = left[i]
            out[2 * i + 1] = right[i]
        }
        return out
    }

    /// Runs a whole buffer through a new engine in blocks of `block` frames.
    static func analyze(
        _ samples: [Float], sampleRate: Int, channels: Int, block: Int = 1_024,
        configuration: EngineConfiguration = .standard
    ) throws -> Report {
        let engine = Engine(
            format: try StreamFormat(sampleRate: sampleRate, channelCount: channels), configuration: configuration)
        samples.withUnsafeBufferPointer { all in
            var offset = 0
            while offset < all.count {
                let count = min(block * channels, all.count - offset)
                engine.process(UnsafeBufferPointer(rebasing: all[offset..<offset + count]))
                offset += count
            }
        }
        return engine.finish()
    }
}
