import EarshotCore

/// A stable 64-bit FNV-1a hash, for settings fingerprints and file names (Swift's `hashValue` changes
/// between runs).
enum Fingerprint {
    static func hex(_ text: String) -> String {
        let digits = String(fnv1a(text), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The hash with its bits mixed (MurmurHash3's finaliser): FNV-1a's low bits follow the input's
    /// (its lowest is the parity of the bytes' lowest), so a remainder needs this.
    static func spread(_ text: String) -> UInt64 {
        var hash = fnv1a(text)
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash = hash &* 0xc4ce_b9fe_1a85_ec53
        return hash ^ (hash >> 33)
    }

    private static func fnv1a(_ text: String) -> UInt64 {
        fnv1a(text.utf8)
    }

    static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The fingerprint of every setting that changes results, but the agent channel (each call record keeps its
    /// own: a manifest can set it per call, so calls analysed with either channel are the same settings), and of
    /// the Earshot build (`BuildIdentity`): another build may decide differently.
    static func of(_ configuration: EngineConfiguration) -> String {
        hex(String(describing: (try? configuration.with(agentChannel: 0)) ?? configuration) + "\n" + BuildIdentity.hash)
    }
}
