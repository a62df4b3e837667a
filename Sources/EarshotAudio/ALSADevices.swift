internal import CALSA
internal import Glibc

/// The devices ALSA knows: PCM names as `arecord -L` and `aplay -L` list them, and the sound cards.
public enum ALSADevices {
    /// A PCM name and its description.
    public struct PCM: Sendable, Equatable {
        /// The name to open it by (`default`, `hw:CARD=PCH,DEV=0`).
        public var name: String
        /// What ALSA says of it, its lines joined by commas.
        public var description: String
    }

    /// A sound card.
    public struct Card: Sendable, Equatable {
        /// The card number (`hw:N`).
        public var index: Int
        /// The card's short id (`hw:CARD=ID`).
        public var id: String
        /// The card's long name.
        public var name: String
    }

    /// `device` through ALSA's plug layer (rate, format and channel conversion), as ALSA parses it: a name that
    /// takes arguments (`hw:1,0`, `dsnoop:CARD=x`) is quoted, or the plug layer would read its arguments as its own.
    /// - Parameter device: an ALSA PCM name (`default`, `hw:1,0`).
    /// - Returns: the PCM name that opens `device` through the plug layer (`plug:default`, `plug:"hw:1,0"`).
    public static func plug(_ device: String) -> String {
        device.contains(":") ? "plug:\"\(device)\"" : "plug:\(device)"
    }

    /// Whether ALSA's configuration defines the PCM `name` is opened by (its part before any `:` arguments), whether
    /// or not it lists it: a PCM that takes arguments, such as the `file` plugin's, has no hint.
    /// - Parameter name: an ALSA PCM name, with or without `:` arguments.
    /// - Returns: `true` when the configuration has a `pcm.` entry for it; `false` otherwise or when the
    ///   configuration cannot be read.
    public static func isDefined(_ name: String) -> Bool {
        // A private reading of the configuration (the global tree is shared state).
        var top: OpaquePointer?
        var update: OpaquePointer?
        guard snd_config_update_r(&top, &update, nil) >= 0, let top else { return false }
        defer {
            snd_config_delete(top)
            if let update { snd_config_update_free(update) }
        }
        var node: OpaquePointer?
        return snd_config_search(top, "pcm." + String(name.prefix { $0 != ":" }), &node) == 0
    }

    /// PCMs that can capture (from the ALSA configuration, including `ALSA_CONFIG_PATH` ones).
    /// - Returns: the PCMs whose hint allows input or gives no direction, in ALSA's order; empty when ALSA lists none.
    public static func capturePCMs() -> [PCM] { pcms(direction: "Input") }

    /// PCMs that can play, as `aplay -L` lists them.
    /// - Returns: the PCMs whose hint allows output or gives no direction, in ALSA's order; empty when ALSA lists none.
    public static func playbackPCMs() -> [PCM] { pcms(direction: "Output") }

    /// PCMs whose hint allows `direction` ("Input" or "Output"; a PCM without one does both).
    private static func pcms(direction: String) -> [PCM] {
        var hints: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
        guard snd_device_name_hint(-1, "pcm", &hints) == 0, let hints else { return [] }
        defer { snd_device_name_free_hint(hints) }
        var out: [PCM] = []
        var index = 0
        while let hint = hints[index] {
            index += 1
            let name = take(snd_device_name_get_hint(hint, "NAME"))
            let description = take(snd_device_name_get_hint(hint, "DESC")) ?? ""
            let io = take(snd_device_name_get_hint(hint, "IOID"))
            guard let name, io == nil || io == direction else { continue }
            out.append(PCM(name: name, description: description.split(separator: "\n").joined(separator: ", ")))
        }
        return out
    }

    /// The sound cards present (none on a machine without audio hardware).
    /// - Returns: the cards in order of their number; empty without audio hardware.
    public static func cards() -> [Card] {
        var out: [Card] = []
        var card: Int32 = -1
        while snd_card_next(&card) == 0, card >= 0 {
            var name: UnsafeMutablePointer<CChar>?
            var longName: UnsafeMutablePointer<CChar>?
            snd_card_get_name(card, &name)
            snd_card_get_longname(card, &longName)
            out.append(Card(index: Int(card), id: take(name) ?? "card\(card)", name: take(longName) ?? ""))
        }
        return out
    }

    /// Takes ownership of a malloc'd C string.
    private static func take(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
