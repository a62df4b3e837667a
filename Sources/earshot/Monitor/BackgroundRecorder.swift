import EarshotAudio
import EarshotCore
import Foundation
import Synchronization

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
    /// Silence (lost capture, or audio that did not fit) placed by how much audio comes before it: however long,
    /// a run takes one entry, so an outage of an hour fills no ring.
    private let silences = SilenceRunQueue(capacity: 256)
    private let channelCount: Int
    private let sampleRate: Int
    /// Frames of audio put in the ring, and the silence waiting to join the queue (it is full); audio waits
    /// behind it, so it always comes after all the audio in the ring.
    private var ringFrames = 0
    private var waitingSilence = 0
    private var appendedFrames = 0
    /// Frames recorded as silence because the ring or the queue was full, and where the first of them lies.
    private(set) var overflowFrames = 0
    private var firstOverflowFrame = 0
    private var failureTaken = false
    private let stopping = Atomic<Bool>(false)
    private let failed = Atomic<Bool>(false)
    /// Frames the sink has taken so far (the writer's progress), and whether the writer has ended.
    private let writtenFrames = Atomic<Int>(0)
    private let ended = Atomic<Bool>(false)
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

    /// Queues a block of interleaved frames. Real-time safe.
    func append(_ samples: UnsafeBufferPointer<Float>) {
        let frames = samples.count / channelCount
        defer { appendedFrames += frames }
        let lost = queueWaitingSilence() ? ring.write(samples) / channelCount : frames
        ringFrames += frames - lost
        guard lost > 0 else { return }
        if overflowFrames == 0 { firstOverflowFrame = appendedFrames + frames - lost }
        overflowFrames += lost
        waitingSilence += lost
        _ = queueWaitingSilence()
    }

    /// Queues `frames` frames of silence (lost capture). Real-time safe.
    func appendSilence(frames: Int) {
        appendedFrames += frames
        waitingSilence += frames
        _ = queueWaitingSilence()
    }

    /// Moves the waiting silence into the queue; false if it has to wait on (the queue is full).
    private func queueWaitingSilence() -> Bool {
        guard waitingSilence > 0 else { return true }
        guard silences.push(.init(afterAudioFrames: ringFrames, frames: waitingSilence)) else { return false }
        waitingSilence = 0
        return true
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

    /// Waits until everything queued is written (the silence included) and closes the file. A disk that takes
    /// nothing for `stallSeconds` (it stopped responding) is given up on: the writer thread is left behind and
    /// `false` comes back, so that the session can still end.
    @discardableResult
    func finish(stallSeconds: Double = 10) -> Bool {
        var progress = (frames: writtenFrames.load(ordering: .acquiring), at: DispatchTime.now().uptimeNanoseconds)
        let stalled = { () -> Bool in
            let now = DispatchTime.now().uptimeNanoseconds
            let frames = self.writtenFrames.load(ordering: .acquiring)
            if frames != progress.frames { progress = (frames, now) }
            return Double(now - progress.at) / 1e9 > stallSeconds
        }
        while !queueWaitingSilence() && !failed.load(ordering: .acquiring) {
            if stalled() { return giveUp() }
            usleep(1_000)
        }
        stopping.store(true, ordering: .releasing)
        while !ended.load(ordering: .acquiring) {
            if stalled() { return giveUp() }
            usleep(1_000)
        }
        if let thread { pthread_join(thread, nil) }
        thread = nil
        return true
    }

    private func giveUp() -> Bool {
        stopping.store(true, ordering: .releasing)
        if let thread { pthread_detach(thread) }
        thread = nil
        return false
    }

    /// The writer thread: writes audio from the ring and silence where the queue places it, until `finish`; then
    /// closes the sink.
    private func writeLoop() {
        let capacity = 8_192 * channelCount
        let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: capacity)
        let zeros = UnsafeMutableBufferPointer<Float>.allocate(capacity: capacity)
        zeros.initialize(repeating: 0)
        defer {
            buffer.deallocate()
            zeros.deallocate()
        }
        var audioFrames = 0
        var written = 0
        var ok = true
        let write = { (samples: UnsafeBufferPointer<Float>) in
            guard ok else { return }  // after a failure the queues are emptied, not written
            do throws(AudioError) {
                try self.sink.write(samples)
                written += samples.count / self.channelCount
                self.writtenFrames.store(written, ordering: .releasing)
            } catch {
                ok = false
                self.sink.close()
                self.failure = Failure(message: error.message, seconds: Double(written) / Double(self.sampleRate))
                self.failed.store(true, ordering: .releasing)
            }
        }
        while true {
            // Read before emptying the queues: whatever was queued before `finish` is then in them.
            let stop = stopping.load(ordering: .acquiring)
            // The audio ready now, taken before the queue is looked at: silence is queued before the audio after
            // it goes into the ring, so no audio read below can lie past a silence not yet seen.
            let ready = ring.available
            let silence = silences.peek()
            if let silence, silence.afterAudioFrames == audioFrames {
                var left = silence.frames
                while left > 0 {
                    let count = min(left, capacity / channelCount)
                    write(UnsafeBufferPointer(rebasing: zeros[0..<(count * channelCount)]))
                    left -= count
                }
                silences.pop()
                continue
            }
            // Audio up to the next silence, at most.
            let room = min(ready, silence.map { ($0.afterAudioFrames - audioFrames) * channelCount } ?? ready)
            assert(room >= 0, "audio read past a silence")
            let count = ring.read(into: UnsafeMutableBufferPointer(rebasing: buffer[0..<min(capacity, room)]))
            if count > 0 {
                audioFrames += count / channelCount
                write(UnsafeBufferPointer(rebasing: buffer[0..<count]))
                continue
            }
            if stop { break }
            usleep(5_000)
        }
        if ok { sink.close() }
        ended.store(true, ordering: .releasing)
    }
}
