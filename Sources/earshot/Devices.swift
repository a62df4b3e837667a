import ArgumentParser
import EarshotAudio
import Foundation

/// `earshot devices`: the capture devices ALSA offers, and which one `live` uses by default.
struct Devices: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List ALSA capture devices (as arecord -L names them) and sound cards.")

    func run() throws {
        // ALSA then lists only its built-in devices, with a line of its own that does not say why.
        let path = ProcessInfo.processInfo.environment["ALSA_CONFIG_PATH"]
        if let unreadable = DeviceOpenFailure.unreadableConfiguration(path) {
            StandardError.print(
                "earshot: warning: ALSA_CONFIG_PATH names '\(unreadable)', which cannot be read: ALSA knows only its "
                    + "built-in devices then")
        }
        StandardOutput.line("Capture PCMs (use the name with --device, --agent-device or --customer-device):")
        let pcms = ALSADevices.capturePCMs()
        if pcms.isEmpty { StandardOutput.line("  (none)") }
        for pcm in pcms {
            let mark = pcm.name == "default" ? "  <- used by `earshot live` unless --device says otherwise" : ""
            StandardOutput.line("  \(pcm.name)\(mark)")
            if !pcm.description.isEmpty { StandardOutput.line("      \(pcm.description)") }
        }
        StandardOutput.line("")
        StandardOutput.line("Sound cards:")
        let cards = ALSADevices.cards()
        if cards.isEmpty { StandardOutput.line("  (none found: no audio hardware, or no permission on /dev/snd)") }
        for card in cards { StandardOutput.line("  \(card.index): \(card.id) - \(card.name)") }
        try StandardOutputCheck.finish()
    }
}
