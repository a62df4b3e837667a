import Foundation

/// Writes the batch's shared outputs from every saved call record: calls.csv, events.csv, agents.csv,
/// report.html and, when asked, the SQLite database. Each file is written whole or not at all.
enum BatchOutputs {
    /// Loads every call record saved in `folder/calls`, sorted by path; of several records of one file (saved
    /// under other spellings of its path by an earlier version), the newest.
    static func loadRecords(in folder: URL) -> [CallRecord] {
        let calls = folder.appendingPathComponent("calls")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: calls.path)) ?? []
        var newest: [String: (record: CallRecord, saved: Date)] = [:]
        for name in names where name.hasSuffix(".json") {
            let url = calls.appendingPathComponent(name)
            guard let record = CallRecord.load(url) else { continue }
            let saved =
                (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date)
                ?? .distantPast
            if let kept = newest[record.resolvedPath], kept.saved > saved { continue }
            newest[record.resolvedPath] = (record, saved)
        }
        return newest.values.map(\.record).sorted { $0.path < $1.path }
    }

    /// - Throws: `OutputError` or `ResultsDatabase.Failure` naming the file that could not be written.
    static func write(_ records: [CallRecord], to folder: URL, database: String?) throws {
        try AtomicFile.write(BatchTables.callsCSV(records), to: folder.appendingPathComponent("calls.csv").path)
        try AtomicFile.write(BatchTables.eventsCSV(records), to: folder.appendingPathComponent("events.csv").path)
        try AtomicFile.write(BatchTables.agentsCSV(records), to: folder.appendingPathComponent("agents.csv").path)
        let calls = records.map { r in
            HTMLCall(
                file: r.path, agent: r.agent, report: r.report.flatMap(ReportDecoder.report(from:)), error: r.error,
                flags: r.flags)
        }
        try AtomicFile.write(
            HTMLReport.batchPage(calls, title: "Earshot: \(records.count) calls"),
            to: folder.appendingPathComponent("report.html").path)
        if let database { try ResultsDatabase.write(records, to: database) }
    }
}
