import ArgumentParser

/// Options that name one file or folder each: given twice, the parser would keep the last and drop the first
/// unsaid (a second manifest's calls analysed, the first's not), so it is a usage error.
enum SingleUse {
    /// - Throws: `ValidationError` naming the first of `options` that `arguments` gives more than once (before a
    ///   `--` that ends the options).
    static func check(_ options: [String], in arguments: [String] = CommandLine.arguments) throws {
        let given = arguments.prefix { $0 != "--" }
        for option in options where given.count(where: { $0 == option || $0.hasPrefix(option + "=") }) > 1 {
            throw ValidationError("\(option) is given more than once; it takes one value")
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
