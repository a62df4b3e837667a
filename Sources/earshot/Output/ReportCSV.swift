import EarshotCore

/// `analyze --format csv`: a header, then one row per file.
enum ReportCSV {
    static var header: String { (["file"] + SummaryColumns.names).joined(separator: ",") }

    static func row(_ report: Report, file: String) -> String {
        ([field(file)] + SummaryColumns.values(report)).joined(separator: ",")
    }

    /// Quotes a field when it holds a comma, quote or line break (RFC 4180).
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }
}
