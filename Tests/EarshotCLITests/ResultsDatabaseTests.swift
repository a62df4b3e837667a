import CSQLite
import Foundation
import Testing

@Suite("The --db results database")
struct ResultsDatabaseTests {
    @Test("one database collects the calls of several output folders; a call analysed again keeps its row and id")
    func collects() throws {
        let root = try Scratch.folder("db-collect")
        let db = root.appendingPathComponent("qa/calls.sqlite").path
        for (day, sample) in [("day-1", "call-01-calm.wav"), ("day-2", "call-02-interruptions.wav")] {
            let result = try EarshotProcess.run([
                "analyze", EarshotProcess.sample(sample), "--output", root.appendingPathComponent(day).path, "--db", db,
                "--agent", "ann",
            ])
            #expect(result.status == 0, "\(result.stderr)")
        }
        #expect(try SQLiteQuery.count(db, "SELECT COUNT(*) FROM calls") == 2)
        #expect(try SQLiteQuery.count(db, "SELECT calls FROM agents WHERE agent = 'ann'") == 2)
        let idQuery = "SELECT id FROM calls WHERE path LIKE '%call-02-interruptions.wav'"
        let id = try SQLiteQuery.count(db, idQuery)
        #expect(id > 0)
        // call-02 again, under another spelling of its path: still one row for it, and its events once.
        let again = try EarshotProcess.run([
            "analyze", EarshotProcess.root.path + "/Samples/../Samples/call-02-interruptions.wav", "--output",
            root.appendingPathComponent("day-3").path, "--db", db, "--agent", "bob",
        ])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try SQLiteQuery.count(db, "SELECT COUNT(*) FROM calls") == 2)
        #expect(try SQLiteQuery.count(db, "SELECT COUNT(*) FROM events WHERE type = 'interruption'") == 4)
        #expect(try SQLiteQuery.count(db, idQuery) == id)
        // call-01, the first row, analysed again keeps its id, so a table of the user's own that refers to it still
        // does (deleted and inserted again, it took the next id: the last row's would not show it).
        let firstQuery = "SELECT id FROM calls WHERE path LIKE '%call-01-calm.wav'"
        let first = try SQLiteQuery.count(db, firstQuery)
        #expect(first > 0 && first < id)
        let redone = try EarshotProcess.run([
            "analyze", EarshotProcess.sample("call-01-calm.wav"), "--output", root.appendingPathComponent("day-4").path,
            "--db", db, "--agent", "ann",
        ])
        #expect(redone.status == 0, "\(redone.stderr)")
        #expect(try SQLiteQuery.count(db, firstQuery) == first)
        #expect(try SQLiteQuery.count(db, "SELECT COUNT(*) FROM events WHERE call = \(first)") > 0)
        // Events of one kind, and alerts of one rule, are found through an index, not by reading every row.
        for query in ["SELECT * FROM events WHERE type = 'interruption'", "SELECT * FROM alerts WHERE rule = 'x'"] {
            let plan = try SQLiteQuery.rows(db, "EXPLAIN QUERY PLAN " + query).map { $0.compactMap { $0 } }
            #expect(plan.contains { $0.contains { $0.contains("USING INDEX") } }, "\(query): \(plan)")
        }
        let agents = try SQLiteQuery.rows(db, "SELECT agent, calls FROM agents ORDER BY agent")
        #expect(agents == [["ann", "1"], ["bob", "1"]])
    }

    @Test("a database with a 'calls' table Earshot did not write is refused, not emptied")
    func foreignCallsTable() throws {
        let root = try Scratch.folder("db-foreign")
        let db = root.appendingPathComponent("crm.sqlite").path
        try SQLiteWrite.exec(db, "CREATE TABLE calls (id INTEGER, customer TEXT); INSERT INTO calls VALUES (1, 'x');")
        let result = try EarshotProcess.run([
            "analyze", EarshotProcess.sample("call-01-calm.wav"), "--output", root.appendingPathComponent("out").path,
            "--db", db,
        ])
        #expect(result.status == 3)
        #expect(result.stderr.contains("it has a table 'calls' that Earshot did not write"), "\(result.stderr)")
        #expect(try SQLiteQuery.rows(db, "SELECT customer FROM calls") == [["x"]])
        // A table of the user's own named like one of Earshot's others is refused too, and kept as it was.
        let teams = root.appendingPathComponent("teams.sqlite").path
        try SQLiteWrite.exec(
            teams, "CREATE TABLE agents (name TEXT, team TEXT); INSERT INTO agents VALUES ('ann', 'b');")
        let refused = try EarshotProcess.run([
            "analyze", EarshotProcess.sample("call-01-calm.wav"), "--output", root.appendingPathComponent("out2").path,
            "--db", teams,
        ])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("it has a table 'agents' that Earshot did not write"), "\(refused.stderr)")
        #expect(try SQLiteQuery.rows(teams, "SELECT name, team FROM agents") == [["ann", "b"]])
    }

    @Test("a table of the user's own in the database is kept; the database's folder is made when missing")
    func keepsOwnTables() throws {
        let root = try Scratch.folder("db-own")
        let db = root.appendingPathComponent("new/folder/calls.sqlite").path
        let first = try EarshotProcess.run([
            "analyze", EarshotProcess.sample("call-01-calm.wav"), "--output", root.appendingPathComponent("a").path,
            "--db", db,
        ])
        #expect(first.status == 0, "\(first.stderr)")
        // A note table, as an analyst might add.
        try SQLiteWrite.exec(
            db, "CREATE TABLE notes (call INTEGER, text TEXT); INSERT INTO notes VALUES (1, 'listen again');")
        let second = try EarshotProcess.run([
            "analyze", EarshotProcess.sample("call-03-monologue.wav"), "--output",
            root.appendingPathComponent("b").path,
            "--db", db,
        ])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try SQLiteQuery.count(db, "SELECT COUNT(*) FROM notes") == 1)
        #expect(try SQLiteQuery.count(db, "SELECT COUNT(*) FROM calls") == 2)
    }

    @Test("a database that fails part-way is left as it was, and the tables and pages are still written (exit 3)")
    func databaseFailsAlone() throws {
        let root = try Scratch.folder("db-fails")
        let db = try Self.withFirstCall(in: root)
        // Someone added a rule of their own that refuses Earshot's events.
        try SQLiteWrite.exec(
            db, "CREATE TRIGGER no_events BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'events are closed'); END;")
        let output = root.appendingPathComponent("b")
        let second = try EarshotProcess.run([
            "analyze", EarshotProcess.sample("call-03-monologue.wav"), "--output", output.path, "--db", db,
        ])
        #expect(second.status == 3)
        #expect(second.stderr.contains("cannot write database '\(db)': events are closed"), "\(second.stderr)")
        #expect(second.stderr.contains("1 analysed, 0 already done, 0 failed; tables of 1 call in"), "\(second.stderr)")
        for table in ["calls.csv", "events.csv", "agents.csv", "report.html"] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(table).path), "\(table)")
        }
        let csv = try String(contentsOf: output.appendingPathComponent("calls.csv"), encoding: .utf8)
        #expect(csv.contains("call-03-monologue.wav"))
        #expect(try SQLiteQuery.count(db, "SELECT COUNT(*) FROM calls") == 1)  // the first call's row alone
    }

    @Test("the thresholds of the counts and flags are in calls.csv and the database, added to one without them")
    func thresholdColumns() throws {
        let root = try Scratch.folder("db-thresholds")
        let db = root.appendingPathComponent("qa.sqlite").path
        let output = root.appendingPathComponent("out")
        let first = try EarshotProcess.run([
            "analyze", EarshotProcess.sample("call-01-calm.wav"), "--output", output.path, "--db", db,
        ])
        try #require(first.status == 0, "\(first.stderr)")
        // As a database written before the columns were.
        try SQLiteWrite.exec(
            db,
            "ALTER TABLE calls DROP COLUMN silence_gap_threshold_s; "
                + "ALTER TABLE calls DROP COLUMN unacknowledged_threshold_s; "
                + "ALTER TABLE calls DROP COLUMN monologue_threshold_s;")
        let second = try EarshotProcess.run([
            "analyze", EarshotProcess.sample("call-02-interruptions.wav"), "--output", output.path, "--db", db,
            "--silence-gap", "2", "--nod-after", "5", "--dominance-share", "0.5", "--monologue-alert", "5",
        ])
        #expect(second.status == 0, "\(second.stderr)")
        let rows = try SQLiteQuery.rows(
            db,
            "SELECT path, silence_gap_threshold_s, unacknowledged_threshold_s, dominance_share_threshold, "
                + "monologue_threshold_s FROM calls ORDER BY path")
        // Every call of the folder is written again, the earlier one too: its row gets the columns' values.
        let expected = [["3.0", "20.0", "0.65", "60.0"], ["2.0", "5.0", "0.5", "5.0"]]
        #expect(rows.map { Array($0.dropFirst()) } == expected, "\(rows)")
        let table = try BatchFixture.csv(output.appendingPathComponent("calls.csv"))
        let header = try #require(table.first)
        let gap = try #require(header.firstIndex(of: "silence_gap_threshold_s"))
        let nod = try #require(header.firstIndex(of: "unacknowledged_threshold_s"))
        let share = try #require(header.firstIndex(of: "dominance_share_threshold"))
        let monologue = try #require(header.firstIndex(of: "monologue_threshold_s"))
        #expect(table.dropFirst().map { [$0[gap], $0[nod], $0[share], $0[monologue]] } == expected, "\(table)")
        #expect(try SQLiteQuery.count(db, "PRAGMA user_version") == 2)
    }

    @Test("a database of a newer Earshot, or whose calls table lost a column, is refused before the batch starts")
    func refusedBeforeTheBatch() throws {
        let root = try Scratch.folder("db-refused")
        let db = try Self.withFirstCall(in: root)
        for (change, complaint) in [
            ("PRAGMA user_version = 3;", "it was written by a newer Earshot (schema version 3; this one writes 2)"),
            (
                "PRAGMA user_version = 2; ALTER TABLE calls DROP COLUMN opening_nods;",
                "its calls table lacks the column(s) opening_nods"
            ),
        ] {
            try SQLiteWrite.exec(db, change)
            let output = root.appendingPathComponent("b")
            let refused = try EarshotProcess.run([
                "analyze", EarshotProcess.sample("call-03-monologue.wav"), "--output", output.path, "--db", db,
            ])
            #expect(refused.status == 3)
            #expect(refused.stderr.contains("cannot write database '\(db)': \(complaint)"), "\(refused.stderr)")
            // Nothing analysed, nothing written: the database and its version as they were.
            #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("calls.csv").path))
            #expect(try SQLiteQuery.count(db, "SELECT COUNT(*) FROM calls") == 1)
        }
        #expect(try SQLiteQuery.count(db, "PRAGMA user_version") == 2)
    }

    @Test("a database the user may only read is refused before the batch starts, not after it")
    func readOnlyRefused() throws {
        // The batch runs as nobody (root may write any file): open to all but the database, which nobody may write.
        let root = try Scratch.folder("db-read-only")
        try #require(chmod(root.path, 0o777) == 0)
        let db = try Self.withFirstCall(in: root)
        try #require(chmod(db, 0o444) == 0)
        let binary = root.appendingPathComponent("earshot").path
        try FileManager.default.copyItem(atPath: EarshotProcess.binary.path, toPath: binary)
        let output = root.appendingPathComponent("b")
        let arguments = [
            "analyze", EarshotProcess.sample("call-03-monologue.wav"), "--output", output.path, "--db", db,
        ]
        let refused =
            getuid() == 0
            ? try EarshotProcess.run(
                ["--reuid=65534", "--regid=65534", "--clear-groups", binary] + arguments, tool: "/usr/bin/setpriv")
            : try EarshotProcess.run(arguments)
        #expect(refused.status == 3)
        #expect(
            refused.stderr.contains("cannot write database '\(db)': it can only be read (its permissions"),
            "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("calls.csv").path))
    }

    @Test("SIGTERM while a reader holds the database ends the wait at once: tables written, database as it was, 130")
    func stopWhileWaiting() throws {
        let root = try Scratch.folder("db-stop-waiting")
        let db = try Self.withFirstCall(in: root)
        // A reader inside a transaction (a dashboard): the batch's commit waits for it, up to a minute.
        var reader: OpaquePointer?
        try #require(sqlite3_open(db, &reader) == SQLITE_OK)
        defer { sqlite3_close(reader) }
        try #require(sqlite3_exec(reader, "BEGIN; SELECT COUNT(*) FROM calls;", nil, nil, nil) == SQLITE_OK)
        let output = root.appendingPathComponent("b")
        let (process, err) = try EarshotProcess.start([
            "analyze", EarshotProcess.sample("call-03-monologue.wav"), "--output", output.path, "--db", db,
        ])
        // The tables and page are written before the commit that waits.
        let page = output.appendingPathComponent("report.html").path
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: page) && Date() < deadline { usleep(10_000) }
        usleep(300_000)
        #expect(process.isRunning, "the batch waits for the reader")
        kill(process.processIdentifier, SIGTERM)
        let signalled = Date()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(Date().timeIntervalSince(signalled) < 5, "\(stderr)")
        #expect(process.terminationStatus == 130, "\(stderr)")
        #expect(stderr.contains("a stop signal ended the wait"), "\(stderr)")
        #expect(stderr.contains("the same command with --resume fills the database"), "\(stderr)")
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("calls.csv").path))
        sqlite3_exec(reader, "COMMIT;", nil, nil, nil)
        #expect(try SQLiteQuery.count(db, "SELECT COUNT(*) FROM calls") == 1, "the database as it was")
    }

    @Test("a database another program holds for writing before the batch: the error says nothing was analysed")
    func heldBeforeBatch() throws {
        let root = try Scratch.folder("db-held-before")
        let db = try Self.withFirstCall(in: root)
        var writer: OpaquePointer?
        try #require(sqlite3_open(db, &writer) == SQLITE_OK)
        defer { sqlite3_close(writer) }
        try #require(sqlite3_exec(writer, "BEGIN EXCLUSIVE;", nil, nil, nil) == SQLITE_OK)
        let output = root.appendingPathComponent("b")
        let (process, err) = try EarshotProcess.start([
            "analyze", EarshotProcess.sample("call-03-monologue.wav"), "--output", output.path, "--db", db,
        ])
        // The batch's check of the database waits for the writer (up to a minute); a stop ends the wait (it ended
        // only after the minute).
        sleep(1)
        #expect(process.isRunning, "the batch waits for the database")
        kill(process.processIdentifier, SIGTERM)
        let signalled = Date()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(Date().timeIntervalSince(signalled) < 5)
        sqlite3_exec(writer, "COMMIT;", nil, nil, nil)
        // Review A: "database is locked" alone, as a reader's hold after a batch is said, left one to think the
        // output folder was written.
        #expect(stderr.contains("a stop signal ended the wait"), "\(stderr)")
        #expect(
            stderr.contains("; nothing was analysed: run the batch again once the database is free"), "\(stderr)")
        #expect(process.terminationStatus == 130, "stopped, as a batch is")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test("a new database gets the permissions the umask gives the other outputs")
    func umask() throws {
        let root = try Scratch.folder("db-umask")
        let db = root.appendingPathComponent("qa.sqlite").path
        let result = try EarshotProcess.shell(
            "umask 002; EARSHOT analyze '\(EarshotProcess.sample("call-01-calm.wav"))' --output '\(root.path)/out' "
                + "--db '\(db)'")
        #expect(result.status == 0, "\(result.stderr)")
        let mode = { (path: String) in
            ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int) ?? 0
        }
        #expect(mode(db) == 0o664)
        #expect(mode(db) == mode(root.appendingPathComponent("out/calls.csv").path))
    }

    /// `qa.sqlite` in `root`, holding call-01 analysed into the output folder `a`.
    static func withFirstCall(in root: URL) throws -> String {
        let db = root.appendingPathComponent("qa.sqlite").path
        let first = try EarshotProcess.run([
            "analyze", EarshotProcess.sample("call-01-calm.wav"), "--output", root.appendingPathComponent("a").path,
            "--db", db,
        ])
        try #require(first.status == 0, "\(first.stderr)")
        return db
    }
}
