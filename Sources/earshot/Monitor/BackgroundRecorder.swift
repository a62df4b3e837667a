import EarshotAudio
import EarshotCore
import Foundation
import Synchronization

/// Where a recording's audio goes: an `AudioFileWriter` (tests give one of their own).
protocol RecordingSink: AnyObject {
    /// Appends interleaved frames. - Throws: `AudioError` when the write fails (disk full).
    func write(_ samples: UnsafeBufferPointer<Float>) throws(AudioError)
    /// Finishes the file.
    func close()
}

extension AudioFileWriter: RecordingSink {}

/// `--record` on a thread of its own. The engine thread only copies each block into a ring (no I/O, no lock, no
/// allocation) and a writer thread empties the ring into the file, so a disk that stalls (a busy or network
/// drive) holds up the writer only: capture and analysis go on. If a stall outlasts the ring, the audio that did
/// not fit is recorded as silence in its place, so the recording keeps the report's timeline, and `finish` says
/// how much. A write that fails (disk full) ends the recording, not the session.
///
/// `append`, `appendSilence`, `takeFailure` and `finish` are called from one thread (the engine's).
final class BackgroundRecorder: @unchecked Sendable {
    /// What went wrong with a recording, for the session to report.
    struct Failure: Sendable {
        /// The writer's error.
        let message: String
        /// Where in the recording (seconds from its start) it stopped.
        let seconds: Double
    }

    /// Seconds of audio the ring holds: the longest disk stall that loses nothing from the recording.
    static let defaultBufferSeconds = 30.0

    private let sink: any RecordingSink
    private let ring: SampleRing
    private let channelCount: Int
    private let sampleRate: Int
    /// Zeros to copy into the ring (lost capture, or audio that did not fit), written before any later audio.
    private let zeros: UnsafeMutablePointer<Float>
    private let zerosCount = 4_096
    private var owedZeroFrames = 0
    private var appendedFrames = 0
    /// Frames recorded as silence because the ring was full, and where the first of them lies.
    private(set) var overflowFrames = 0
    private var firstOverflowFrame = 0
    private var failureTaken = false
    private let stopping = Atomic<Bool>(false)
    private let failed = Atomic<Bool>(false)
    /// Set by the writer thread before it sets `failed` (release), read after `failed` is seen (acquire).
    private var failure: Failure?
    private var thread: pthread_t?

    /// Starts the writer thread.
    /// - Throws: `AudioError` of kind `writeFailed` when the thread cannot be started.
    init(
        sink: any RecordingSink, sampleRate: Int, channelCount: Int,
        bufferSeconds: Double = defaultBufferSeconds
    ) throws(AudioError) {
        self.sink = sink
        self.sampleRate = sampleRate
        self.channelCount = channelCount
        ring = SampleRing(
            minimumCapacity: Int(bufferSeconds * Double(sampleRate)) * channelCount, frameSize: channelCount)
        zeros = .allocate(capacity: zerosCount)
        zeros.initialize(repeating: 0, count: zerosCount)
        let context = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(
            &thread, nil,
            { context in
                Unmanaged<BackgroundRecorder>.fromOpaque(context!).takeRetainedValue().writeLoop()
                return nil
            }, context)
        guard created == 0 else {
            Unmanaged<BackgroundRecorder>.fromOpaque(context).release()
            let reason = String(cString: strerror(created))
            throw AudioError(
                kind: .writeFailed, message: "cannot start recording: \(reason)", path: "", underlying: reason)
        }
        self.thread = thread
    }

    deinit { zeros.deallocate() }

    /// Queues a block of interleaved frames. Real-time safe.
    func append(_ samples: UnsafeBufferPointer<Float>) {
        let frames = samples.count / channelCount
        defer { appendedFrames += frames }
        if owedZeroFrames > 0 { owedZeroFrames -= queueZeros(owedZeroFrames) }
        let lost = owedZeroFrames > 0 ? frames : ring.write(samples) / channelCount
        guard lost > 0 else { return }
        if overflowFrames == 0 { firstOverflowFrame = appendedFrames + frames - lost }
        overflowFrames += lost
        owedZeroFrames += lost
    }

    /// Queues `frames` frames of silence (lost capture). Real-time safe.
    func appendSilence(frames: Int) {
        appendedFrames += frames
        owedZeroFrames += frames
        owedZeroFrames -= queueZeros(owedZeroFrames)
    }

    /// The failure of the writer, once: `nil` while it writes, and after the failure was taken.
    func takeFailure() -> Failure? {
        guard !failureTaken, failed.load(ordering: .acquiring) else { return nil }
        failureTaken = true
        return failure
    }

    /// Where the silence put in for a full ring begins (seconds from the start), if there is any.
    var overflowStartSeconds: Double? {
        overflowFrames > 0 ? Double(firstOverflowFrame) / Double(sampleRate) : nil
    }

    /// Waits until everything queued is written (the owed silence included) and closes the file.
    func finish() {
        while owedZeroFrames > 0 && !failed.load(ordering: .acquiring) {
            owedZeroFrames -= queueZeros(owedZeroFrames)
            if owedZeroFrames > 0 { usleep(1_000) }
        }
        stopping.store(true, ordering: .releasing)
        if let thread { pthread_join(thread, nil) }
        thread = nil
    }

    /// Copies up to `frames` frames of zeros into the ring; returns how many fitted.
    private func queueZeros(_ frames: Int) -> Int {
        var queued = 0
        while queued < frames {
            let count = min(frames - queued, zerosCount / channelCount) * channelCount
            let dropped = ring.write(UnsafeBufferPointer(start: zeros, count: count))
            queued += (count - dropped) / channelCount
            if dropped > 0 { break }
        }
        return queued
    }

    /// The writer thread: empties the ring into the sink until `finish`, then closes it.
    private func writeLoop() {
        let capacity = 8_192 * channelCount
        let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var written = 0
        var ok = true
        while true {
            // Read before emptying the ring: whatever was queued before `finish` is then in it.
            let stop = stopping.load(ordering: .acquiring)
            let count = ring.read(into: buffer)
            if count > 0 {
                guard ok else { continue }  // after a failure the ring is emptied, not written
                do {
                    try sink.write(UnsafeBufferPointer(rebasing: buffer[0..<count]))
                    written += count / channelCount
                } catch {
                    ok = false
                    sink.close()
                    failure = Failure(message: error.message, seconds: Double(written) / Double(sampleRate))
                    failed.store(true, ordering: .releasing)
                }
                continue
            }
            if stop { break }
            usleep(5_000)
        }
        if ok { sink.close() }
    }
}
