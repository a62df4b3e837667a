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
        let given = arguments.prefix { $0 != "--" }
        for names in options {
            let count = given.count { argument in names.contains { argument == $0 || argument.hasPrefix($0 + "=") } }
            guard count > 1 else { continue }
            throw ValidationError("\(names.joined(separator: " / ")) is given more than once; it takes one value")
        }
    }

    /// - Throws: `ValidationError` naming the first of `paths` given as the empty string (an unset shell variable),
    ///   which names no file.
    static func checkNotEmpty(_ paths: [(value: String?, option: String)]) throws {
        if let empty = paths.first(where: { $0.value == "" }) {
            throw ValidationError("\(empty.option) is empty: give it a path")
        }
    }
}
