import ArgumentParser
import Synchronization

/// ArgumentParser checks a command's values (its `validate()`) before it looks for arguments it does not know, so a
/// mistyped option came out as the complaint its absence caused: `analyze --bogus` said "give at least one recording",
/// and `analyze --ouput out --jobs 2 call.wav` that --jobs needs --output. `Earshot.main` therefore parses the command
/// line once with the value checks off: an unknown option, a missing value or one of the wrong type is said first.
enum UsageCheck {
    private static let valuesUnchecked = Atomic<Bool>(false)

    /// Whether a `validate()` is to check values (not during the first parse).
    static var checksValues: Bool { !valuesUnchecked.load(ordering: .relaxed) }

    /// Parses the command line with the value checks off; a parse error ends the process as ArgumentParser ends it
    /// (the message and usage on stderr, exit 64; `--help` and `--version` print and exit 0).
    static func parseWithoutValueChecks() {
        valuesUnchecked.store(true, ordering: .relaxed)
        defer { valuesUnchecked.store(false, ordering: .relaxed) }
        do {
            _ = try Earshot.parseAsRoot()
        } catch {
            Earshot.exit(withError: error)
        }
    }
}
