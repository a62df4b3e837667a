import CFFTW3
import EarshotAudio
import Foundation

/// The speed limit for a detector built on FFT energy features: decode the file with libsndfile, and
/// for every channel and every 10 ms hop apply the same 25 ms Hann window, run the same FFTW real FFT
/// and take the power spectrum, and nothing else. Earshot's throughput is quoted as a ratio to this.
enum BareFFTLoop {
    /// Media seconds per wall second of one pass over `path`.
    static func throughput(path: String) throws -> Double {
        let start = DispatchTime.now()
        let source = try FileSource(path: path)
        let channels = source.channelCount
        let window = source.sampleRate * 25 / 1_000
        var size = 16
        while size < window { size <<= 1 }
        let input = fftwf_alloc_real(size)!
        let output = fftwf_alloc_complex(size / 2 + 1)!
        defer {
            fftwf_free(input)
            fftwf_free(output)
        }
        input.initialize(repeating: 0, count: size)
        let plan = fftwf_plan_dft_r2c_1d(Int32(size), input, output, UInt32(FFTW_ESTIMATE))!
        defer { fftwf_destroy_plan(plan) }
        let hann = (0..<window).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(window))) }
        // Per-channel history of the last `window` samples, as a ring.
        let ringSize = 1 << Int(log2(Double(window)).rounded(.up))
        var rings = [Float](repeating: 0, count: ringSize * channels)
        var power = [Float](repeating: 0, count: size / 2 + 1)
        var written = 0
        var frames = 0
        var checksum: Float = 0
        let mask = ringSize - 1
        while let block = try source.nextBlock() {
            for i in 0..<block.frameCount {
                for c in 0..<channels { rings[c * ringSize + (written & mask)] = block.samples[i * channels + c] }
                written += 1
                guard written == (frames + 1) * source.sampleRate / 100 else { continue }
                frames += 1
                for c in 0..<channels {
                    let first = written - window
                    for j in 0..<window { input[j] = rings[c * ringSize + ((first + j) & mask)] * hann[j] }
                    fftwf_execute(plan)
                    output.withMemoryRebound(to: Float.self, capacity: size + 2) { pairs in
                        for k in 0...(size / 2) {
                            power[k] = pairs[2 * k] * pairs[2 * k] + pairs[2 * k + 1] * pairs[2 * k + 1]
                        }
                    }
                    checksum += power[size / 8]
                }
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        precondition(checksum.isFinite)
        return Double(written) / Double(source.sampleRate) / seconds
    }
}
