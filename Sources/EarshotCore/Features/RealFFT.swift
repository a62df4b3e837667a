internal import CFFTW3
import Synchronization

/// FFTW's planner is not thread-safe; plans are created and destroyed under this lock (setup only).
private let plannerLock = Mutex(())

/// A real-to-complex FFT of one fixed size, planned once with FFTW and reused for every frame.
///
/// Owns FFTW-aligned input and output buffers. Not thread-safe: one instance per engine.
public final class RealFFT {
    /// Transform length in samples (a power of two).
    public let size: Int
    /// The time-domain input, `size` floats, aligned for SIMD. Write a frame here, then call `transform`.
    public let input: UnsafeMutablePointer<Float>
    private let output: UnsafeMutablePointer<fftwf_complex>
    private let plan: fftwf_plan

    /// - Parameter size: a power of two from 16 to 65 536.
    public init(size: Int) {
        precondition(size >= 16 && size <= 65_536 && size & (size - 1) == 0, "FFT size must be a power of two")
        self.size = size
        let (input, output, plan) = plannerLock.withLock { _ in
            let input = fftwf_alloc_real(size)!
            let output = fftwf_alloc_complex(size / 2 + 1)!
            // FFTW_ESTIMATE: planning must not overwrite or time the buffers, and must be deterministic.
            let plan = fftwf_plan_dft_r2c_1d(Int32(size), input, output, UInt32(FFTW_ESTIMATE))!
            return (input, output, plan)
        }
        self.input = input
        self.output = output
        self.plan = plan
        input.initialize(repeating: 0, count: size)
    }

    deinit {
        plannerLock.withLock { _ in
            fftwf_destroy_plan(plan)
            fftwf_free(input)
            fftwf_free(output)
        }
    }

    /// Transforms `input` and writes the power `|X[k]|²` of bins `0 ... size/2` into `power`.
    /// Real-time safe.
    /// - Parameter power: caller-owned storage for `size / 2 + 1` values.
    @inline(__always)
    public func powerSpectrum(into power: UnsafeMutablePointer<Float>) {
        fftwf_execute(plan)
        let bins = size / 2 + 1
        output.withMemoryRebound(to: Float.self, capacity: 2 * bins) { pairs in
            // Eight bins at a time: sixteen interleaved floats split into real and imaginary lanes.
            var k = 0
            while k + 8 <= bins {
                let both = UnsafeRawPointer(pairs + 2 * k).loadUnaligned(as: SIMD16<Float>.self)
                let re = both.evenHalf
                let im = both.oddHalf
                (re * re + im * im).store(power + k)
                k += 8
            }
            while k < bins {
                let re = pairs[2 * k]
                let im = pairs[2 * k + 1]
                power[k] = re * re + im * im
                k += 1
            }
        }
    }
}
