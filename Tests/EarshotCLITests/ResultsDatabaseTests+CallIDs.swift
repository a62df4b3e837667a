import CSQLite
import Foundation
import Testing

/// Each database row names its saved record; call ids given to two files, and mixed settings, are warned of.
extension ResultsDatabaseTests {
    @Test("each row names its saved record; a call id on two files' rows, and mixed settings, are warned of")
    func recordsAndWarnings() throws {
        let root = try Scratch.folder("db-warnings")
        let db = root.appendingPathComponent("qa.sqlite").path
        let moved = root.appendingPathComponent("archive/calm.wav").path
        try FileManager.default.createDirectory(
            atPath: root.appendingPathComponent("archive").path, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: EarshotProcess.sample("call-01-calm.wav"), toPath: moved)
        let manifest = { (path: String, name: String) in
            let url = root.appendingPathComponent(name)
            try "path,agent,call_id\n\(path),ann,C-17\n".write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        let first = try EarshotProcess.run([
            "analyze", "--manifest", manifest(EarshotProcess.sample("call-01-calm.wav"), "first.csv"), "--output",
            root.appendingPathComponent("day-1").path, "--db", db,
        ])
        try #require(first.status == 0, "\(first.stderr)")
        #expect(!first.stderr.contains("earshot: warning"), "\(first.stderr)")
        let record = try #require(try SQLiteQuery.rows(db, "SELECT record FROM calls").first?.first ?? nil)
        #expect(record.hasPrefix(root.appendingPathComponent("day-1/calls/").path) && record.hasSuffix(".json"))
        #expect(FileManager.default.fileExists(atPath: record))
        // The same call id on the archived copy, analysed with another silence-gap length.
        let second = try EarshotProcess.run([
            "analyze", "--manifest", manifest(moved, "second.csv"), "--output",
            root.appendingPathComponent("day-2").path, "--db", db, "--silence-gap", "5",
        ])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(
            second.stderr.contains("1 call id(s) of this batch also name the row of a file it was not given"),
            "\(second.stderr)")
        #expect(second.stderr.contains("C-17: '\(moved)'"), "\(second.stderr)")
        #expect(second.stderr.contains("holds calls analysed with 2 different settings"), "\(second.stderr)")
        #expect(try SQLiteQuery.count(db, "SELECT COUNT(*) FROM calls WHERE call_id = 'C-17'") == 2)
    }

    @Test("no call-id warning on a plain rerun, nor when two files trade their call ids within one batch")
    func callIDsSilent() throws {
        let root = try Scratch.folder("db-ids-silent")
        let db = root.appendingPathComponent("qa.sqlite").path
        let calm = EarshotProcess.sample("call-01-calm.wav")
        let busy = EarshotProcess.sample("call-02-interruptions.wav")
        let run = { (rows: String, name: String) in
            let manifest = root.appendingPathComponent(name + ".csv")
            try "path,agent,call_id\n\(rows)".write(to: manifest, atomically: true, encoding: .utf8)
            return try EarshotProcess.run([
                "analyze", "--manifest", manifest.path, "--output", root.appendingPathComponent("out").path, "--db", db,
            ])
        }
        let first = try run("\(calm),ann,C1\n\(busy),ann,C2\n", "first")
        try #require(first.status == 0, "\(first.stderr)")
        // One id for two files of one batch (a call recorded on two lines): no row of another batch is stale.
        let shared = try EarshotProcess.run([
            "analyze", "--manifest",
            try {
                let url = root.appendingPathComponent("shared.csv")
                try "path,agent,call_id\n\(calm),ann,S1\n\(busy),ann,S1\n".write(
                    to: url, atomically: true, encoding: .utf8)
                return url.path
            }(), "--output", root.appendingPathComponent("shared").path, "--db",
            root.appendingPathComponent("shared.sqlite").path,
        ])
        #expect(shared.status == 0 && !shared.stderr.contains("earshot: warning"), "\(shared.stderr)")
        for (rows, name) in [
            ("\(calm),ann,C1\n\(busy),ann,C2\n", "again"), ("\(calm),ann,C2\n\(busy),ann,C1\n", "traded"),
        ] {
            let result = try run(rows, name)
            #expect(result.status == 0 && !result.stderr.contains("earshot: warning"), "\(name): \(result.stderr)")
        }
        #expect(try SQLiteQuery.rows(db, "SELECT call_id FROM calls ORDER BY path") == [["C2"], ["C1"]])
    }
}
