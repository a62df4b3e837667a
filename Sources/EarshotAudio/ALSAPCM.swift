internal import CALSA
internal import Glibc

/// An open ALSA PCM configured for interleaved 16-bit frames: the part capture and playback share.
final class ALSAPCM {
    let device: String
    let handle: OpaquePointer
    let channelCount: Int
    let sampleRate: Int
    let periodFrames: Int

    /// Opens and configures `device`, non-blocking (reads and writes return `-EAGAIN` until a period is there
    /// or there is room, and `snd_pcm_wait` waits for it), so that a device that goes quiet cannot hold a thread.
    /// - Throws: `AudioError` of kind `deviceNotFound`, `deviceBusy`, `permissionDenied` or `deviceFailed`.
    init(
        device: String, capture: Bool, channelCount: Int, sampleRate: Int, periodMilliseconds: Int
    ) throws(AudioError) {
        var pcm: OpaquePointer?
        let stream = capture ? SND_PCM_STREAM_CAPTURE : SND_PCM_STREAM_PLAYBACK
        earshot_alsa_quiet_errors()
        let operation = capture ? "open" : "play to"
        try ALSAError.check(
            snd_pcm_open(&pcm, device, stream, SND_PCM_NONBLOCK), operation, device: device)
        guard let pcm else { throw ALSAError.make(-ENODEV, operation: operation, device: device) }
        var params: OpaquePointer?
        snd_pcm_hw_params_malloc(&params)
        defer { snd_pcm_hw_params_free(params) }
        var rate = UInt32(sampleRate)
        var period = snd_pcm_uframes_t(max(16, sampleRate * periodMilliseconds / 1_000))
        var buffer = period * 16
        var direction: Int32 = 0
        do throws(AudioError) {
            try ALSAError.check(snd_pcm_hw_params_any(pcm, params), "configure", device: device)
            try ALSAError.check(
                snd_pcm_hw_params_set_access(pcm, params, SND_PCM_ACCESS_RW_INTERLEAVED), "configure", device: device)
            try ALSAError.check(
                snd_pcm_hw_params_set_format(pcm, params, SND_PCM_FORMAT_S16_LE), "set 16-bit samples on",
                device: device)
            let channelsSet = snd_pcm_hw_params_set_channels(pcm, params, UInt32(channelCount))
            if channelsSet < 0 {
                var error = ALSAError.make(channelsSet, operation: "set \(channelCount) channel(s) on", device: device)
                if capture {
                    // Most often a mono microphone given where a stereo device is wanted.
                    error.message +=
                        "; for a device with another number of channels use '\(ALSADevices.plug(device))' (ALSA converts), "
                        + "or give each party its own device with --agent-device and --customer-device"
                }
                throw error
            }
            try ALSAError.check(
                snd_pcm_hw_params_set_rate_near(pcm, params, &rate, &direction), "set the rate of", device: device)
            var periodDirection: Int32 = 0  // ask for the nearest period, whichever way the rate was rounded
            try ALSAError.check(
                snd_pcm_hw_params_set_period_size_near(pcm, params, &period, &periodDirection), "set the period of",
                device: device)
            try ALSAError.check(
                snd_pcm_hw_params_set_buffer_size_near(pcm, params, &buffer), "set the buffer of", device: device)
            try ALSAError.check(snd_pcm_hw_params(pcm, params), "configure", device: device)
            try ALSAError.check(snd_pcm_prepare(pcm), "prepare", device: device)
        } catch {
            snd_pcm_close(pcm)
            throw error
        }
        // libjack, if this open loaded it, stays loaded (ALSA keeps its plugins): silenced once, it stays quiet when
        // its server dies under the session and at every retry.
        JackMessages.silenceIfLoaded()
        self.device = device
        self.handle = pcm
        self.channelCount = channelCount
        self.sampleRate = Int(rate)
        self.periodFrames = Int(period)
    }

    /// Set when the device may be waiting on a sound server that hangs: closing it would wait too (30 s for
    /// PulseAudio's plugin), so it is left to the process's exit.
    var leftOpen = false

    deinit { if !leftOpen { snd_pcm_close(handle) } }

    /// One wait for the device lasts 100 ms; 50 of them in a row that find it silent (5 s), with nothing read
    /// or written meanwhile, make it count as gone: longer than a sound server's passing hang, after which it
    /// delivers what it held, and than a device's start.
    static let waitMilliseconds: Int32 = 100
    static let silentWaitLimit = 50

    /// Waits up to 100 ms for a period to read or room to write. Returns `false` for a silent wait: the time
    /// ran out, or the wait failed otherwise than by an overrun, underrun or suspend (which the next read or
    /// write reports and recovers at once); a failed one sleeps 100 ms first, so that a plugin failing its
    /// waits cannot spin its caller.
    func waitForDevice(clock: MonotonicClock) -> Bool {
        let ready = snd_pcm_wait(handle, Self.waitMilliseconds)
        if ready > 0 || ready == -EPIPE || ready == -ESTRPIPE { return true }
        if ready < 0 { clock.sleep(until: clock.now() + Double(Self.waitMilliseconds) / 1_000) }
        return false
    }
}
