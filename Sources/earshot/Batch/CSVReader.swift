/// A small RFC 4180 reader for manifests: commas, quoted fields (with doubled quotes, commas and line breaks
/// inside), and LF, CRLF or CR line ends.
enum CSVReader {
    /// One record and the line of the file it starts on (1-based; a quoted field may span lines).
    struct Row {
        var line: Int
        var fields: [String]
    }

    /// The records of `text`; with `trimming`, each field without the spaces and tabs around it that stand outside
    /// quotes (`path, agent` as typed by hand), keeping those inside (`" lead.wav"` names a file starting with one).
    /// - Throws: a `.badManifest` error when a quoted field is still open at the end of the text, naming the line its
    ///   quote opened on ("line 3: ...").
    static func rows(_ text: String, trimming: Bool = false) throws(EarshotError) -> [Row] {
        var rows: [Row] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        // Characters of `field` before its first quote, and up to its last closing quote: the unquoted ends lie
        // outside them.
        var beforeQuote: Int?
        var throughQuote = 0
        var length = 0
        let finish = { (field: String) -> String in
            guard trimming else { return field }
            var characters = Array(field)
            let blank = { (c: Character) in c.isWhitespace && !c.isNewline }
            while characters.count > throughQuote, let last = characters.last, blank(last) { characters.removeLast() }
            let limit = min(beforeQuote ?? characters.count, characters.count)
            let lead = characters.prefix(limit).prefix(while: blank).count
            return String(characters.dropFirst(lead))
        }
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
                            length += 1
                        } else {
                            quoted = false
                            throughQuote = length
                            pending = next
                        }
                    } else {
                        quoted = false
                        throughQuote = length
                    }
                } else {
                    field.append(c)
                    length += 1
                    if lineBreak { line += 1 }
                }
            } else if c == "\"" {
                quoted = true
                quoteLine = line
                beforeQuote = beforeQuote ?? length
            } else if c == "," || lineBreak {
                row.append(finish(field))
                (field, beforeQuote, throughQuote, length) = ("", nil, 0, 0)
                if lineBreak {
                    rows.append(Row(line: rowLine, fields: row))
                    row = []
                    line += 1
                    rowLine = line
                }
            } else {
                field.append(c)
                length += 1
            }
        }
        if quoted {
            throw EarshotError(
                .badManifest,
                "line \(quoteLine): a quoted field opens there and is never closed (a \" inside a field must be "
                    + "doubled, and the field quoted)")
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(finish(field))
            rows.append(Row(line: rowLine, fields: row))
        }
        return rows
    }
}
