import Foundation
import Glibc
import Testing

@testable import earshot

@Suite("Batch inputs: manifests and file names")
struct BatchInputTests {
    @Test("a file the manifest lists takes the manifest's agent even when its folder is given too")
    func manifestWins() throws {
        let input = try BatchFixture.recordings("wins", ["call-01-calm.wav", "call-02-interruptions.wav"])
        let output = try Scratch.folder("out-wins")
        let manifest = output.appendingPathComponent("labels.csv")
        // A relative path, a padded one and a trailing line of empty fields (spreadsheet export).
        try
            "path,agent,call_id\n../inputs-wins/call-01-calm.wav,ann,c1\n  \(input.path)/call-02-interruptions.wav ,bob,c2\n,,\n"
            .write(to: manifest, atomically: false, encoding: .utf8)
        let result = try EarshotProcess.run([
            "analyze", input.path, "--manifest", manifest.path, "--output", output.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let calls = output.appendingPathComponent("calls.csv")
        #expect(try BatchFixture.column("agent", of: calls).sorted() == ["ann", "bob"])
        #expect(try BatchFixture.column("call_id", of: calls).sorted() == ["c1", "c2"])
        // The page shows the call ids too, in the table and over each timeline.
        let page = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(page.contains("<div>call c1</div>") && page.contains("call c2"))
    }

    @Test("agent ids in a manifest that differ only in case are warned of: each is an agent of its own in the tables")
    func agentCase() throws {
        let input = try BatchFixture.recordings("agent-case", ["call-01-calm.wav", "call-02-interruptions.wav"])
        let output = try Scratch.folder("out-agent-case")
        let manifest = output.appendingPathComponent("agents.csv.in")
        try "path,agent\n\(input.path)/call-01-calm.wav,Alice\n\(input.path)/call-02-interruptions.wav,alice\n".write(
            to: manifest, atomically: false, encoding: .utf8)
        let result = try EarshotProcess.run(["analyze", "--manifest", manifest.path, "--output", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "names agents that differ only in case, each counted apart in every table: 'Alice' and 'alice'"),
            "\(result.stderr)")
        #expect(
            try BatchFixture.column("agent", of: output.appendingPathComponent("agents.csv")) == ["Alice", "alice"])
    }

    @Test("two files whose names differ only in Unicode normalisation (NFC, NFD) are two calls in the tables")
    func unicodeForms() throws {
        let input = try Scratch.folder("inputs-forms")
        // café.wav with a precomposed é, and with e and a combining acute: equal Swift strings, two files here.
        let names = ["caf\u{E9}.wav", "cafe\u{301}.wav"]
        for (name, sample) in zip(names, ["call-01-calm.wav", "call-02-interruptions.wav"]) {
            try FileManager.default.copyItem(
                atPath: EarshotProcess.sample(sample), toPath: input.appendingPathComponent(name).path)
        }
        try #require(try FileManager.default.contentsOfDirectory(atPath: input.path).count == 2)
        let output = try Scratch.folder("out-forms")
        let result = try EarshotProcess.run(["analyze", input.path, "--output", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("2 analysed"), "\(result.stderr)")
        let durations = try BatchFixture.column("duration_s", of: output.appendingPathComponent("calls.csv"))
        #expect(durations.sorted() == ["55.88", "62.54"], "\(durations)")
        let again = try EarshotProcess.run(["analyze", input.path, "--output", output.path, "--resume"])
        #expect(again.stderr.contains("0 analysed, 2 already done"), "\(again.stderr)")
    }

    @Test("files whose names are not valid UTF-8 are failed rows that say so, each its own, not missing files")
    func latin1Name() throws {
        let input = try Scratch.folder("inputs-latin1")
        // "latén.wav" and "latèn.wav" in Latin-1: the bytes 0xE9 and 0xE8 alone are not UTF-8, and both would read
        // back as "lat\u{FFFD}n.wav", one name for two files.
        let audio = try Data(contentsOf: URL(fileURLWithPath: EarshotProcess.sample("call-01-calm.wav")))
        for byte: UInt8 in [0xE9, 0xE8] {
            let name = Array(input.path.utf8) + Array("/lat".utf8) + [byte] + Array("n.wav".utf8)
            let descriptor = (name.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer {
                open($0.baseAddress!, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            }
            try #require(descriptor >= 0)
            _ = audio.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            close(descriptor)
        }
        let output = try Scratch.folder("out-latin1")
        let result = try EarshotProcess.run(["analyze", input.path, "--output", output.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("0 analysed, 0 already done, 2 failed; tables of 2 calls"), "\(result.stderr)")
        let table = output.appendingPathComponent("calls.csv")
        let errors = try BatchFixture.column("error", of: table)
        #expect(errors.count == 2 && errors.allSatisfy { $0.contains("not valid UTF-8") }, "\(errors)")
        #expect(
            try BatchFixture.column("file", of: table).map { ($0 as NSString).lastPathComponent } == [
                "lat\\xE8n.wav", "lat\\xE9n.wav",
            ])
        // A folder so named cannot be searched: a failed input that says so, with the fix (its recordings are missing
        // from the tables, so the batch is not whole).
        let folder = Array(input.path.utf8) + Array("/r".utf8) + [0xE9] + Array("gion".utf8)
        let made = (folder.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer {
            mkdir($0.baseAddress!, 0o755)
        }
        try #require(made == 0)
        // And a link so named to a folder elsewhere; and a file literally named as the escaped one reads: its own row.
        let store = try Scratch.folder("inputs-latin1-store")
        let linkName = Array(input.path.utf8) + Array("/l".utf8) + [0xE9] + Array("nk".utf8)
        let linked = (linkName.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer {
            symlink(store.path, $0.baseAddress!)
        }
        try #require(linked == 0)
        try FileManager.default.copyItem(
            atPath: EarshotProcess.sample("call-02-interruptions.wav"),
            toPath: input.appendingPathComponent("lat\\xE9n.wav").path)
        let again = try EarshotProcess.run(["analyze", input.path, "--output", output.path])
        #expect(again.status == 1)
        for folder in ["r\\xE9gion", "l\\xE9nk"] {
            #expect(
                again.stderr.contains("\(input.path)/\(folder): its name is not valid UTF-8")
                    && again.stderr.contains("so this folder cannot be searched: the recordings in it are left out"),
                "\(again.stderr)")
        }
        #expect(again.stderr.contains("1 analysed, 0 already done, 4 failed; tables of 5 calls"), "\(again.stderr)")
    }

    @Test(
        "a folder that cannot be searched (no permission) is a failed input: the batch exits 1, not 0 with it left out")
    func lockedFolder() throws {
        // Open to all but the locked folder, which no one but root may list; the batch runs as nobody (tests run
        // by root drop to it with setpriv; others are not root already).
        let input = try Scratch.folder("inputs-locked")
        let output = try Scratch.folder("out-locked")
        for folder in [input, output] { try #require(chmod(folder.path, 0o777) == 0) }
        let locked = input.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: false)
        for (name, folder) in [("ok.wav", input), ("hidden.wav", locked)] {
            try FileManager.default.copyItem(
                atPath: EarshotProcess.sample("call-01-calm.wav"), toPath: folder.appendingPathComponent(name).path)
        }
        try #require(chmod(locked.path, 0o000) == 0)
        // A copy of the binary in the scratch folder, which nobody can reach wherever the project is checked out.
        let binary = try Scratch.folder("locked-binary").appendingPathComponent("earshot").path
        try FileManager.default.copyItem(atPath: EarshotProcess.binary.path, toPath: binary)
        func asNobody(_ arguments: [String]) throws -> EarshotProcess.Result {
            guard getuid() == 0 else { return try EarshotProcess.run(arguments) }
            let user = ["--reuid=65534", "--regid=65534", "--clear-groups", binary]
            return try EarshotProcess.run(user + arguments, tool: "/usr/bin/setpriv")
        }
        let result = try asNobody(["analyze", input.path, "--output", output.path])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "\(locked.path): cannot search this folder: Permission denied; the recordings in it"),
            "\(result.stderr)")
        #expect(result.stderr.contains("1 analysed, 0 already done, 1 failed; tables of 2 calls"), "\(result.stderr)")
        let table = output.appendingPathComponent("calls.csv")
        let errors = try BatchFixture.column("error", of: table)
        #expect(errors.filter { !$0.isEmpty }.count == 1, "\(errors)")
        // Opened up and run again: its recording is analysed and the folder's failed row is gone.
        try #require(chmod(locked.path, 0o755) == 0)
        let again = try asNobody(["analyze", input.path, "--output", output.path, "--resume"])
        #expect(again.status == 0, "\(again.stderr)")
        let rows = try BatchFixture.column("error", of: table)
        #expect(rows.count == 2 && rows.allSatisfy(\.isEmpty), "\(rows)")
        try #require(chmod(locked.path, 0o700) == 0)  // for the scratch folder's removal
        // Given by name, the same, and not also "no audio files in folder".
        let named = try asNobody(["analyze", locked.path])
        #expect(named.status == 1 && !named.stderr.contains("no audio files"), "\(named.stderr)")
    }

    @Test("a file named with a newline or an escape sequence is shown with '?' in errors, not split or sent raw")
    func controlCharactersInNames() throws {
        let folder = try BatchFixture.recordings("control-names", [])
        let name = "bad\nname\u{1B}[31m.wav"
        try Data("not audio".utf8).write(to: folder.appendingPathComponent(name))
        let result = try EarshotProcess.run(["analyze", folder.appendingPathComponent(name).path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad?name?[31m.wav"), "\(result.stderr)")
        #expect(!result.stderr.contains("\u{1B}") && result.stderr.split(separator: "\n").count == 1)
    }

    @Test("manifest errors name the line (after a field spanning lines too); duplicates that differ and no rows warn")
    func manifestLines() throws {
        let output = try Scratch.folder("out-quote")
        let manifest = output.appendingPathComponent("labels.csv")
        let calm = EarshotProcess.sample("call-01-calm.wav")
        let run = { (text: String) in
            try text.write(to: manifest, atomically: false, encoding: .utf8)
            return try EarshotProcess.run(["analyze", "--manifest", manifest.path, "--output", output.path])
        }
        let open = try run("path,agent\n\(calm),ann\n\(calm),12\" screen\n")
        #expect(open.status == 1)
        let unclosed = "manifest '\(manifest.path)' line 3: a quoted field opens there"
        #expect(open.stderr.contains(unclosed), "\(open.stderr)")
        // The agent's name spans lines 2-3, so the row without a path is line 4.
        let spanning = try run("path,agent\n\(calm),\"Ann\nSmith\"\n,bob\n")
        #expect(spanning.stderr.contains("line 4: no path"), "\(spanning.stderr)")
        // A bad row fails alone: said, counted as failed (exit 1), and the other rows are analysed; it gets no row of
        // its own (a phantom call) and does not replace the file's saved analysis.
        #expect(spanning.status == 1)
        #expect(spanning.stderr.contains("1 analysed, 0 already done, 1 failed"), "\(spanning.stderr)")
        let calls = output.appendingPathComponent("calls.csv")
        #expect(try !BatchFixture.column("error", of: calls).contains { $0.contains("no path") })
        let manifestText = "path,agent_channel\n\(calm),2\n\(EarshotProcess.sample("call-02-interruptions.wav")),1\n"
        for extra in [[], ["--resume"]] {
            try manifestText.write(to: manifest, atomically: false, encoding: .utf8)
            let channel = try EarshotProcess.run(
                ["analyze", "--manifest", manifest.path, "--output", output.path] + extra)
            #expect(channel.status == 1, "\(extra)")
            #expect(channel.stderr.contains("line 2: agent_channel must be 0 or 1, got '2'"), "\(channel.stderr)")
            // The page's failed count has no row for it: the page says what was left out, and why.
            let page = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
            #expect(page.contains("1 manifest row could not be used"), "\(page.prefix(3000))")
            #expect(page.contains("line 2: agent_channel must be 0 or 1, got &#39;2&#39;"), "\(page.prefix(3000))")
            let rows = Dictionary(
                zip(
                    try BatchFixture.column("file", of: calls).map { ($0 as NSString).lastPathComponent },
                    try BatchFixture.column("error", of: calls))
            ) { a, _ in a }
            #expect(rows["call-02-interruptions.wav"] == "", "analysed: \(rows)")
            #expect(rows["call-01-calm.wav"] == "", "its earlier analysis kept: \(rows)")
        }
        // A file listed first on an unusable row and then on a usable one takes the usable one.
        let retyped = try run("path,agent_channel\n\(calm),2\n\(calm),0\n")
        #expect(retyped.status == 0, "\(retyped.stderr)")
        #expect(retyped.stderr.contains("1 analysed, 0 already done, 0 failed"), "\(retyped.stderr)")
        // The unusable row is named with its error (review E: it went unsaid).
        #expect(
            retyped.stderr.contains("not used: line 2 ('\(calm)': agent_channel must be 0 or 1, got '2')"),
            "\(retyped.stderr)")
        // A later unusable row is named too, though it names no other agent (review F: `7` read as no channel).
        let later = try run("path,agent_channel\n\(calm),\n\(calm),7\n")
        #expect(
            later.stderr.contains("not used: line 3 ('\(calm)': agent_channel must be 0 or 1, got '7')"),
            "\(later.stderr)")
        let twice = try run("path,agent\n\(calm),ann\n\(calm),bob\n")
        #expect(twice.status == 0)
        // Rows named by line: two rows of one path are told apart (review E: "not: 'x.wav'" read as x.wav skipped).
        #expect(
            twice.stderr.contains("lists files on more than one row, with another agent")
                && twice.stderr.contains("not used: line 3 ('\(calm)')"), "\(twice.stderr)")
        let none = try run("path,agent\n")
        #expect(none.status == 1)
        #expect(none.stderr.contains("no recordings to analyse in the manifest '\(manifest.path)', which lists none"))
        // A spreadsheet saved with ';' between columns (a European locale's CSV): said, not "must name 'path'" alone.
        let semicolons = try run("path;agent\n\(calm);ann\n")
        #expect(semicolons.status == 1)
        #expect(semicolons.stderr.contains("it separates them with ';'; save it as CSV with commas"), "\(semicolons)")
    }

    @Test("a manifest's fields lose the spaces around them outside quotes, and keep those inside (a file ' x.wav')")
    func manifestSpaces() throws {
        let folder = try BatchFixture.folder("manifest-spaces")
        for name in [" lead.wav", "trail .wav", "plain.wav"] {
            try FileManager.default.copyItem(
                atPath: EarshotProcess.sample("call-01-calm.wav"), toPath: folder.appendingPathComponent(name).path)
        }
        let manifest = folder.appendingPathComponent("m.csv")
        try "path , agent\n\" lead.wav\",ann\n\"trail .wav\" ,  bob \n  plain.wav\t, \" cy\"\n".write(
            to: manifest, atomically: false, encoding: .utf8)
        let output = folder.appendingPathComponent("out")
        let result = try EarshotProcess.run(["analyze", "--manifest", manifest.path, "--output", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        let calls = output.appendingPathComponent("calls.csv")
        let rows = Dictionary(
            uniqueKeysWithValues: zip(
                try BatchFixture.column("file", of: calls).map { ($0 as NSString).lastPathComponent },
                try BatchFixture.column("agent", of: calls)))
        #expect(rows == [" lead.wav": "ann", "trail .wav": "bob", "plain.wav": " cy"], "\(rows)")
    }

    @Test("the CSV reader trims outside quotes only when asked, and keeps what quotes hold")
    func readerTrimming() throws {
        let text = "  a ,\" b \"  , c\"d\" e ,\t\n"
        #expect(try CSVReader.rows(text).map(\.fields) == [["  a ", " b   ", " cd e ", "\t"]])
        #expect(try CSVReader.rows(text, trimming: true).map(\.fields) == [["a", " b ", "cd e", ""]])
    }

    @Test("a manifest agent_channel of 1 with --channels is refused, as --agent-channel with --channels is")
    func agentChannelWithChannels() throws {
        let output = try Scratch.folder("out-channels")
        let manifest = output.appendingPathComponent("labels.csv")
        try "path,agent_channel\n\(EarshotProcess.sample("call-01-calm.wav")),1\n".write(
            to: manifest, atomically: false, encoding: .utf8)
        let result = try EarshotProcess.run([
            "analyze", "--manifest", manifest.path, "--output", output.path, "--channels", "1,0",
        ])
        #expect(result.status == 64)
        #expect(result.stderr.contains("agent_channel 1, but --channels A,C already names the agent's channel"))
    }

    @Test("a file name of many bytes per character still gets its call record saved (names cut by bytes)")
    func longByteName() throws {
        let input = try Scratch.folder("inputs-bytes")
        // 27 Hangul syllables written decomposed (as macOS writes them): 3 jamo of 3 bytes each, 243 bytes.
        let syllable = "\u{1100}\u{1161}\u{11A8}"
        let name = String(repeating: syllable, count: 27) + ".wav"
        try #require(name.utf8.count == 247)
        try FileManager.default.copyItem(
            atPath: EarshotProcess.sample("call-01-calm.wav"), toPath: input.appendingPathComponent(name).path)
        let output = try Scratch.folder("out-bytes")
        let result = try EarshotProcess.run(["analyze", input.path, "--output", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        let saved = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("calls").path)
        // Its record and its page.
        #expect(saved.count == 2 && saved.allSatisfy { $0.utf8.count <= 255 }, "\(saved)")
        #expect(Set(saved.map { ($0 as NSString).pathExtension }) == ["json", "html"], "\(saved)")
    }

    @Test("a manifest piped in (--manifest /dev/stdin) is read, its relative paths from the working folder")
    func pipedManifest() throws {
        let input = try BatchFixture.recordings("piped", ["call-01-calm.wav"])
        let output = try Scratch.folder("out-piped")
        // A pipe cannot be read as Foundation reads a file (its size is not known): it said "not UTF-8 text".
        let result = try EarshotProcess.shell(
            "printf 'path,agent\\ncall-01-calm.wav,ann\\n' | EARSHOT analyze --manifest /dev/stdin --output "
                + "'\(output.path)'", in: input.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try BatchFixture.column("agent", of: output.appendingPathComponent("calls.csv")) == ["ann"])
        // stdin from a file: its relative paths are that file's folder's (they were taken from /dev).
        let list = input.appendingPathComponent("list.csv")
        try "path,agent\ncall-01-calm.wav,bea\n".write(to: list, atomically: false, encoding: .utf8)
        let redirected = try EarshotProcess.shell(
            "EARSHOT analyze --manifest /dev/stdin --output out < '\(list.path)'", in: output.path)
        #expect(redirected.status == 0, "\(redirected.stderr)")
        let table = output.appendingPathComponent("out/calls.csv")
        #expect(try BatchFixture.column("agent", of: table) == ["bea"])
        // A file on stdin deleted since it was opened (a shell's long here-document): the working folder's.
        let gone = input.appendingPathComponent("gone.csv")
        try "path,agent\ncall-01-calm.wav,cy\n".write(to: gone, atomically: false, encoding: .utf8)
        let deleted = try EarshotProcess.shell(
            "exec < gone.csv; rm gone.csv; EARSHOT analyze --manifest /dev/stdin --output '\(output.path)/gone'",
            in: input.path)
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(try BatchFixture.column("agent", of: output.appendingPathComponent("gone/calls.csv")) == ["cy"])
        // A manifest named as it is: its rows' paths as written from its folder, not made absolute.
        let named = try EarshotProcess.run(
            ["analyze", "--manifest", "list.csv", "--output", output.appendingPathComponent("named").path],
            workingDirectory: input.path)
        #expect(named.status == 0, "\(named.stderr)")
        let files = try BatchFixture.column("file", of: output.appendingPathComponent("named/calls.csv"))
        #expect(files == ["call-01-calm.wav"])
        // A named pipe is a manifest in its folder: its rows' paths are that folder's.
        let fifo = try EarshotProcess.shell(
            "mkdir -p ff && mkfifo ff/p && cp call-01-calm.wav ff/f.wav && { printf 'path\\nf.wav\\n' > ff/p & } "
                + "&& EARSHOT analyze --manifest ff/p --output '\(output.path)/fifo'", in: input.path)
        #expect(fifo.status == 0, "\(fifo.stderr)")
        // A link to /dev/stdin, fed by a pipe: the working folder's (they were taken from the link's folder).
        let viaLink = try EarshotProcess.shell(
            "mkdir -p sub && ln -sf /dev/stdin sub/in && printf 'path\\ncall-01-calm.wav\\n' | "
                + "EARSHOT analyze --manifest sub/in --output '\(output.path)/via-link'", in: input.path)
        #expect(viaLink.status == 0, "\(viaLink.stderr)")
    }

    @Test("a link to a recording not there yet, then there: one row, failed then analysed, not one of each")
    func linkToMissing() throws {
        let folder = try Scratch.folder("link-to-missing")
        try Scratch.folders(in: folder, "rec", "nas")
        try Scratch.links(in: folder, ["rec/x.wav": "../nas/x.wav"])
        let before = try EarshotProcess.run(["analyze", "rec", "--output", "o"], workingDirectory: folder.path)
        #expect(before.status == 1, "\(before.stderr)")
        try FileManager.default.copyItem(
            atPath: EarshotProcess.sample("call-01-calm.wav"), toPath: folder.appendingPathComponent("nas/x.wav").path)
        let after = try EarshotProcess.run(["analyze", "rec", "--output", "o"], workingDirectory: folder.path)
        #expect(after.status == 0, "\(after.stderr)")
        // The failure was kept under the link's name and the analysis under its target's: two rows, one failed.
        let errors = try BatchFixture.column("error", of: folder.appendingPathComponent("o/calls.csv"))
        #expect(errors == [""], "\(errors)")
    }

    @Test("a path through a missing folder (absent/../x.wav) fails alone: x.wav's saved analysis is not replaced")
    func unreachableSpelling() throws {
        let folder = try BatchFixture.recordings("unreachable", ["call-01-calm.wav"])
        let first = try EarshotProcess.run(
            ["analyze", "call-01-calm.wav", "--output", "o"], workingDirectory: folder.path)
        #expect(first.status == 0, "\(first.stderr)")
        // The kernel stops at `absent`; the path is keyed as x.wav (`..` taken out as `mkdir -p` would): its failure
        // took the place of x.wav's analysis.
        let typo = try EarshotProcess.run(
            ["analyze", "absent/../call-01-calm.wav", "--output", "o"], workingDirectory: folder.path)
        #expect(typo.status == 1, "\(typo.stderr)")
        #expect(typo.stderr.contains("cannot open 'absent/../call-01-calm.wav': a folder on its way is missing"))
        let calls = folder.appendingPathComponent("o/calls.csv")
        #expect(try BatchFixture.column("file", of: calls) == ["call-01-calm.wav"])
        #expect(try BatchFixture.column("error", of: calls) == [""])
        let page = try String(contentsOf: folder.appendingPathComponent("o/report.html"), encoding: .utf8)
        #expect(page.contains("1 path given could not be followed to the file named"), "\(page.prefix(3000))")
        // Whatever stops the kernel: a file taken for a folder (review C: it failed as x.wav again).
        try "not a folder".write(to: folder.appendingPathComponent("f"), atomically: false, encoding: .utf8)
        let file = try EarshotProcess.run(
            ["analyze", "f/../call-01-calm.wav", "--output", "o"], workingDirectory: folder.path)
        #expect(file.status == 1 && file.stderr.contains("a part of it taken for a folder is a file"), "\(file.stderr)")
        #expect(try BatchFixture.column("error", of: calls) == [""])
        // A manifest row spelt so gives way to a spelling of the file that can be opened (review C: the file was not
        // analysed at all): given on the command line, or in a later row.
        let manifest = folder.appendingPathComponent("m.csv")
        try "path,agent\nabsent/../call-01-calm.wav,alice\n".write(to: manifest, atomically: false, encoding: .utf8)
        let listed = try EarshotProcess.run(
            ["analyze", "--manifest", "m.csv", "call-01-calm.wav", "--output", "o2"], workingDirectory: folder.path)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(try BatchFixture.column("agent", of: folder.appendingPathComponent("o2/calls.csv")) == ["alice"])
        try "path,agent\nabsent/../call-01-calm.wav,alice\ncall-01-calm.wav,carol\n".write(
            to: manifest, atomically: false, encoding: .utf8)
        let rows = try EarshotProcess.run(
            ["analyze", "--manifest", "m.csv", "--output", "o3"], workingDirectory: folder.path)
        #expect(rows.status == 0, "\(rows.stderr)")
        #expect(try BatchFixture.column("agent", of: folder.appendingPathComponent("o3/calls.csv")) == ["carol"])
        // The row that gave way is named, its agent not used (review D: it went without a word).
        #expect(rows.stderr.contains("not used: line 2 ('absent/../call-01-calm.wav')"), "\(rows.stderr)")
        // Filled from the spellings given, the one without a link is kept, as for any file reached two ways.
        try Scratch.links(in: folder, ["lnk.wav": "call-01-calm.wav"])
        try "path,agent\nabsent/../call-01-calm.wav,alice\n".write(to: manifest, atomically: false, encoding: .utf8)
        let linked = try EarshotProcess.run(
            ["analyze", "--manifest", "m.csv", "lnk.wav", "call-01-calm.wav", "--output", "o4"],
            workingDirectory: folder.path)
        #expect(linked.status == 0, "\(linked.stderr)")
        let files = try BatchFixture.column("file", of: folder.appendingPathComponent("o4/calls.csv"))
        #expect(files == ["call-01-calm.wav"], "\(files)")
        // A row's error said without the manifest's name, whatever that name holds (review G: 'x line 3: y.csv').
        try "path,agent,agent_channel\ncall-01-calm.wav,ann,0\ncall-01-calm.wav,ann,7\n".write(
            to: folder.appendingPathComponent("x line 3: y.csv"), atomically: false, encoding: .utf8)
        let named = try EarshotProcess.run(
            ["analyze", "--manifest", "x line 3: y.csv", "--output", "o5"], workingDirectory: folder.path)
        #expect(
            named.stderr.contains("not used: line 3 ('call-01-calm.wav': agent_channel must be 0 or 1, got '7')"),
            "\(named.stderr)")
        #expect(named.stderr.contains("one row of each file is used, the first that can be;"), "\(named.stderr)")
    }

    @Test("of two spellings of one recording, the one that can be opened is analysed (absent/../x.wav cannot)")
    func openableSpelling() throws {
        let folder = try BatchFixture.recordings("openable", ["call-01-calm.wav"])
        let result = try EarshotProcess.run(
            ["analyze", "call-01-calm.wav", "absent/../call-01-calm.wav", "--output", "o"],
            workingDirectory: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        let files = try BatchFixture.column("file", of: folder.appendingPathComponent("o/calls.csv"))
        #expect(files == ["call-01-calm.wav"], "\(files)")
    }
}
