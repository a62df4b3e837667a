internal import CFFTW3
import Synchronization

/// FFTW's planner is not thread-safe; plans are created and destroyed under this lock (setup only).
/// The value says whether Earshot's wisdom has been offered to FFTW yet.
private let plannerLock = Mutex(false)

/// A real-to-complex FFT of one fixed size, planned once with FFTW and reused for every frame.
///
/// Owns FFTW-aligned input and output buffers. Not thread-safe: one instance per engine.
public final class RealFFT {
    /// Transform length in samples (a power of two).
    public let size: Int
    /// The time-domain input, `size` floats, aligned for SIMD. Write a frame here, then call `powerSpectrum(into:)`.
    public let input: UnsafeMutablePointer<Float>
    private let output: UnsafeMutablePointer<fftwf_complex>
    private let plan: fftwf_plan
    /// Whether the plan came from Earshot's measured wisdom (`FFTWisdom`); false when FFTW could not use
    /// it on this machine and planned with `FFTW_ESTIMATE`.
    public let isMeasured: Bool

    /// A real FFT of `size` points with its FFTW plan and aligned buffers.
    /// - Parameter size: a power of two from 16 to 65 536.
    public init(size: Int) {
        precondition(size >= 16 && size <= 65_536 && size & (size - 1) == 0, "FFT size must be a power of two")
        self.size = size
        let (input, output, plan, measured) = plannerLock.withLock { offered in
            if !offered {
                _ = fftwf_import_wisdom_from_string(FFTWisdom.text)
                offered = true
            }
            let input = fftwf_alloc_real(size)!
            let output = fftwf_alloc_complex(size / 2 + 1)!
            // Planning must not time anything (it would overwrite the buffers and could pick a different
            // plan, with different rounding, in each process): the measured plan from the wisdom if FFTW
            // can use it here (WISDOM_ONLY never measures), else FFTW's deterministic estimate.
            let flags = UInt32(FFTW_MEASURE) | UInt32(FFTW_WISDOM_ONLY)
            if let plan = fftwf_plan_dft_r2c_1d(Int32(size), input, output, flags) {
                return (input, output, plan, true)
            }
            return (input, output, fftwf_plan_dft_r2c_1d(Int32(size), input, output, UInt32(FFTW_ESTIMATE))!, false)
        }
        self.input = input
        self.output = output
        self.plan = plan
        isMeasured = measured
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
        powerSpectrum(into: power, bins: 0..<(size / 2 + 1))
    }

    /// The largest bin power written: samples near Float's limit (a corrupt float file) would overflow to
    /// infinity or NaN, which later sums and trackers could never leave; 1e30 leaves them room.
    public static let maxPower: Float = 1e30

    /// Transforms `input` and writes the power `|X[k]|²` of the bins in `bins` (within `0 ... size/2`) into
    /// `power[k]` (at most `maxPower`; NaN becomes `maxPower`), leaving the other values of `power` as they
    /// were. Real-time safe.
    /// - Parameters:
    ///   - power: caller-owned storage for `size / 2 + 1` values.
    ///   - bins: the bins to write, within `0 ... size/2`.
    @inline(__always)
    public func powerSpectrum(into power: UnsafeMutablePointer<Float>, bins: Range<Int>) {
        fftwf_execute(plan)
        output.withMemoryRebound(to: Float.self, capacity: size + 2) { pairs in
            // Eight bins at a time: sixteen interleaved floats split into real and imaginary lanes.
            var k = bins.lowerBound
            while k + 8 <= bins.upperBound {
                let both = UnsafeRawPointer(pairs + 2 * k).loadUnaligned(as: SIMD16<Float>.self)
                let re = both.evenHalf
                let im = both.oddHalf
                let p = re * re + im * im
                p.replacing(with: Self.maxPower, where: .!(p .<= Self.maxPower)).store(power + k)
                k += 8
            }
            while k < bins.upperBound {
                let re = pairs[2 * k]
                let im = pairs[2 * k + 1]
                let p = re * re + im * im
                power[k] = p <= Self.maxPower ? p : Self.maxPower
                k += 1
            }
        }
    }
}
