import ArgumentParser

/// Every option of this command line takes one value: given twice, the parser would keep the last and drop the first
/// unsaid (a second manifest's calls analysed, the first's not; `--shard 2/2 --shard 1/2` analysing another shard
/// than the script meant), so it is a usage error.
enum SingleUse {
    /// - Parameters:
    ///   - options: each option's names (an option with an alias, such as `--labels` / `--truth`, has two).
    ///   - arguments: the command line (before a `--` that ends the options).
    /// - Throws: `ValidationError` naming the first option that `arguments` gives more than once, under any of its
    ///   names.
    static func check(_ options: [[String]], in arguments: [String] = CommandLine.arguments) throws {
        for names in options where given(names, in: arguments).count > 1 {
            throw ValidationError("\(names.joined(separator: " / ")) is given more than once; it takes one value")
        }
    }

    /// Each place `arguments` (before a `--` that ends the options) gives one of `names`, as `--name VALUE` or
    /// `--name=VALUE`: the name and the value (`nil` for a name that ends the line).
    static func given(_ names: [String], in arguments: [String]) -> [(name: String, value: String?)] {
        let options = Array(arguments.prefix { $0 != "--" })
        var found: [(name: String, value: String?)] = []
        for (index, argument) in options.enumerated() {
            for name in names {
                if argument == name {
                    found.append((name, index + 1 < options.count ? options[index + 1] : nil))
                } else if argument.hasPrefix(name + "=") {
                    found.append((name, String(argument.dropFirst(name.count + 1))))
                }
            }
        }
        return found
    }

    /// - Throws: `ValidationError` naming the first of `paths` given as the empty string (an unset shell variable),
    ///   which names no file.
    static func checkNotEmpty(_ paths: [(value: String?, option: String)]) throws {
        if let empty = paths.first(where: { $0.value == "" }) {
            throw ValidationError("\(empty.option) is empty: give it a path")
        }
    }
}
