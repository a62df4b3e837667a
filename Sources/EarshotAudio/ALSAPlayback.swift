internal import CALSA
internal import Glibc
import Synchronization

/// Plays interleaved float blocks through an ALSA playback device; each `play` returns once the device has
/// taken the block, so playback paces whoever feeds it (`replay --play`). The device is opened non-blocking
/// and waited for in 100 ms steps, so a stop is seen within one, and a device that takes nothing for 5 s
/// of waiting (a sound server that died without its ALSA plugin noticing, as JACK's does) is an error rather
/// than a write that never returns.
public final class ALSAPlayback {
    /// The device name, as given.
    public let device: String
    private let pcm: ALSAPCM
    private var buffer: [Int16]
    private let clock = MonotonicClock()

    /// Opens `device` for playback.
    /// - Parameters:
    ///   - device: an ALSA PCM name (`default`, `plughw:1,0`, a name from `earshot devices`).
    ///   - channelCount: channels per frame of the blocks given to `play`.
    ///   - sampleRate: rate to ask for, in frames per second; the device is set to the nearest rate it offers.
    /// - Throws: `AudioError` of kind `deviceNotFound`, `deviceBusy`, `permissionDenied` or `deviceFailed`.
    public init(device: String, channelCount: Int, sampleRate: Int) throws(AudioError) {
        pcm = try ALSAPCM(
            device: device, capture: false, channelCount: channelCount, sampleRate: sampleRate, periodMilliseconds: 20)
        self.device = device
        buffer = []
    }

    /// Plays one block (interleaved, the channel count given at `init`), waiting for room on the device.
    /// - Parameter stopping: asked before each wait; when it says so, the rest of the block is not played.
    /// - Throws: `AudioError` of kind `deviceFailed` when the device stops working or takes nothing for 5 s.
    public func play(_ samples: UnsafeBufferPointer<Float>, stopping: () -> Bool = { false }) throws(AudioError) {
        if buffer.count < samples.count { buffer = [Int16](repeating: 0, count: samples.count) }
        for i in 0..<samples.count { buffer[i] = Int16(max(-32_768, min(32_767, (samples[i] * 32_768).rounded()))) }
        var offset = 0
        var silentWaits = 0
        let frames = samples.count / pcm.channelCount
        while offset < frames {
            let written = buffer.withUnsafeBufferPointer {
                snd_pcm_writei(
                    pcm.handle, $0.baseAddress! + offset * pcm.channelCount, snd_pcm_uframes_t(frames - offset))
            }
            if written == -Int(EAGAIN) {
                if stopping() { return }
                if !pcm.waitForDevice(clock: clock) {
                    silentWaits += 1
                    if silentWaits >= ALSAPCM.silentWaitLimit {
                        throw AudioError(
                            kind: .deviceFailed,
                            message: "cannot play to '\(device)': it has taken no audio for 5 s (its sound server "
                                + "gone?)", device: device, underlying: "no room for 5 s")
                    }
                }
                continue
            }
            if written < 0 {
                let code = Int32(written)
                if snd_pcm_recover(pcm.handle, code, 1) >= 0 { continue }
                throw ALSAError.playbackFailed(code, device: device)
            }
            silentWaits = 0
            offset += Int(written)
        }
    }

    /// Leaves the device alone from here on: it is not drained nor closed (the process's exit releases it), for
    /// a replay that stops or fails while the device may be waiting on a sound server that hangs, where draining
    /// waits for ever and closing 30 s.
    public func abandon() { pcm.leftOpen = true }

    /// Frames written but not yet heard (`snd_pcm_delay`: queued on the device and on the way out); 0 when
    /// the device cannot say.
    public var unplayedFrames: Int {
        var delay: snd_pcm_sframes_t = 0
        guard snd_pcm_delay(pcm.handle, &delay) == 0 else { return 0 }
        return max(0, Int(delay))
    }

    /// Frames per period: the size of a write that the device takes in one step.
    public var periodFrames: Int { pcm.periodFrames }

    /// Lets the queued audio finish playing, waiting for it at most `timeout` seconds, or until `stopping` says
    /// so. The drain is asked on a thread of its own: ALSA's PulseAudio plugin drains by waiting on its server, for
    /// ever when the server hangs; a device that has not played its audio out by then is abandoned (`abandon()`),
    /// that thread with it.
    /// - Parameters:
    ///   - timeout: the longest wait, in seconds.
    ///   - stopping: asked while waiting; when it says so, the wait ends.
    /// - Returns: whether the audio played out (or the drain failed at once: nothing is left to wait for).
    @discardableResult
    public func playOut(timeout: Double, stopping: () -> Bool = { false }) -> Bool {
        let deadline = clock.now() + timeout
        let job = DrainJob(handle: pcm.handle)
        let context = Unmanaged.passRetained(job).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(
            &thread, nil,
            { context in
                let job = Unmanaged<DrainJob>.fromOpaque(context!).takeRetainedValue()
                ThreadName.set("earshot-drain")
                // Non-blocking devices return -EAGAIN at once and drain by themselves.
                job.result.store(snd_pcm_drain(job.handle), ordering: .relaxed)
                job.done.store(true, ordering: .releasing)
                return nil
            }, context)
        guard created == 0 else {
            Unmanaged<DrainJob>.fromOpaque(context).release()
            return false
        }
        pthread_detach(thread)
        while !job.done.load(ordering: .acquiring) && clock.now() < deadline && !stopping() {
            clock.sleep(until: clock.now() + 0.01)
        }
        guard job.done.load(ordering: .acquiring) else {
            abandon()
            return false
        }
        // Done (0), failed (a device gone: nothing to wait for), or draining by itself (-EAGAIN).
        guard job.result.load(ordering: .relaxed) == -EAGAIN else { return true }
        while snd_pcm_state(pcm.handle) == SND_PCM_STATE_DRAINING && clock.now() < deadline && !stopping() {
            clock.sleep(until: clock.now() + 0.01)
        }
        return true
    }
}

/// A drain asked on a thread of its own (`ALSAPlayback.playOut`), and whether it has returned.
private final class DrainJob: Sendable {
    nonisolated(unsafe) let handle: OpaquePointer
    let done = Atomic<Bool>(false)
    /// What `snd_pcm_drain` returned, once `done`.
    let result = Atomic<Int32>(0)

    init(handle: OpaquePointer) { self.handle = handle }
}
