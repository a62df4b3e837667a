import ArgumentParser

/// A number given on the command line or in a label file, read as decimal digits only: Swift's `Double("0x10")` is
/// 16 (hexadecimal) and `Double("0x1p3")` 8, so `--silence-gap 0x10` would count gaps of 16 s unsaid.
enum DecimalArgument {
    /// `text` as a decimal number (`3`, `2.5`, `.5`, `-1`, `1e-2`), or nil for anything else (hexadecimal, `inf`,
    /// `nan`, spaces, an empty string).
    static func value(_ text: some StringProtocol) -> Double? {
        var rest = Substring(text)
        if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        rest = rest.dropFirst(digits.count)
        var fraction = Substring()
        if rest.first == "." {
            fraction = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(1 + fraction.count)
        }
        guard !digits.isEmpty || !fraction.isEmpty else { return nil }
        if rest.first == "e" || rest.first == "E" {
            rest = rest.dropFirst()
            if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
            let exponent = rest.prefix { $0.isASCII && $0.isNumber }
            guard !exponent.isEmpty else { return nil }
            rest = rest.dropFirst(exponent.count)
        }
        return rest.isEmpty ? Double(text) : nil
    }

    /// Checks the values given on the command line to `options` (as `--name VALUE` or `--name=VALUE`): ArgumentParser
    /// reads a `Double` option with `Double(_:)`, which takes hexadecimal, so each such option is checked here.
    /// - Throws: `ValidationError` naming the first option whose value is not a decimal number.
    static func check(_ options: [String], in arguments: [String] = CommandLine.arguments) throws {
        for (name, value) in SingleUse.given(options, in: arguments) {
            guard let value, Self.value(value) == nil else { continue }
            throw ValidationError("\(name) takes a decimal number, such as 2.5; got '\(value)'")
        }
    }
}
