/// A JSON value with ordered object keys, so reports print in the documented key order.
enum JSONValue {
    case null
    case bool(Bool)
    case int(Int)
    /// A number printed with at most `decimals` decimals (trailing zeros trimmed).
    case number(Double, decimals: Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// Seconds, printed to the 10 ms grid's precision plus one digit.
    static func seconds(_ value: Double) -> JSONValue { .number(value, decimals: 3) }

    /// An array whose elements are made only while it is written (`element(i)` for `i` in `0..<count`), so a
    /// long call's segments are never all held as values; its elements are containers.
    case lazyArray(count: Int, element: (Int) -> JSONValue)

    /// Compact (one line) or indented text.
    func rendered(indent: Int? = nil) -> String {
        var out = ""
        write(to: &out, indent: indent)
        return out
    }

    /// Writes the compact (one line) or indented text to `out`, piece by piece.
    func write(to out: inout some TextOutputStream, indent: Int?) {
        write(to: &out, indent: indent, level: 0)
    }

    private func write(to out: inout some TextOutputStream, indent: Int?, level: Int) {
        switch self {
        case .null: out.write("null")
        case .bool(let value): out.write(value ? "true" : "false")
        case .int(let value): out.write(String(value))
        case .number(let value, let decimals): out.write(Self.format(value, decimals: decimals))
        case .string(let value): Self.quote(value, into: &out)
        case .array(let items):
            // Small arrays of scalars stay on one line when indenting.
            let inline = indent == nil || items.allSatisfy(\.isScalar)
            writeContainer(
                count: items.count, open: "[", close: "]", inline: inline, to: &out, indent: indent, level: level
            ) { index, out, itemIndent in items[index].write(to: &out, indent: itemIndent, level: level + 1) }
        case .lazyArray(let count, let element):
            writeContainer(
                count: count, open: "[", close: "]", inline: indent == nil, to: &out, indent: indent, level: level
            ) { index, out, itemIndent in element(index).write(to: &out, indent: itemIndent, level: level + 1) }
        case .object(let pairs):
            // Small objects of scalars stay on one line when indenting: one segment or event per line.
            let inline = indent == nil || (pairs.count <= 6 && pairs.allSatisfy { $0.1.isScalar })
            writeContainer(
                count: pairs.count, open: "{", close: "}", inline: inline, to: &out, indent: indent, level: level
            ) { index, out, itemIndent in
                Self.quote(pairs[index].0, into: &out)
                out.write(": ")
                pairs[index].1.write(to: &out, indent: itemIndent, level: level + 1)
            }
        }
    }

    private func writeContainer<Out: TextOutputStream>(
        count: Int, open: String, close: String, inline: Bool, to out: inout Out, indent: Int?, level: Int,
        item: (Int, inout Out, Int?) -> Void
    ) {
        out.write(open)
        guard count > 0 else { return out.write(close) }
        for index in 0..<count {
            if index > 0 { out.write(inline ? ", " : ",") }
            if !inline, let indent { out.write("\n" + String(repeating: " ", count: indent * (level + 1))) }
            item(index, &out, inline ? nil : indent)
        }
        if !inline, let indent { out.write("\n" + String(repeating: " ", count: indent * level)) }
        out.write(close)
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object, .lazyArray: false
        default: true
        }
    }

    static func format(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "null" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int(rounded)) + ".0" }
        var text = String(rounded)
        if text.contains("e") { return text }
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    static func quote(_ value: String, into out: inout some TextOutputStream) {
        out.write("\"")
        guard value.unicodeScalars.contains(where: { $0 == "\"" || $0 == "\\" || $0.value < 0x20 }) else {
            out.write(value)
            return out.write("\"")
        }
        var escaped = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        out.write(escaped)
        out.write("\"")
    }
}
