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

    /// Compact (one line) or indented text.
    func rendered(indent: Int? = nil) -> String {
        var out = ""
        write(to: &out, indent: indent, level: 0)
        return out
    }

    private func write(to out: inout String, indent: Int?, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .number(let value, let decimals): out += Self.format(value, decimals: decimals)
        case .string(let value): Self.quote(value, into: &out)
        case .array(let items):
            writeContainer(items.map { (nil, $0) }, open: "[", close: "]", to: &out, indent: indent, level: level)
        case .object(let pairs):
            writeContainer(pairs.map { ($0.0, $0.1) }, open: "{", close: "}", to: &out, indent: indent, level: level)
        }
    }

    private func writeContainer(
        _ items: [(String?, JSONValue)], open: String, close: String, to out: inout String, indent: Int?, level: Int
    ) {
        out += open
        guard !items.isEmpty else { return out += close }
        // Small containers of scalars stay on one line when indenting: one segment or event per line.
        let inline = indent == nil || (items.allSatisfy { $0.1.isScalar } && (open == "[" || items.count <= 6))
        for (index, (key, value)) in items.enumerated() {
            if index > 0 { out += inline ? ", " : "," }
            if !inline, let indent { out += "\n" + String(repeating: " ", count: indent * (level + 1)) }
            if let key {
                Self.quote(key, into: &out)
                out += ": "
            }
            value.write(to: &out, indent: inline ? nil : indent, level: level + 1)
        }
        if !inline, let indent { out += "\n" + String(repeating: " ", count: indent * level) }
        out += close
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: false
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

    static func quote(_ value: String, into out: inout String) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
