internal import CALSA
internal import Glibc

/// Plays interleaved float blocks through an ALSA playback device; each write blocks until the device
/// has room, so playback paces whoever feeds it (`replay --play`).
public final class ALSAPlayback {
    /// The device name, as given.
    public let device: String
    private let pcm: ALSAPCM
    private var buffer: [Int16]

    /// Opens `device` for playback.
    /// - Throws: `AudioError` of kind `deviceNotFound`, `deviceBusy`, `permissionDenied` or `deviceFailed`.
    public init(device: String, channelCount: Int, sampleRate: Int) throws(AudioError) {
        pcm = try ALSAPCM(
            device: device, capture: false, channelCount: channelCount, sampleRate: sampleRate, periodMilliseconds: 20)
        self.device = device
        buffer = []
    }

    /// Plays one block (interleaved, the channel count given at `init`), waiting for room on the device.
    /// - Throws: `AudioError` of kind `deviceFailed` when the device stops working.
    public func play(_ samples: UnsafeBufferPointer<Float>) throws(AudioError) {
        if buffer.count < samples.count { buffer = [Int16](repeating: 0, count: samples.count) }
        for i in 0..<samples.count { buffer[i] = Int16(max(-32_768, min(32_767, (samples[i] * 32_768).rounded()))) }
        var offset = 0
        let frames = samples.count / pcm.channelCount
        while offset < frames {
            let written = buffer.withUnsafeBufferPointer {
                snd_pcm_writei(
                    pcm.handle, $0.baseAddress! + offset * pcm.channelCount, snd_pcm_uframes_t(frames - offset))
            }
            if written < 0 {
                let code = Int32(written)
                if snd_pcm_recover(pcm.handle, code, 1) >= 0 { continue }
                throw ALSAError.make(code, operation: "play to", device: device)
            }
            offset += Int(written)
        }
    }

    /// Frames written but not yet heard (`snd_pcm_delay`: queued on the device and on the way out); 0 when
    /// the device cannot say.
    public var unplayedFrames: Int {
        var delay: snd_pcm_sframes_t = 0
        guard snd_pcm_delay(pcm.handle, &delay) == 0 else { return 0 }
        return max(0, Int(delay))
    }

    /// Frames per period: the size of a write that the device takes in one step.
    public var periodFrames: Int { pcm.periodFrames }

    /// Lets the queued audio finish playing.
    public func drain() { snd_pcm_drain(pcm.handle) }
}
