import ArgumentParser
import Foundation

/// `earshot merge`: combines batch output folders (e.g. shards from several machines) into one.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine batch output folders (shards) into one set of tables, report and database.")

    @Argument(help: "Output folders of `earshot analyze --output` runs.")
    var folders: [String]

    @Option(help: "The combined output folder.")
    var output: String

    @Option(help: "Also write the combined results to this SQLite database.")
    var db: String?

    func run() throws {
        let target = URL(fileURLWithPath: output)
        let calls = target.appendingPathComponent("calls")
        try AtomicFile.createFolder(output)
        try AtomicFile.createFolder(calls.path)
        var copied = 0
        var written = Set<String>()
        var duplicates = 0
        for folder in folders {
            let source = URL(fileURLWithPath: folder).appendingPathComponent("calls")
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: source.path) else {
                StandardError.print("earshot: error: '\(folder)' is not an earshot output folder (no calls/ inside)")
                throw ExitCode(1)
            }
            for name in names where name.hasSuffix(".json") {
                let text = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
                try AtomicFile.write(text, to: calls.appendingPathComponent(name).path)
                copied += 1
                if !written.insert(name).inserted { duplicates += 1 }
            }
        }
        let records = BatchOutputs.loadRecords(in: target)
        try BatchOutputs.write(records, to: target, database: db)
        if duplicates > 0 {
            StandardError.print(
                "earshot: warning: \(duplicates) call(s) were in more than one folder; the last folder's record was kept"
            )
        }
        let settings = Set(records.filter { $0.error == nil }.map(\.fingerprint))
        if settings.count > 1 {
            StandardError.print(
                "earshot: warning: the merged tables mix calls analysed with \(settings.count) different settings; "
                    + "merge only folders analysed with the same settings")
        }
        StandardError.print(
            "earshot: merged \(copied) call records from \(folders.count) folder(s); \(records.count) calls in \(output)"
        )
    }
}
