import Foundation
import Glibc
import Testing

@testable import earshot

@Suite("earshot analyze --resume")
struct BatchResumeTests {
    @Test("--resume skips what was analysed with the same settings and redoes it when settings change")
    func resume() throws {
        let input = try BatchFixture.inputs("resume")
        let output = try BatchFixture.folder("resume")
        _ = try EarshotProcess.run(["analyze", input.path, "--output", output.path])
        let again = try EarshotProcess.run(["analyze", input.path, "--output", output.path, "--resume"])
        #expect(again.stderr.contains("0 analysed, 3 already done, 1 failed"))  // the broken file is retried
        let changed = try EarshotProcess.run([
            "analyze", input.path, "--output", output.path, "--resume", "--silence-gap", "4",
        ])
        #expect(changed.stderr.contains("3 analysed, 0 already done, 1 failed"))
        #expect(!changed.stderr.contains("other settings"))
        // One file again with the default settings: the tables now mix settings, and say so.
        let mixed = try EarshotProcess.run([
            "analyze", input.appendingPathComponent("call-01-calm.wav").path, "--output", output.path,
        ])
        #expect(mixed.status == 0)
        #expect(mixed.stderr.contains("also hold 2 call(s) analysed earlier with other settings"))
        // Another agent channel is not other settings: each call keeps its own (a manifest sets it per call).
        let swapped = try EarshotProcess.run([
            "analyze", input.appendingPathComponent("call-02-interruptions.wav").path, "--output", output.path,
            "--agent-channel", "1", "--silence-gap", "4",
        ])
        #expect(swapped.status == 0)
        let others = "also hold 1 call(s) analysed earlier with other settings"
        #expect(swapped.stderr.contains(others), "\(swapped.stderr)")
        // The folder collects runs: calls of earlier runs that this one was not given are counted.
        #expect(swapped.stderr.contains("also hold 3 call(s) of earlier runs that are not among this run's inputs"))
        #expect(!changed.stderr.contains("of earlier runs"), "\(changed.stderr)")
        // calls.csv says which rows were analysed with which settings: two fingerprints now, one per setting.
        let settings = try BatchFixture.column("settings", of: output.appendingPathComponent("calls.csv"))
        #expect(Set(settings.filter { !$0.isEmpty }).count == 2 && settings.allSatisfy { $0.count == 16 || $0.isEmpty })
    }

    @Test("--resume analyses again what another Earshot build analysed, and the tables never mix builds unsaid")
    func resumeAfterUpgrade() throws {
        let input = try BatchFixture.inputs("resume-build")
        let output = try BatchFixture.folder("resume-build")
        _ = try EarshotProcess.run(["analyze", input.path, "--output", output.path])
        // Another build: the same program with other bytes (appended after the ELF image, which nothing reads).
        let upgraded = Scratch.url("earshot-upgraded")
        try? FileManager.default.removeItem(at: upgraded)
        try FileManager.default.copyItem(at: EarshotProcess.binary, to: upgraded)
        let handle = try FileHandle(forWritingTo: upgraded)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("another build".utf8))
        try handle.close()
        let again = try EarshotProcess.run(
            ["analyze", input.path, "--output", output.path, "--resume"], tool: upgraded.path)
        #expect(again.status == 1, "\(again.stderr)")  // the broken file of the fixture
        #expect(again.stderr.contains("3 analysed, 0 already done, 1 failed"), "\(again.stderr)")
        #expect(!again.stderr.contains("other settings"), "\(again.stderr)")
        // The first build given one file of them: the tables now hold calls of the other build, and say so.
        let older = try EarshotProcess.run([
            "analyze", input.appendingPathComponent("call-01-calm.wav").path, "--output", output.path,
        ])
        #expect(
            older.stderr.contains(
                "also hold 2 call(s) analysed earlier with other settings (or by another Earshot build)"))
    }

    @Test("--resume keeps the saved analysis of a listed recording that is gone, rather than a failure over it")
    func resumeKeepsMissing() throws {
        let input = try BatchFixture.inputs("resume-missing")
        let output = try BatchFixture.folder("resume-missing")
        let recording = input.appendingPathComponent("call-02-interruptions.wav").path
        let database = output.appendingPathComponent("calls.sqlite").path
        _ = try EarshotProcess.run(["analyze", recording, "--output", output.path, "--db", database])
        let before = try BatchFixture.csv(output.appendingPathComponent("calls.csv"))
        try FileManager.default.removeItem(atPath: recording)  // the share went offline, or it was purged
        let again = try EarshotProcess.run(["analyze", recording, "--output", output.path, "--resume"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("0 analysed, 1 already done, 0 failed"), "\(again.stderr)")
        #expect(again.stderr.contains("missing now; their saved analyses are kept: '\(recording)'"))
        #expect(try BatchFixture.csv(output.appendingPathComponent("calls.csv")) == before)
        // Without --resume it is an error for the missing file, as any unreadable input is, but its saved analysis
        // stays in the tables, the page and the database (review Q: a nightly re-run replaced it with "no such file").
        let fresh = try EarshotProcess.run(["analyze", recording, "--output", output.path, "--db", database])
        #expect(fresh.status == 1)
        #expect(
            fresh.stderr.contains(
                "error: cannot open '\(recording)': no such file; its analysis saved in the output folder earlier is kept"
            ),
            "\(fresh.stderr)")
        #expect(fresh.stderr.contains("0 analysed, 0 already done, 1 failed"), "\(fresh.stderr)")
        #expect(try BatchFixture.csv(output.appendingPathComponent("calls.csv")) == before)
        let errors = try SQLiteQuery.rows(database, "SELECT count(*) FROM calls WHERE error IS NULL")
        #expect(errors.first?.first == "1", "\(errors)")
        let page = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(
            page.contains("1 recording given is gone since it was analysed into this folder"), "\(page.prefix(3000))")
        // A recording never analysed into the folder fails with a row of its own, as before.
        let never = input.appendingPathComponent("never-here.wav").path
        let other = try EarshotProcess.run(["analyze", never, "--output", output.path, "--db", database])
        #expect(other.status == 1)
        #expect(try BatchFixture.csv(output.appendingPathComponent("calls.csv")).count == before.count + 1)
    }

    @Test("a failure that is no longer true leaves the tables and the database: a share mounted again, a file renamed")
    func staleFailures() throws {
        let root = try BatchFixture.folder("stale-failures")
        let share = root.appendingPathComponent("share")
        let output = root.appendingPathComponent("out")
        let database = root.appendingPathComponent("calls.sqlite").path
        let run = { () throws -> EarshotProcess.Result in
            try EarshotProcess.run(["analyze", share.path, "--output", output.path, "--db", database, "--resume"])
        }
        let failedRows = { () throws -> [String] in
            try SQLiteQuery.rows(database, "SELECT path FROM calls WHERE error IS NOT NULL ORDER BY path").map {
                $0.first.flatMap { $0 } ?? ""
            }
        }
        // Night 1: the share is not mounted: its failure has a row.
        #expect(try run().status == 1)
        #expect(try failedRows() == [share.path])
        // Night 2: mounted, with a recording and a text file named .wav: the share's failure is no longer true.
        try FileManager.default.createDirectory(at: share, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: EarshotProcess.sample("call-01-calm.wav"), toPath: share.appendingPathComponent("a.wav").path)
        try Data("not audio".utf8).write(to: share.appendingPathComponent("notes.wav"))
        #expect(try run().status == 1)
        #expect(try failedRows() == [share.appendingPathComponent("notes.wav").path])
        #expect(try BatchFixture.column("error", of: output.appendingPathComponent("calls.csv")).count == 2)
        // Night 3: the text file renamed: nothing is left to act on, in the folder's tables or the database.
        try FileManager.default.moveItem(
            at: share.appendingPathComponent("notes.wav"), to: share.appendingPathComponent("notes.txt"))
        let third = try run()
        #expect(third.status == 0, "\(third.stderr)")
        #expect(try failedRows() == [])
        #expect(try SQLiteQuery.count(database, "SELECT COUNT(*) FROM calls") == 1)
        #expect(try BatchFixture.column("error", of: output.appendingPathComponent("calls.csv")) == [""])
        let page = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(page.contains("1 call · 0 failed"), "\(page.prefix(2000))")
    }

    @Test("a failure still true stays: a file there but not given, a relative path from elsewhere, another shard's")
    func trueFailuresStay() throws {
        let root = try BatchFixture.folder("true-failures")
        let data = root.appendingPathComponent("data")
        let calls = data.appendingPathComponent("calls")
        try FileManager.default.createDirectory(at: calls, withIntermediateDirectories: true)
        try Data("not audio".utf8).write(to: calls.appendingPathComponent("bad.wav"))
        try FileManager.default.copyItem(
            atPath: EarshotProcess.sample("call-01-calm.wav"), toPath: calls.appendingPathComponent("ok.wav").path)
        let output = root.appendingPathComponent("out").path
        let database = root.appendingPathComponent("calls.sqlite").path
        let failedRows = { () throws -> Int in
            try SQLiteQuery.count(database, "SELECT COUNT(*) FROM calls WHERE error IS NOT NULL")
        }
        // Given by a path relative to data/; then a run from root over another recording: bad.wav is still there and
        // still fails, and "calls/bad.wav" from root names nothing.
        let first = try EarshotProcess.run(
            ["analyze", "calls/ok.wav", "calls/bad.wav", "--output", output, "--db", database],
            workingDirectory: data.path)
        #expect(first.status == 1, "\(first.stderr)")
        let other = root.appendingPathComponent("other.wav").path
        try FileManager.default.copyItem(atPath: EarshotProcess.sample("call-02-interruptions.wav"), toPath: other)
        let second = try EarshotProcess.run(
            ["analyze", other, "--output", output, "--db", database], workingDirectory: root.path)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try failedRows() == 1)
        #expect(
            try BatchFixture.column("error", of: URL(fileURLWithPath: output).appendingPathComponent("calls.csv"))
                .filter {
                    !$0.isEmpty
                }.count == 1)
        // Shards into one folder: four listed files that are missing, each shard's failures kept by the other.
        let manifest = root.appendingPathComponent("manifest.csv")
        try
            ("path\n" + (1...4).map { root.appendingPathComponent("missing-\($0).wav").path }.joined(separator: "\n")
            + "\n")
            .write(to: manifest, atomically: true, encoding: .utf8)
        let sharded = root.appendingPathComponent("sharded").path
        for shard in ["1/2", "2/2"] {
            _ = try EarshotProcess.run(["analyze", "--manifest", manifest.path, "--shard", shard, "--output", sharded])
        }
        let errors = try BatchFixture.column(
            "error", of: URL(fileURLWithPath: sharded).appendingPathComponent("calls.csv"))
        #expect(errors.count == 4 && errors.allSatisfy { !$0.isEmpty }, "\(errors)")
        // A manifest row that names a folder fails ("it is a folder") in the run that records it: a folder that can
        // be searched, but not one this run searched, and the row's own failure: it stays, its record and its row.
        // Nor does a run that searches the folder above judge it: it is hidden (.late), and the search skips it.
        let hidden = data.appendingPathComponent(".late")
        try FileManager.default.createDirectory(at: hidden, withIntermediateDirectories: true)
        let folderRow = root.appendingPathComponent("folder-row.csv")
        try "path\n\(calls.path)\n\(hidden.path)\n".write(to: folderRow, atomically: true, encoding: .utf8)
        let rowDatabase = root.appendingPathComponent("row.sqlite").path
        let rowOutput = root.appendingPathComponent("row-out")
        for _ in 0..<2 {
            let run = try EarshotProcess.run([
                "analyze", "--manifest", folderRow.path, "--output", rowOutput.path, "--db", rowDatabase,
            ])
            #expect(run.status == 1, "\(run.stderr)")
            #expect(try SQLiteQuery.count(rowDatabase, "SELECT COUNT(*) FROM calls WHERE error IS NOT NULL") == 2)
            let saved = try FileManager.default.contentsOfDirectory(
                atPath: rowOutput.appendingPathComponent("calls").path)
            #expect(saved.filter { $0.hasSuffix(".json") }.count == 2, "\(saved)")
        }
        let above = try EarshotProcess.run([
            "analyze", data.path, "--output", rowOutput.path, "--db", rowDatabase, "--resume",
        ])
        #expect(above.status == 1, "\(above.stderr)")
        let hiddenRows = try SQLiteQuery.count(
            rowDatabase, "SELECT COUNT(*) FROM calls WHERE error IS NOT NULL AND path LIKE '%/.late'")
        #expect(hiddenRows == 1, "the hidden folder's failure stays")
    }

    @Test("a damaged call record is left out of the tables with a warning, and the next run of its recording redoes it")
    func damagedRecord() throws {
        let output = try BatchFixture.analysed("call-02-interruptions.wav", into: "damaged")
        let calls = output.appendingPathComponent("calls")
        let name = try #require(
            try FileManager.default.contentsOfDirectory(atPath: calls.path).first { $0.hasSuffix(".json") })
        let record = calls.appendingPathComponent(name)
        try Data(try Data(contentsOf: record).prefix(300)).write(to: record)
        let other = try EarshotProcess.run([
            "analyze", EarshotProcess.sample("call-01-calm.wav"), "--output", output.path,
        ])
        #expect(other.status == 0)
        #expect(other.stderr.contains("warning: 1 file(s) in \(calls.path) are not call records"), "\(other.stderr)")
        #expect(other.stderr.contains("'\(name)'") && other.stderr.contains("tables of 1 call in"), "\(other.stderr)")
        let redo = try EarshotProcess.run([
            "analyze", EarshotProcess.sample("call-02-interruptions.wav"), "--output", output.path, "--resume",
        ])
        #expect(redo.status == 0 && !redo.stderr.contains("not call records"), "\(redo.stderr)")
        #expect(redo.stderr.contains("1 analysed, 0 already done, 0 failed; tables of 2 calls"), "\(redo.stderr)")
    }

    @Test("--resume looks at the recording a link names: replaced behind the link, it is analysed again")
    func resumeThroughLink() throws {
        let input = try BatchFixture.recordings("resume-link", ["call-01-calm.wav"])
        let recording = input.appendingPathComponent("real.wav")
        try FileManager.default.moveItem(at: input.appendingPathComponent("call-01-calm.wav"), to: recording)
        let link = input.appendingPathComponent("link.wav")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "real.wav")
        let output = try Scratch.folder("out-resume-link")
        let first = try EarshotProcess.run(["analyze", link.path, "--output", output.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try BatchFixture.column("duration_s", of: output.appendingPathComponent("calls.csv")) == ["55.88"])
        try FileManager.default.removeItem(at: recording)
        try FileManager.default.copyItem(atPath: EarshotProcess.sample("call-03-monologue.wav"), toPath: recording.path)
        let again = try EarshotProcess.run(["analyze", link.path, "--output", output.path, "--resume"])
        #expect(again.stderr.contains("1 analysed"), "\(again.stderr)")
        let duration = try BatchFixture.column("duration_s", of: output.appendingPathComponent("calls.csv"))
        #expect(duration != ["55.88"], "\(duration)")
    }

    @Test("--resume analyses a call again when its manifest row changes its agent or agent channel")
    func resumeSeesManifestChanges() throws {
        let output = try Scratch.folder("out-resume-manifest")
        let manifest = output.appendingPathComponent("labels.csv")
        let file = EarshotProcess.sample("call-03-monologue.wav")
        try "path,agent,agent_channel\n\(file),ann,0\n".write(to: manifest, atomically: false, encoding: .utf8)
        let first = try EarshotProcess.run(["analyze", "--manifest", manifest.path, "--output", output.path])
        #expect(first.status == 0, "\(first.stderr)")
        try "path,agent,agent_channel\n\(file),bob,1\n".write(to: manifest, atomically: false, encoding: .utf8)
        let second = try EarshotProcess.run([
            "analyze", "--manifest", manifest.path, "--output", output.path, "--resume",
        ])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("1 analysed, 0 already done"), "\(second.stderr)")
        let calls = output.appendingPathComponent("calls.csv")
        #expect(try BatchFixture.column("agent", of: calls) == ["bob"])
        #expect(try BatchFixture.column("agent_channel", of: calls) == ["1"])
        // The roles swapped: the monologue is now the customer's, and call-03 has an opening account that was
        // not interrupted, written as in the JSON (not 0).
        #expect(try BatchFixture.column("opening_interrupted", of: calls) == ["false"])
    }
}
