import Foundation

/// The running Earshot build: a hash of its executable, part of the settings fingerprint of every call record, so
/// that `--resume` analyses again what another build analysed (an upgrade may decide differently) and tables that
/// mix builds say so. Read once, on first use (about 10 ms for the release binary).
enum BuildIdentity {
    static let hash: String = {
        guard
            let executable = try? Data(
                contentsOf: URL(fileURLWithPath: "/proc/self/exe"), options: .alwaysMapped)
        else { return "unknown build" }
        let hash = executable.withUnsafeBytes { Fingerprint.fnv1a($0) }
        return "build " + String(hash, radix: 16)
    }()
}
