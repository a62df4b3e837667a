import Foundation

extension BatchInputs {
    /// `path,agent,call_id,agent_channel` with a header line; only `path` is required. Relative paths are
    /// taken from the manifest's folder (its target's, for a link; the working folder for a manifest piped in).
    static func read(manifest: String) throws(Failure) -> [BatchItem] {
        if let problem = FileManager.default.readProblem(atPath: manifest, folder: false) {
            throw Failure(.badManifest, "cannot read manifest '\(manifest)': \(problem)")
        }
        guard let text = FileManager.default.text(atPath: manifest) else {
            throw Failure(.badManifest, "cannot read manifest '\(manifest)': not UTF-8 text")
        }
        let rows: [CSVReader.Row]
        do {
            rows = try CSVReader.rows(text, trimming: true)
        } catch {
            throw Failure(.badManifest, "cannot read manifest '\(manifest)' \(error.message)")
        }
        guard let header = rows.first?.fields.map({ $0.lowercased().trimmingCharacters(in: .whitespaces) }),
            header.contains("path")
        else {
            // A spreadsheet's export in a locale whose list separator is ';' (or a tab): one column named "path;agent".
            let first = rows.first?.fields.joined(separator: ",") ?? ""
            let separator = [";", "\t"].first { first.contains($0) && first.lowercased().contains("path") }
            let hint = separator.map {
                " (it separates them with '\($0 == "\t" ? "\\t" : $0)'; save it as CSV with commas)"
            }
            throw Failure(
                .badManifest,
                "cannot read manifest '\(manifest)': its first line must name the columns, including 'path', "
                    + "separated by commas\(hint ?? "")")
        }
        let base = folder(ofManifest: manifest)
        let column = { (name: String, row: [String]) -> String? in
            guard let i = header.firstIndex(of: name), i < row.count else { return nil }
            let value = row[i]  // trimmed outside quotes by the reader
            return value.isEmpty ? nil : value
        }
        var items: [BatchItem] = []
        // Blank lines and lines of empty fields (spreadsheet exports end with them) are skipped.
        for record in rows.dropFirst()
        where record.fields.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            let (number, row) = (record.line, record.fields)
            // A bad row fails alone, as a file that cannot be read does: one typo does not stop a night's batch.
            let problem = { (what: String) in "manifest '\(manifest)' line \(number): \(what)" }
            guard let given = column("path", row) else {
                items.append(
                    BatchItem(
                        path: "\(manifest) line \(number)", agent: column("agent", row), callID: column("call_id", row),
                        manifestError: problem("no path"), line: number))
                continue
            }
            var path = given
            if !path.hasPrefix("/"), !base.isEmpty { path = (base as NSString).appendingPathComponent(path) }
            var channel: Int?
            var error: String?
            if let text = column("agent_channel", row) {
                if let value = Int(text), value == 0 || value == 1 {
                    channel = value
                } else {
                    error = problem("agent_channel must be 0 or 1, got '\(text)'")
                }
            }
            items.append(
                BatchItem(
                    path: path, agent: column("agent", row), callID: column("call_id", row), agentChannel: channel,
                    manifestError: error, line: number))
        }
        return items
    }

    /// The folder a manifest's relative paths are taken from: its own as given (a file, a named pipe); for a link
    /// (`/dev/stdin` is one), that of what it leads to: the file redirected in, or none (the working folder) for a
    /// pipe or a file since deleted (a shell's long here-document), whose names `realpath` cannot follow.
    private static func folder(ofManifest manifest: String) -> String {
        var info = stat()
        if lstat(manifest, &info) == 0, info.st_mode & S_IFMT != S_IFLNK { return ParentPath.of(manifest) }
        return realPath(manifest).map(ParentPath.of) ?? ""
    }
}
