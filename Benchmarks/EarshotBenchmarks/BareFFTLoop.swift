import EarshotAudio
import EarshotCore
import Foundation

/// The speed limit for a detector built on FFT energy features: decode the file with libsndfile, and
/// for every channel and every 10 ms hop apply the same 25 ms Hann window, run the same FFTW real FFT
/// (Earshot's `RealFFT`: same size, same plan) and take the power of the same speech-band bins, and nothing
/// else. Earshot's throughput is quoted as a ratio to this.
enum BareFFTLoop {
    /// Media seconds per wall second of one pass over `path`.
    static func throughput(path: String) throws -> Double {
        let start = DispatchTime.now()
        let source = try FileSource(path: path)
        let channels = source.channelCount
        let rate = source.sampleRate
        // Earshot's own window length, window function, FFT size and speech band.
        let extractor = FeatureExtractor(sampleRate: rate)
        let window = extractor.windowSamples
        let hann = extractor.windowFunction
        let bandBins = extractor.layout.bandBins
        let fft = RealFFT(size: extractor.fftSize)
        let input = fft.input
        // Per channel, a linear history: the last `window` samples, then room for one block.
        let capacity = window + 65_536
        let history = UnsafeMutablePointer<Float>.allocate(capacity: capacity * channels)
        history.initialize(repeating: 0, count: capacity * channels)
        let power = UnsafeMutablePointer<Float>.allocate(capacity: extractor.fftSize / 2 + 1)
        defer {
            history.deallocate()
            power.deallocate()
        }
        var filled = window  // samples held per channel (starts with a window of zeros)
        var base = -window  // file sample index of history[0]
        var written = 0  // samples per channel consumed from the file
        var frames = 0
        var checksum: Float = 0
        while let block = try source.nextBlock() {
            let samples = block.samples
            for c in 0..<channels {
                let row = history + c * capacity + filled
                for i in 0..<block.frameCount { row[i] = samples[i * channels + c] }
            }
            filled += block.frameCount
            written += block.frameCount
            while (frames + 1) * rate / 100 <= written {
                frames += 1
                let end = frames * rate / 100 - base  // offset in the history just past the frame
                for c in 0..<channels {
                    let frame = history + c * capacity + end - window
                    for j in 0..<window { input[j] = frame[j] * hann[j] }
                    fft.powerSpectrum(into: power, bins: bandBins)
                    checksum += power[bandBins.lowerBound]
                }
            }
            // Keep the last `window` samples of each channel at the front.
            for c in 0..<channels {
                let row = history + c * capacity
                row.update(from: row + filled - window, count: window)
            }
            base += filled - window
            filled = window
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        precondition(checksum.isFinite)
        return Double(written) / Double(rate) / seconds
    }
}
