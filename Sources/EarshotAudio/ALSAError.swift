internal import CALSA
internal import Glibc

/// Maps ALSA's negative error codes to `AudioError` kinds with advice: the one place that reads them.
enum ALSAError {
    /// Builds the error for a failed `operation` on `device`.
    static func make(_ code: Int32, operation: String, device: String) -> AudioError {
        let reason = String(cString: snd_strerror(code))
        let advice =
            operation == "play to"
            ? " — `aplay -L` lists the playback devices" : " — run `earshot devices` to see the capture devices"
        switch -code {
        case ENOENT, ENODEV, ENXIO:
            return AudioError(
                kind: .deviceNotFound,
                message: "cannot \(operation) '\(device)': no such device (\(reason))\(advice)",
                device: device, underlying: reason)
        case EBUSY:
            return AudioError(
                kind: .deviceBusy,
                message: "cannot \(operation) '\(device)': the device is busy (\(reason)); close the program using it "
                    + "or share it through '\(operation == "play to" ? "dmix" : "dsnoop")'\(advice)",
                device: device, underlying: reason)
        case EACCES, EPERM:
            return AudioError(
                kind: .permissionDenied,
                message: "cannot \(operation) '\(device)': permission denied (\(reason)); add your user to the 'audio' "
                    + "group\(advice)",
                device: device, underlying: reason)
        default:
            return AudioError(
                kind: .deviceFailed, message: "cannot \(operation) '\(device)': \(reason)\(advice)", device: device,
                underlying: reason)
        }
    }

    /// Builds the error for a playback device that opened but then failed a write with `code` (a device that cannot
    /// write where it plays to, one unplugged): not a name to look up in a list of devices.
    static func playbackFailed(_ code: Int32, device: String) -> AudioError {
        let reason = String(cString: snd_strerror(code))
        return AudioError(
            kind: .deviceFailed,
            message: "playing to '\(device)' failed: \(reason) (the device opened, then refused the audio; "
                + "`aplay -D '\(device)' FILE` tells whether it plays at all)", device: device, underlying: reason)
    }

    /// Throws when `code` is negative.
    static func check(_ code: Int32, _ operation: String, device: String) throws(AudioError) {
        if code < 0 { throw make(code, operation: operation, device: device) }
    }
}
