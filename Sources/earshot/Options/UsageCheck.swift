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
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let word = shortFlagCluster(in: arguments) {
            let command = arguments.first { !$0.hasPrefix("-") } ?? "analyze"
            Earshot.exit(
                withError: ValidationError(
                    "'\(word)' is not an option (Earshot's are long, as --help lists them); a file whose name "
                        + "starts with '-' goes after '--': earshot \(command) -- \(word)"))
        }
        valuesUnchecked.store(true, ordering: .relaxed)
        defer { valuesUnchecked.store(false, ordering: .relaxed) }
        do {
            _ = try Earshot.parseAsRoot()
        } catch {
            Earshot.exit(withError: error)
        }
    }

    /// The first argument before `--` that ArgumentParser would read as a cluster of short flags (`-hold.wav`:
    /// -h, -o, -l, -d, ...): Earshot's only short flag is -h, so such a word is a file name or a typo, and one with an
    /// `h` in it printed the help and exited 0, analysing nothing. An option's value (`--shard -1/4`, refused by the
    /// option's own rule) is not one, nor `-help` (ArgumentParser shows the help for it, as asked).
    static func shortFlagCluster(in arguments: [String]) -> String? {
        var previous = ""
        for word in arguments {
            if word == "--" { return nil }
            if word.count > 2, word.hasPrefix("-"), !word.hasPrefix("--"), word != "-help",
                !valueOptions.contains(previous)
            {
                return word
            }
            previous = word
        }
        return nil
    }

    /// Every subcommand's options that take a value.
    private static let valueOptions = Set(
        (Analyze.valueOptions + EngineOptions.valueOptions + MonitorOptions.valueOptions + Replay.valueOptions
            + Live.valueOptions + Merge.valueOptions + Eval.valueOptions).joined())
}
