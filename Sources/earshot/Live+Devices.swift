import ArgumentParser
import EarshotAudio

extension Live {
    /// Opens the capture devices, not started yet: one stereo device, or the agent's and the customer's device
    /// (the first channel of each), both at one rate. A device that cannot be opened is said with the capture
    /// devices there are, and ends the command with status 2.
    func openCaptures() throws -> [ALSACapture] {
        do throws(AudioError) {
            guard let agentDevice, let customerDevice else {
                return [
                    try ALSACapture(
                        device: device ?? "default", channelCount: 2, sampleRate: rate,
                        periodMilliseconds: periodMilliseconds, ringSeconds: ringSeconds, durationSeconds: duration)
                ]
            }
            // Which party's device failed is said first: with two devices, a name alone leaves the user to guess.
            let captures = try [("agent", agentDevice), ("customer", customerDevice)].map {
                (party, name) throws(AudioError) in
                do throws(AudioError) {
                    return try ALSACapture(
                        device: name, channelCount: 1, sampleRate: rate, periodMilliseconds: periodMilliseconds,
                        ringSeconds: ringSeconds, durationSeconds: duration, holdsAfterLoss: false)
                } catch {
                    var named = error
                    named.message = "the \(party) device: " + error.message
                    throw named
                }
            }
            if captures[0].sampleRate != captures[1].sampleRate {
                // Interleaving them sample by sample would run one party's audio fast against the other's.
                throw AudioError(
                    kind: .deviceFailed,
                    message: "the agent device runs at \(captures[0].sampleRate) Hz and the customer device at "
                        + "\(captures[1].sampleRate) Hz; open both through ALSA's plug layer ('plug:NAME') so both "
                        + "run at --rate", path: customerDevice)
            }
            return captures
        } catch {
            DeviceOpenFailure.print(error, devices: ALSADevices.capturePCMs().map(\.name), direction: "capture")
            throw ExitStatus.deviceFailed
        }
    }
}
