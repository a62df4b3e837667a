import Foundation
import Testing

@Suite("Output problems")
struct OutputFaultTests {
    static let folder: URL = {
        let url = Scratch.url("out")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    @Test("a --db that cannot be written is an error before the batch runs, not after it")
    func unwritableDatabase() throws {
        let output = Self.folder.appendingPathComponent("db-batch")
        // Its folder cannot be made: a file is in the way.
        let blocker = Self.folder.appendingPathComponent("db-blocker")
        try "x".write(to: blocker, atomically: false, encoding: .utf8)
        let db = blocker.appendingPathComponent("results.sqlite").path
        let result = try EarshotProcess.run([
            "analyze", EarshotProcess.sample("call-01-calm.wav"), "--output", output.path, "--db", db,
        ])
        #expect(result.status == 3)
        #expect(result.stderr.contains("'\(blocker.path)'"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.path))  // nothing was analysed or made first
    }

    @Test(
        "a table that cannot be written is named, and the other tables, the page, the database and the summary still are"
    )
    func oneTableInTheWay() throws {
        let output = Self.folder.appendingPathComponent("table-blocked")
        // A folder where events.csv goes: it cannot be replaced by a file.
        try FileManager.default.createDirectory(
            at: output.appendingPathComponent("events.csv"), withIntermediateDirectories: true)
        let db = Self.folder.appendingPathComponent("table-blocked.sqlite").path
        let result = try EarshotProcess.run([
            "analyze", EarshotProcess.sample("call-01-calm.wav"), EarshotProcess.sample("call-02-interruptions.wav"),
            "--output", output.path, "--db", db,
        ])
        #expect(result.status == 3)
        #expect(result.stderr.contains("events.csv"), "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "2 analysed, 0 already done, 0 failed; tables of 2 calls in \(output.path); 1 of the tables and "
                    + "pages could not be written (above)"), "\(result.stderr)")
        for table in ["calls.csv", "agents.csv", "report.html"] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(table).path), "\(table)")
        }
        #expect(try SQLiteQuery.count(db, "SELECT COUNT(*) FROM calls") == 2)
    }

    @Test("empty paths or agent, a --db or --manifest the batch would write over, and a path option twice are refused")
    func pathsRefused() throws {
        let output = Self.folder.appendingPathComponent("refused").path
        let call = EarshotProcess.sample("call-01-calm.wav")
        for (arguments, complaint, status) in [
            (["--db", ""], "--db is empty: give it a path", Int32(64)),
            (["--agent", ""], "--agent is empty: give it the agent's id", 64),
            (["--db", output + "/report.html"], "is the batch's own report.html", 64),
            (["--db", output], "is the output folder itself", 64),
            (["--db", output + "/calls/x.sqlite"], "inside the output folder's calls/", 64),
            (["--manifest", output + "/calls.csv"], "is the batch's own calls.csv", 64),
            (["--db", output + ".a.sqlite", "--db=" + output + ".b.sqlite"], "--db is given more than once", 64),
            (["--output", output + "-2"], "--output is given more than once", 64),
            (["--db", output + "/calls"], "inside the output folder's calls/", 64),
            (["--db", output + "/.earshot-lock"], "is the batch's own .earshot-lock", 64),  // it failed after the batch
            // A folder's name, refused before its folder is made (it left an empty folder; before that, a file `r.db`).
            (["--db", output + "-db/r.db/"], "a name ending in '/', '/.' or '/..' names a folder", 3),
        ] {
            let result = try EarshotProcess.run(["analyze", call, "--output", output] + arguments)
            #expect(result.status == status && result.stderr.contains(complaint), "\(arguments): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: output))
            #expect(!FileManager.default.fileExists(atPath: output + "-db"))
        }
        // Through a link to a folder, to a table not made yet: the same file.
        let real = Self.folder.appendingPathComponent("refused-real")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        let link = Self.folder.appendingPathComponent("refused-link")
        try? FileManager.default.removeItem(at: link)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        let linked = try EarshotProcess.run([
            "analyze", call, "--output", link.path + "/out", "--db", real.path + "/out/calls.csv",
        ])
        #expect(linked.status == 64 && linked.stderr.contains("is the batch's own calls.csv"), "\(linked.stderr)")
        // A link to a table not made yet: SQLite wrote through it, and the table was renamed over the database.
        let dangling = Self.folder.appendingPathComponent("refused-dangling")
        try? FileManager.default.removeItem(at: dangling)
        try FileManager.default.createSymbolicLink(
            atPath: dangling.path, withDestinationPath: "refused-real/new/calls.csv")
        let throughNothing = try EarshotProcess.run([
            "analyze", call, "--output", real.path + "/new", "--db", dangling.path,
        ])
        #expect(
            throughNothing.status == 64 && throughNothing.stderr.contains("is the batch's own calls.csv"),
            "\(throughNothing.stderr)")
        let empty = try EarshotProcess.run(["analyze", call, "--output", ""])
        #expect(empty.status == 64 && empty.stderr.contains("--output is empty"), "\(empty.stderr)")
        let report = try EarshotProcess.run(["replay", "--speed", "max", "--report", "", call])
        #expect(report.status == 64 && report.stderr.contains("--report is empty"), "\(report.stderr)")
        #expect(!report.stdout.contains("agent share"))  // refused before the session
    }

    @Test("an output folder that cannot be made (a file in the way, a name too long) says why, exit 3")
    func fileInTheWay() throws {
        let blocker = Self.folder.appendingPathComponent("blocker").path
        try "x".write(toFile: blocker, atomically: false, encoding: .utf8)
        let inside = try EarshotProcess.run([
            "analyze", EarshotProcess.sample("call-01-calm.wav"), "--output", blocker + "/out",
        ])
        #expect(inside.status == 3)
        #expect(
            inside.stderr.contains("cannot create output folder '\(blocker)/out': '\(blocker)' is a file, not a folder")
        )
        let itself = try EarshotProcess.run(["analyze", EarshotProcess.sample("call-01-calm.wav"), "--output", blocker])
        #expect(itself.status == 3)
        #expect(itself.stderr.contains("it is a file"))
        // A folder that cannot be made for another reason says that reason (it said "'' is a file, not a folder"
        // of a relative path, and "no permission" of a full disk).
        let long = String(repeating: "b", count: 300)
        let tooLong = try EarshotProcess.run(
            ["analyze", EarshotProcess.sample("call-01-calm.wav"), "--output", long],
            workingDirectory: Self.folder.path)
        #expect(tooLong.status == 3)
        #expect(
            tooLong.stderr.contains("cannot create output folder '\(long)': File name too long"), "\(tooLong.stderr)")
        // A file where the output folder's calls folder goes, and where its lock goes (review A: the calls folder was
        // named as the output folder, and the lock file was named alone).
        let taken = Self.folder.appendingPathComponent("taken")
        try? FileManager.default.removeItem(at: taken)
        try FileManager.default.createDirectory(at: taken, withIntermediateDirectories: true)
        try "x".write(to: taken.appendingPathComponent("calls"), atomically: false, encoding: .utf8)
        let calls = try EarshotProcess.run([
            "analyze", EarshotProcess.sample("call-01-calm.wav"), "--output", taken.path,
        ])
        #expect(calls.status == 3)
        #expect(
            calls.stderr.contains("cannot use '\(taken.path)/calls' as the output folder's calls folder: it is a file"),
            "\(calls.stderr)")
        try FileManager.default.removeItem(at: taken.appendingPathComponent("calls"))
        try? FileManager.default.removeItem(at: taken.appendingPathComponent(".earshot-lock"))
        try FileManager.default.createDirectory(
            at: taken.appendingPathComponent(".earshot-lock"), withIntermediateDirectories: true)
        let lock = try EarshotProcess.run([
            "analyze", EarshotProcess.sample("call-01-calm.wav"), "--output", taken.path,
        ])
        #expect(lock.status == 3)
        #expect(
            lock.stderr.contains(
                "cannot write in the output folder '\(taken.path)': its lock file .earshot-lock: Is a directory"),
            "\(lock.stderr)")
        // --db's folder is named as the database's, not as an output folder.
        let database = try EarshotProcess.run([
            "analyze", EarshotProcess.sample("call-01-calm.wav"), "--output",
            Self.folder.appendingPathComponent("db-out").path,
            "--db", blocker + "/results.db",
        ])
        #expect(database.status == 3)
        #expect(
            database.stderr.contains("cannot use '\(blocker)' as the database's folder: it is a file"),
            "\(database.stderr)")
    }

    @Test("a report that cannot be written is named with the reason before the session starts, nothing left behind")
    func unwritableReport() throws {
        let missing = Self.folder.appendingPathComponent("no-such-folder/report.json").path
        let result = try EarshotProcess.run([
            "replay", "--speed", "max", "--json", "--report", missing, EarshotProcess.sample("call-01-calm.wav"),
        ])
        #expect(result.status == 3)
        #expect(result.stdout.isEmpty)  // checked before the session, not found out at its end
        #expect(result.stderr.contains("cannot write '\(missing)': No such file or directory"))
        let left = (try? FileManager.default.contentsOfDirectory(atPath: Self.folder.path)) ?? []
        #expect(!left.contains { $0.hasSuffix(".tmp") })
    }

    @Test("a full disk (files capped at 24 KiB) is a clear error; every file written is whole, the others as they were")
    func diskFull() throws {
        let out = Self.folder.appendingPathComponent("full")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let html = out.appendingPathComponent("report.html")
        try "<p>the previous run</p>".write(to: html, atomically: false, encoding: .utf8)
        // RLIMIT_FSIZE: every write past 24 KiB fails with EFBIG, as on a full disk (SIGXFSZ ignored). Two calls of
        // three Samples' length (looped): the per-call JSON (8-9 KiB) and report.html (about 17 KiB) fit and the
        // calls' pages (31-38 KiB) do not. bash counts
        // `ulimit -f` in KiB; dash, Debian's /bin/sh, in 512-byte blocks, so the shell is named.
        let inputs = try Scratch.folder("full-inputs")
        let recordings = ["call-01-calm.wav", "call-02-interruptions.wav"].map {
            inputs.appendingPathComponent($0).path
        }
        try SampleAudio.looped("call-01-calm.wav", times: 3, to: recordings[0])
        try SampleAudio.looped("call-02-interruptions.wav", times: 3, to: recordings[1])
        let quoted =
            ([EarshotProcess.binary.path, "analyze", "--output", out.path] + recordings).map { "'\($0)'" }
            .joined(separator: " ")
        let result = try EarshotProcess.run(["-c", "ulimit -f 24; trap '' XFSZ; exec \(quoted)"], tool: "/bin/bash")
        let stderr = result.stderr
        #expect(result.status == 3)
        // The calls' pages are too large: the first named, the other counted; the tables and report.html, which fit,
        // are written, the page without links to the missing pages; the summary is said.
        #expect(
            stderr.contains("cannot write '\(out.path)/calls/") && stderr.contains(".html': File too large")
                && stderr.contains("(and 1 more call's page)"), "\(stderr)")
        #expect(stderr.contains("2 analysed, 0 already done, 0 failed; tables of 2 calls"), "\(stderr)")
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(page.hasSuffix("</html>\n") && page.contains("call-02-interruptions.wav"))
        #expect(!page.contains("<a href=\"calls/"))
        let left = try FileManager.default.subpathsOfDirectory(atPath: out.path)
        #expect(!left.contains { $0.hasSuffix(".tmp") }, "\(left)")
        // What fitted was written whole: every per-call JSON parses.
        let calls = left.filter { $0.hasPrefix("calls/") && $0.hasSuffix(".json") }
        #expect(calls.count == 2)
        for call in calls {
            let data = try Data(contentsOf: out.appendingPathComponent(call))
            #expect((try? JSONSerialization.jsonObject(with: data)) != nil, "\(call) is not whole")
        }
    }

    @Test("a new database that a full disk (files capped at 14 KiB) leaves empty is removed, not left as a 0-byte file")
    func emptyDatabaseRemoved() throws {
        let out = Self.folder.appendingPathComponent("full-db")
        let db = Self.folder.appendingPathComponent("full-db.sqlite").path
        try? FileManager.default.removeItem(atPath: db)
        let quoted = [
            EarshotProcess.binary.path, "analyze", "--output", out.path, "--db", db,
            EarshotProcess.sample("call-01-calm.wav"),
        ].map { "'\($0)'" }.joined(separator: " ")
        let result = try EarshotProcess.run(["-c", "ulimit -f 14; trap '' XFSZ; exec \(quoted)"], tool: "/bin/bash")
        #expect(result.status == 3)
        #expect(result.stderr.contains("cannot write database '\(db)'"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db), "an empty database left behind")
        #expect(!FileManager.default.fileExists(atPath: db + "-journal"))
    }

    @Test("a full disk stops the batch taking files: one error line, not one per file; the rest not started, exit 3")
    func batchStopsOnFullDisk() throws {
        let input = Self.folder.appendingPathComponent("full-batch-in")
        let out = Self.folder.appendingPathComponent("full-batch-out")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for name in ["a", "b", "c", "d", "e"] {
            try FileManager.default.copyItem(
                atPath: EarshotProcess.sample("call-01-calm.wav"),
                toPath: input.appendingPathComponent(name + ".wav").path)
        }
        // The first call's record, found by a first run, then written through a link to /dev/full: the kernel's own
        // "No space left on device", as on a full disk.
        _ = try EarshotProcess.run(["analyze", input.path, "--output", out.path])
        let calls = out.appendingPathComponent("calls")
        let first = try #require(
            try FileManager.default.contentsOfDirectory(atPath: calls.path).filter { $0.hasSuffix(".json") }.sorted()
                .first)
        try FileManager.default.removeItem(at: out)
        try FileManager.default.createDirectory(at: calls, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: calls.appendingPathComponent(first).path, withDestinationPath: "/dev/full")
        let result = try EarshotProcess.run(["analyze", input.path, "--output", out.path, "--jobs", "1"])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("No space left on device"), "\(result.stderr)")
        #expect(result.stderr.contains("is full: no new files are started"), "\(result.stderr)")
        #expect(
            result.stderr.contains("0 analysed, 0 already done, 1 failed, disk full: 4 not started"), "\(result.stderr)"
        )
        let page = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(
            page.contains("Stopped before the end (the output disk was full): 4 of the 5 recordings"),
            "\(page.prefix(3000))")
    }

    @Test("an existing report is replaced whole")
    func replaceReport() throws {
        let report = Self.folder.appendingPathComponent("again.json").path
        try "old".write(toFile: report, atomically: false, encoding: .utf8)
        let result = try EarshotProcess.run([
            "replay", "--speed", "max", "--json", "--report", report, EarshotProcess.sample("call-01-calm.wav"),
        ])
        #expect(result.status == 0)
        let object =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any]
        #expect(object?["summary"] != nil)
    }

    @Test("a report path that is a link replaces the file it points to and keeps the link; a FIFO gets the report")
    func linkAndPipe() throws {
        let folder = try Scratch.folder("report-link")
        let real = folder.appendingPathComponent("shared-latest.json").path
        let link = folder.appendingPathComponent("latest.json").path
        try "old".write(toFile: real, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "shared-latest.json")
        let linked = try EarshotProcess.run([
            "replay", "--speed", "max", "--json", "--report", link, EarshotProcess.sample("call-01-calm.wav"),
        ])
        #expect(linked.status == 0, "\(linked.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "shared-latest.json")
        let object =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: real))) as? [String: Any]
        #expect(object?["summary"] != nil)

        // A FIFO that a script reads: the report goes into it, and the FIFO stays a FIFO.
        let fifo = folder.appendingPathComponent("report.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = Process()
        reader.standardInput = FileHandle.nullDevice  // never the test runner's own stdin
        reader.executableURL = URL(fileURLWithPath: "/bin/cat")
        reader.arguments = [fifo]
        let out = Pipe()
        reader.standardOutput = out
        try reader.run()
        let piped = try EarshotProcess.run([
            "replay", "--speed", "max", "--json", "--report", fifo, EarshotProcess.sample("call-01-calm.wav"),
        ])
        let received = out.fileHandleForReading.readDataToEndOfFile()
        reader.waitUntilExit()
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect((try? JSONSerialization.jsonObject(with: received) as? [String: Any])?["summary"] != nil)
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)

        // The same FIFO with nobody reading it: an error at the end, not a session that never ends.
        let unread = try EarshotProcess.run(
            ["replay", "--speed", "max", "--report", fifo, EarshotProcess.sample("call-01-calm.wav")], timeLimit: 20)
        #expect(unread.status == 3)
        #expect(unread.stderr.contains("no program is reading this pipe"), "\(unread.stderr)")

        // --report /dev/stdout with stdout sent to a file: the report is added after the JSON Lines, which stay.
        let session = folder.appendingPathComponent("session.jsonl").path
        let shell = try EarshotProcess.shell(
            "EARSHOT replay --speed max --json --report /dev/stdout "
                + "'\(EarshotProcess.sample("call-01-calm.wav"))' > '\(session)'")
        #expect(shell.status == 0, "\(shell.stderr)")
        let text = try String(contentsOfFile: session, encoding: .utf8)
        #expect(text.hasPrefix("{\"type\": "), "the JSON Lines are still there")
        #expect(text.contains("\"type\": \"status\""))
        #expect(text.contains("\"summary\": {"), "the report follows them")
        // Whole: the report's lines from its opening brace parse as one object, and the end line follows it (standard
        // output's own offset was before the appended report, and the end line overwrote its start).
        let lines = text.split(separator: "\n").map(String.init)
        let opening = try #require(lines.firstIndex(of: "{"), "\(text.suffix(300))")
        let closing = try #require(lines.lastIndex(of: "}"))
        let report = lines[opening...closing].joined(separator: "\n")
        let parsed = try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any]
        #expect(parsed?["segments"] != nil && parsed?["summary"] != nil, "\(report.prefix(200))")
        #expect(lines.last?.hasPrefix("{\"type\": \"end\"") == true, "\(lines.last ?? "")")
        // Without --json, the text report follows the JSON one.
        let textSession = folder.appendingPathComponent("session.txt").path
        let plain = try EarshotProcess.shell(
            "EARSHOT replay --speed max --report /dev/stdout "
                + "'\(EarshotProcess.sample("call-01-calm.wav"))' > '\(textSession)'")
        #expect(plain.status == 0, "\(plain.stderr)")
        let plainLines = try String(contentsOfFile: textSession, encoding: .utf8).split(separator: "\n").map(
            String.init)
        let start = try #require(plainLines.firstIndex(of: "{"))
        let end = try #require(plainLines.firstIndex(of: "}"))
        let plainReport = plainLines[start...end].joined(separator: "\n")
        #expect((try? JSONSerialization.jsonObject(with: Data(plainReport.utf8))) != nil, "\(plainReport.prefix(200))")
        #expect(plainLines.contains { $0.hasPrefix("talk   ") }, "the text report after it")
    }

    @Test("--output L/../x, L a link to a folder, writes every file where the kernel puts x: beside L's target")
    func outputThroughLink() throws {
        let root = try Scratch.folder("through-link")
        try Scratch.folders(in: root, "real/sub")
        try Scratch.links(in: root, ["L": "real/sub"])
        let result = try EarshotProcess.run(
            ["analyze", "--output", "L/../x", EarshotProcess.sample("call-01-calm.wav")], workingDirectory: root.path)
        #expect(result.status == 0, "\(result.stderr)")
        // Foundation takes `..` out of a URL as text: the lock went to real/x and the tables and records to ./x.
        let made = root.appendingPathComponent("real/x")
        for name in ["calls.csv", "events.csv", "agents.csv", "report.html", ".earshot-lock"] {
            #expect(FileManager.default.fileExists(atPath: made.appendingPathComponent(name).path), "\(name)")
        }
        let records = try FileManager.default.contentsOfDirectory(atPath: made.appendingPathComponent("calls").path)
        #expect(records.filter { $0.hasSuffix(".json") }.count == 1, "\(records)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("x").path))
        // A folder that does not exist yet before the link: `new/..` is where `new` will be made, and L's `..` is
        // still the folder above its target (the lock went there, the tables to ./y).
        let later = try EarshotProcess.run(
            ["analyze", "--output", "new/../L/../y", EarshotProcess.sample("call-01-calm.wav")],
            workingDirectory: root.path)
        #expect(later.status == 0, "\(later.stderr)")
        for name in ["calls.csv", ".earshot-lock"] {
            let path = root.appendingPathComponent("real/y/\(name)").path
            #expect(FileManager.default.fileExists(atPath: path), "\(name)")
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("y").path))
        // A link that loops through itself (`dd -> dd/../dd`) is refused at once: following every link to nothing
        // took some 2^40 steps (the process spun until killed; `timeout` kills it here if it does again).
        try Scratch.links(in: root, ["dd": "dd/../dd"])
        let loop = try EarshotProcess.shell(
            "timeout -s KILL 60 EARSHOT analyze --output dd --db dd/x.db '\(EarshotProcess.sample("call-01-calm.wav"))'",
            in: root.path)
        #expect(loop.status == 3 && loop.stderr.contains("too many levels of symbolic links"), "\(loop.stderr)")
    }
}
