import EarshotAudio
import Foundation

/// Says why a capture or playback device could not be opened, with the devices there are and what to check:
/// a name ALSA knows whose card, file or sound server is missing, or an `ALSA_CONFIG_PATH` that cannot be read
/// (ALSA then knows only its built-in devices).
enum DeviceOpenFailure {
    /// Prints `error` and the advice on stderr; `devices`: the PCM names of that direction, as `earshot devices`
    /// lists them; `direction`: "capture" or "playback".
    static func print(_ error: AudioError, devices: [String], direction: String) {
        StandardError.print("earshot: error: \(error.message)")
        // A name with arguments (`earshot_file:FILE=...`) is defined when its base name is.
        if error.kind == .deviceNotFound, let name = error.device,
            devices.contains(name) || devices.contains(String(name.prefix { $0 != ":" }))
                || ALSADevices.isDefined(name)
        {
            StandardError.print(
                "earshot: '\(name)' is defined in ALSA's configuration, but what it opens (a card, a file, a "
                    + "sound server) is not there")
        }
        if let unreadable = unreadableConfiguration(ProcessInfo.processInfo.environment["ALSA_CONFIG_PATH"]) {
            StandardError.print(
                "earshot: ALSA_CONFIG_PATH names '\(unreadable)', which cannot be read: ALSA knows only its built-in "
                    + "devices then")
        }
        if !devices.isEmpty { StandardError.print("earshot: \(direction) devices: \(devices.joined(separator: ", "))") }
    }

    /// The first file of `ALSA_CONFIG_PATH` (a list separated by colons) that cannot be read, or `nil`.
    static func unreadableConfiguration(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value.split(separator: ":").map(String.init).first { access($0, R_OK) != 0 }
    }
}
