import EarshotAudio
import Foundation

/// Audio files made from the Samples for tests that need another shape of the same speech.
enum SampleAudio {
    /// Writes channel 0 of the stereo sample `name` (e.g. "call-03-monologue.wav") to `path` as a mono WAV.
    static func firstChannel(of name: String, to path: String) throws {
        let source = try FileSource(path: EarshotProcess.sample(name), channels: [0])
        let mono = try AudioFileWriter(path: path, sampleRate: source.sampleRate, channelCount: 1)
        while let block = try source.nextBlock() { try mono.write(block.samples) }
        mono.close()
    }

    /// Writes the stereo sample `name` to `path` as three channels: a silent one, then its two.
    static func widened(_ name: String, to path: String) throws {
        try threeChannels(of: name, to: path, silent: 0)
    }

    /// Writes the stereo sample `name` to `path` with its customer channel (1) silenced: a muted line.
    static func mutedCustomer(_ name: String, to path: String) throws {
        try rewritten(name, to: path) { frame in frame.customer = 0 }
    }

    /// Writes the stereo sample `name` to `path` with both channels silenced: a recording of nobody.
    static func silenced(_ name: String, to path: String) throws {
        try rewritten(name, to: path) { frame in frame = (0, 0) }
    }

    /// Writes the stereo sample `name` to `path` with its agent channel (0) on both channels: a mono recording
    /// written twice.
    static func sameOnBoth(_ name: String, to path: String) throws {
        try rewritten(name, to: path) { frame in frame.customer = frame.agent }
    }

    /// Writes the stereo sample `name` to `path` as three channels: its agent and customer in order, with a silent
    /// channel at `silent` (0, 1 or 2; default 1: agent, silence, customer).
    static func threeChannels(of name: String, to path: String, silent: Int = 1) throws {
        let source = try FileSource(path: EarshotProcess.sample(name))
        let out = try AudioFileWriter(path: path, sampleRate: source.sampleRate, channelCount: 3)
        let (agent, customer) = (silent == 0 ? 1 : 0, silent == 2 ? 1 : 2)
        while let block = try source.nextBlock() {
            var samples = [Float](repeating: 0, count: block.frameCount * 3)
            for frame in 0..<block.frameCount {
                samples[frame * 3 + agent] = block.samples[frame * 2]
                samples[frame * 3 + customer] = block.samples[frame * 2 + 1]
            }
            try out.write(samples)
        }
        out.close()
    }

    /// Writes the mono recording at `source` to `path` as two channels, the second a copy `delay` seconds late and
    /// `gain` times as loud: a mono recording written twice by a recorder that delays one side, or (quieter) a
    /// channel that carries nothing but the other's leak.
    static func copiedLate(_ source: String, delay: Double, gain: Float = 1, to path: String) throws {
        let input = try FileSource(path: source)
        let out = try AudioFileWriter(path: path, sampleRate: input.sampleRate, channelCount: 2)
        var history = [Float](repeating: 0, count: Int((delay * Double(input.sampleRate)).rounded()))
        var next = 0
        while let block = try input.nextBlock() {
            var samples = [Float](repeating: 0, count: block.frameCount * 2)
            for frame in 0..<block.frameCount {
                samples[frame * 2] = block.samples[frame]
                guard !history.isEmpty else {
                    samples[frame * 2 + 1] = gain * block.samples[frame]
                    continue
                }
                samples[frame * 2 + 1] = gain * history[next]
                history[next] = block.samples[frame]
                next = (next + 1) % history.count
            }
            try out.write(samples)
        }
        out.close()
    }

    /// Writes the stereo sample `name` to `path` as 32-bit float with `offset` added to every sample: a DC offset
    /// (0: the same audio, as float).
    static func withOffset(_ name: String, _ offset: Float, to path: String) throws {
        try rewritten(name, to: path, encoding: .float32) { frame in
            frame.agent += offset
            frame.customer += offset
        }
    }

    /// Writes the stereo sample `name` to `path` with `edit` applied to each of its sample frames.
    private static func rewritten(
        _ name: String, to path: String, encoding: AudioFileWriter.Encoding = .pcm16,
        _ edit: (inout (agent: Float, customer: Float)) -> Void
    ) throws {
        let source = try FileSource(path: EarshotProcess.sample(name))
        let out = try AudioFileWriter(path: path, sampleRate: source.sampleRate, channelCount: 2, encoding: encoding)
        while let block = try source.nextBlock() {
            var samples = Array(block.samples)
            for frame in 0..<block.frameCount {
                var pair = (agent: samples[frame * 2], customer: samples[frame * 2 + 1])
                edit(&pair)
                (samples[frame * 2], samples[frame * 2 + 1]) = (pair.agent, pair.customer)
            }
            try out.write(samples)
        }
        out.close()
    }

    /// Writes the first `seconds` of the sample `name` to `path`.
    static func prefix(of name: String, seconds: Double, to path: String) throws {
        let source = try FileSource(path: EarshotProcess.sample(name))
        let out = try AudioFileWriter(path: path, sampleRate: source.sampleRate, channelCount: source.channelCount)
        var frames = Int(seconds * Double(source.sampleRate))
        while frames > 0, let block = try source.nextBlock() {
            let count = min(frames, block.frameCount)
            try out.write(UnsafeBufferPointer(rebasing: block.samples[0..<(count * source.channelCount)]))
            frames -= count
        }
        out.close()
    }

    /// Writes the sample `name` to `path` followed by `seconds` of digital silence: a call ending after a hang-up.
    static func withTrailingSilence(_ name: String, seconds: Double, to path: String) throws {
        let source = try FileSource(path: EarshotProcess.sample(name))
        let out = try AudioFileWriter(path: path, sampleRate: source.sampleRate, channelCount: source.channelCount)
        while let block = try source.nextBlock() { try out.write(block.samples) }
        try out.write([Float](repeating: 0, count: Int(seconds * Double(source.sampleRate)) * source.channelCount))
        out.close()
    }

    /// Writes the stereo sample `name` `times` times over to `path`: a long call of the same speech.
    static func looped(_ name: String, times: Int, to path: String) throws {
        let first = try FileSource(path: EarshotProcess.sample(name))
        let out = try AudioFileWriter(path: path, sampleRate: first.sampleRate, channelCount: first.channelCount)
        for _ in 0..<times {
            let source = try FileSource(path: EarshotProcess.sample(name))
            while let block = try source.nextBlock() { try out.write(block.samples) }
        }
        out.close()
    }
}
