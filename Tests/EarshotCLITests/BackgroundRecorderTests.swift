import EarshotAudio
import Foundation
import Testing

@testable import earshot

@Suite("--record on its own thread")
struct BackgroundRecorderTests {
    /// A sink that keeps what reaches it; its first write waits until the test lets it go (a disk that stalls),
    /// and a write that would take it past `failAfterFrames` fails (a full disk).
    final class StalledSink: RecordingSink, @unchecked Sendable {
        let entered = DispatchSemaphore(value: 0)
        let released = DispatchSemaphore(value: 0)
        let failAfterFrames: Int
        private(set) var samples: [Float] = []
        private(set) var closed = false
        private var first = true

        init(failAfterFrames: Int = .max) { self.failAfterFrames = failAfterFrames }

        func write(_ block: UnsafeBufferPointer<Float>) throws(AudioError) {
            if first {
                first = false
                entered.signal()
                if released.wait(timeout: .now() + 10) == .timedOut {
                    Issue.record("the first write was never released")
                }
            }
            guard (samples.count + block.count) / 2 <= failAfterFrames else {
                throw AudioError(kind: .writeFailed, message: "cannot write 'x.wav': disk full", path: "x.wav")
            }
            samples.append(contentsOf: block)
        }

        func close() { closed = true }

        /// The left channel of what was written: each frame's number, or 0.
        var left: [Float] { stride(from: 0, to: samples.count, by: 2).map { samples[$0] } }
    }

    /// Interleaved stereo frames numbered from `start` (left = n, right = -n), so every frame says where it was.
    static func frames(_ range: Range<Int>) -> [Float] { range.flatMap { [Float($0), -Float($0)] } }

    /// Appends the numbered frames `range` as one block.
    static func append(_ range: Range<Int>, to recorder: BackgroundRecorder) {
        frames(range).withUnsafeBufferPointer { recorder.append($0) }
    }

    /// A recorder of 1000 Hz stereo with a ring of 0.1 s (100 frames, 128 after rounding to a power of two) whose
    /// writer has taken frames 0..<10 and waits in the sink's first write.
    static func stalledRecorder() throws -> (StalledSink, BackgroundRecorder) {
        let sink = StalledSink()
        let recorder = try BackgroundRecorder(sink: sink, sampleRate: 1_000, channelCount: 2, bufferSeconds: 0.1)
        Self.append(0..<10, to: recorder)
        #expect(sink.entered.wait(timeout: .now() + 10) == .success)
        return (sink, recorder)
    }

    @Test("a stalled disk holds up no append; what did not fit is silence in its place, the timeline kept")
    func stalledDisk() throws {
        // Each append below returns while the writer waits.
        let (sink, recorder) = try Self.stalledRecorder()
        Self.append(10..<200, to: recorder)
        recorder.appendSilence(frames: 20)  // lost capture, queued behind what did not fit
        Self.append(220..<300, to: recorder)
        #expect(recorder.overflowFrames > 0)
        sink.released.signal()
        recorder.finish()
        #expect(sink.closed)
        #expect(recorder.takeFailure() == nil)
        let left = sink.left
        // Every frame is there, in order: each is its own number (kept) or zero (lost capture or did not fit).
        #expect(left.count == 300)
        let kept = left.enumerated().filter { $0.element != 0 }
        #expect(kept.allSatisfy { Float($0.offset) == $0.element }, "a frame out of place")
        // The stalled first block, then what fitted in the ring, are kept; the lost capture is zeros.
        #expect(Array(left[1..<138]) == (1..<138).map(Float.init))
        #expect(left[200..<220].allSatisfy { $0 == 0 })
        let silent = left.dropFirst().filter { $0 == 0 }.count
        #expect(silent == recorder.overflowFrames + 20)
        #expect(recorder.overflowStartSeconds == 0.138)
    }

    @Test("a disk that takes nothing is given up on: finish returns after the stall time, the writer left behind")
    func unresponsiveDisk() throws {
        let (sink, recorder) = try Self.stalledRecorder()
        Self.append(10..<50, to: recorder)
        let started = DispatchTime.now().uptimeNanoseconds
        #expect(!recorder.finish(stallSeconds: 0.3))
        let waited = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        #expect(waited >= 0.3 && waited < 5, "finish waited \(waited) s")
        sink.released.signal()  // the writer, left behind, then ends
    }

    @Test("lost capture far longer than the ring is silence in the recording, and the audio after it is all kept")
    func longOutage() throws {
        let sink = StalledSink()
        sink.released.signal()
        // A ring of 256 frames: room for all the audio, not for a fortieth of the silence.
        let recorder = try BackgroundRecorder(sink: sink, sampleRate: 1_000, channelCount: 2, bufferSeconds: 0.2)
        Self.append(0..<50, to: recorder)
        recorder.appendSilence(frames: 10_000)
        Self.append(10_050..<10_150, to: recorder)
        recorder.finish()
        #expect(recorder.overflowFrames == 0)
        #expect(
            sink.samples == Self.frames(0..<50) + [Float](repeating: 0, count: 20_000) + Self.frames(10_050..<10_150))
    }

    @Test("more outages than the queue holds while the disk stalls: later ones join into one, the timeline kept")
    func fullSilenceQueue() throws {
        let sink = StalledSink()
        let recorder = try BackgroundRecorder(sink: sink, sampleRate: 1_000, channelCount: 2, bufferSeconds: 10)
        Self.append(0..<1, to: recorder)
        #expect(sink.entered.wait(timeout: .now() + 10) == .success)
        // 400 times a frame of audio and a frame lost: the queue takes 256 runs, then the audio waits behind the
        // silence that cannot join it, and is silence too.
        for frame in stride(from: 1, to: 801, by: 2) {
            Self.append(frame..<(frame + 1), to: recorder)
            recorder.appendSilence(frames: 1)
        }
        sink.released.signal()
        recorder.finish()
        let left = sink.left
        #expect(left.count == 801)
        // The 256 outages the queue took each follow their frame of audio, and the 257th frame of audio still went
        // in before its outage found the queue full; from then on all is silence.
        let expected: [Float] = (0..<514).map { $0 % 2 == 1 ? Float($0) : 0 }
        #expect(Array(left[0..<514]) == expected)
        #expect(left[514...].allSatisfy { $0 == 0 })
        #expect(recorder.overflowFrames == 143)
    }

    @Test("a write that fails ends the recording once, with where it stopped; appends go on")
    func failedWrite() throws {
        let sink = StalledSink(failAfterFrames: 50)
        let recorder = try BackgroundRecorder(sink: sink, sampleRate: 1_000, channelCount: 2, bufferSeconds: 1)
        // The first 30 frames are written; the next write (the other 370) would pass 50 frames and fails.
        Self.append(0..<30, to: recorder)
        #expect(sink.entered.wait(timeout: .now() + 10) == .success)
        #expect(recorder.takeFailure() == nil)
        Self.append(30..<400, to: recorder)
        sink.released.signal()
        recorder.finish()
        let failure = try #require(recorder.takeFailure())
        #expect(failure.message.contains("disk full"))
        #expect(failure.seconds == 0.03)
        #expect(recorder.takeFailure() == nil, "reported twice")
        #expect(sink.closed)
        #expect(sink.samples == Self.frames(0..<30))
    }
}
