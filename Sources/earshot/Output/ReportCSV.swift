import EarshotCore

/// `analyze --format csv`: a header, then one row per file, a file that could not be analysed included.
enum ReportCSV {
    static var header: String { (["file"] + SummaryColumns.names + ["flags", "error"]).joined(separator: ",") }

    /// A call's row: its figures, then its QA flags (as calls.csv's, joined by `;`) and an empty error.
    static func row(_ report: Report, file: String, flags: [String]) -> String {
        ([field(file)] + SummaryColumns.values(report) + [field(flags.joined(separator: ";")), ""])
            .joined(separator: ",")
    }

    /// A file that could not be analysed: its name, no figures, the "failed" flag and its error.
    static func failedRow(file: String, error: String) -> String {
        ([field(file)] + Array(repeating: "", count: SummaryColumns.names.count) + ["failed", field(error)])
            .joined(separator: ",")
    }

    /// Quotes a field when it holds a comma, quote or line break (RFC 4180). Text a spreadsheet would take
    /// for a formula (it starts with `=`, `+`, `-`, `@`, a tab or a line break, and is not a number) is
    /// given a leading apostrophe, so that a file or agent name cannot run anything when a table is opened.
    static func field(_ text: String) -> String {
        // A NUL ends the text for many tools that read CSV: dropped.
        if text.contains("\0") { return field(text.replacing("\0", with: "")) }
        // Characters, not a string of them: "\r\n" is one Character, neither "\r" nor "\n".
        let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\n", "\r", "\r\n"]
        if let first = text.first, formulaStarts.contains(first), Double(text) == nil { return field("'" + text) }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }
}
