/// A small RFC 4180 reader for manifests: commas, quoted fields (with doubled quotes, commas and line breaks
/// inside), and LF, CRLF or CR line ends.
enum CSVReader {
    /// One record and the line of the file it starts on (1-based; a quoted field may span lines).
    struct Row {
        var line: Int
        var fields: [String]
    }

    /// The records of `text`.
    /// - Throws: a `.badManifest` error when a quoted field is still open at the end of the text, naming the line its
    ///   quote opened on ("line 3: ...").
    static func rows(_ text: String) throws(EarshotError) -> [Row] {
        var rows: [Row] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var rowLine = 1
        var quoteLine = 1
        var iterator = text.makeIterator()
        var pending: Character?
        while let c = pending ?? iterator.next() {
            pending = nil
            let lineBreak = c == "\n" || c == "\r\n" || c == "\r"
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" {
                            field.append("\"")
                        } else {
                            quoted = false
                            pending = next
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                    if lineBreak { line += 1 }
                }
            } else if c == "\"" {
                quoted = true
                quoteLine = line
            } else if c == "," {
                row.append(field)
                field = ""
            } else if lineBreak {
                row.append(field)
                rows.append(Row(line: rowLine, fields: row))
                row = []
                field = ""
                line += 1
                rowLine = line
            } else {
                field.append(c)
            }
        }
        if quoted {
            throw EarshotError(
                .badManifest,
                "line \(quoteLine): a quoted field opens there and is never closed (a \" inside a field must be "
                    + "doubled, and the field quoted)")
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(Row(line: rowLine, fields: row))
        }
        return rows
    }
}
