import Foundation
import Glibc
import Testing

@Suite("Batch inputs: manifests, folders and --resume")
struct BatchInputTests {
    /// A folder holding a copy of each sample named, plus what `extra` adds.
    static func recordings(_ name: String, _ samples: [String]) throws -> URL {
        let folder = try Scratch.folder("inputs-\(name)")
        for sample in samples {
            try FileManager.default.copyItem(
                atPath: EarshotProcess.sample(sample), toPath: folder.appendingPathComponent(sample).path)
        }
        return folder
    }

    static func column(_ name: String, of url: URL) throws -> [String] {
        let rows = try BatchTests.csv(url)
        guard let index = rows.first?.firstIndex(of: name) else { return [] }
        return rows.dropFirst().map { $0[index] }
    }

    @Test("a file the manifest lists takes the manifest's agent even when its folder is given too")
    func manifestWins() throws {
        let input = try Self.recordings("wins", ["call-01-calm.wav", "call-02-interruptions.wav"])
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
        #expect(try Self.column("agent", of: calls).sorted() == ["ann", "bob"])
        #expect(try Self.column("call_id", of: calls).sorted() == ["c1", "c2"])
        // The page shows the call ids too, in the table and over each timeline.
        let page = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(page.contains("<div>call c1</div>") && page.contains("call c2"))
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
        let durations = try Self.column("duration_s", of: output.appendingPathComponent("calls.csv"))
        #expect(durations.sorted() == ["55.88", "62.54"], "\(durations)")
        let again = try EarshotProcess.run(["analyze", input.path, "--output", output.path, "--resume"])
        #expect(again.stderr.contains("0 analysed, 2 already done"), "\(again.stderr)")
    }

    @Test("a folder without audio files among other inputs is named in a warning; alone it is an error")
    func emptyFolder() throws {
        let empty = try Scratch.folder("inputs-empty")
        let output = try Scratch.folder("out-empty")
        let result = try EarshotProcess.run([
            "analyze", empty.path, EarshotProcess.sample("call-01-calm.wav"), "--output", output.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: no audio files in folder '\(empty.path)'"), "\(result.stderr)")
        let alone = try EarshotProcess.run(["analyze", empty.path, "--output", output.path])
        #expect(alone.status == 1)
        #expect(alone.stderr.contains("no recordings to analyse in '\(empty.path)'"), "\(alone.stderr)")
        // Without --output: named as an error, and the other input still analysed.
        let plain = try EarshotProcess.run([
            "analyze", "--format", "csv", empty.path, EarshotProcess.sample("call-01-calm.wav"),
        ])
        #expect(plain.status == 1)
        #expect(plain.stderr.contains("no audio files in folder '\(empty.path)'"), "\(plain.stderr)")
        #expect(plain.stdout.split(separator: "\n").count == 2, "\(plain.stdout)")  // the header and call-01's row
    }

    @Test("folders are searched for every format libsndfile reads; recordings it cannot read are counted in a warning")
    func extensions() throws {
        let folder = try Self.recordings("extensions", [])
        // libsndfile tells formats by their content: a WAV under these names stands for each.
        for name in ["a.wav", "b.aifc", "c.sph", "d.wavex"] {
            try FileManager.default.copyItem(
                atPath: EarshotProcess.sample("call-01-calm.wav"), toPath: folder.appendingPathComponent(name).path)
        }
        for name in ["e.m4a", "f.amr", "g.m4a", "notes.txt"] {
            try Data("not read".utf8).write(to: folder.appendingPathComponent(name))
        }
        let result = try EarshotProcess.run(["analyze", "--format", "csv", folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count == 5, "\(result.stdout)")
        let warning = "skipped 3 recording(s) in formats Earshot cannot read (.amr: 1, .m4a: 2)"
        #expect(result.stderr.contains(warning), "\(result.stderr)")
        let output = try Scratch.folder("out-extensions")
        let batch = try EarshotProcess.run(["analyze", folder.path, "--output", output.path])
        #expect(batch.stderr.contains("4 analysed") && batch.stderr.contains(warning), "\(batch.stderr)")
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
        let errors = try Self.column("error", of: table)
        #expect(errors.count == 2 && errors.allSatisfy { $0.contains("not valid UTF-8") }, "\(errors)")
        #expect(
            try Self.column("file", of: table).map { ($0 as NSString).lastPathComponent } == [
                "lat\\xE8n.wav", "lat\\xE9n.wav",
            ])
        // A folder so named cannot be searched: said, with the fix.
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
        for folder in ["r\\xE9gion", "l\\xE9nk"] {
            #expect(
                again.stderr.contains("cannot search folder '\(input.path)/\(folder)': its name is not valid UTF-8"),
                "\(again.stderr)")
        }
        #expect(again.stderr.contains("1 analysed, 0 already done, 2 failed; tables of 3 calls"), "\(again.stderr)")
    }

    @Test("a file named with a newline or an escape sequence is shown with '?' in errors, not split or sent raw")
    func controlCharactersInNames() throws {
        let folder = try Self.recordings("control-names", [])
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
        #expect(try !Self.column("error", of: calls).contains { $0.contains("no path") })
        let manifestText = "path,agent_channel\n\(calm),2\n\(EarshotProcess.sample("call-02-interruptions.wav")),1\n"
        for extra in [[], ["--resume"]] {
            try manifestText.write(to: manifest, atomically: false, encoding: .utf8)
            let channel = try EarshotProcess.run(
                ["analyze", "--manifest", manifest.path, "--output", output.path] + extra)
            #expect(channel.status == 1, "\(extra)")
            #expect(channel.stderr.contains("line 2: agent_channel must be 0 or 1, got '2'"), "\(channel.stderr)")
            let rows = Dictionary(
                zip(
                    try Self.column("file", of: calls).map { ($0 as NSString).lastPathComponent },
                    try Self.column("error", of: calls))
            ) { a, _ in a }
            #expect(rows["call-02-interruptions.wav"] == "", "analysed: \(rows)")
            #expect(rows["call-01-calm.wav"] == "", "its earlier analysis kept: \(rows)")
        }
        // A file listed first on an unusable row and then on a usable one takes the usable one.
        let retyped = try run("path,agent_channel\n\(calm),2\n\(calm),0\n")
        #expect(retyped.status == 0, "\(retyped.stderr)")
        #expect(retyped.stderr.contains("1 analysed, 0 already done, 0 failed"), "\(retyped.stderr)")
        let twice = try run("path,agent\n\(calm),ann\n\(calm),bob\n")
        #expect(twice.status == 0)
        #expect(twice.stderr.contains("lists 1 file(s) again with another agent"), "\(twice.stderr)")
        let none = try run("path,agent\n")
        #expect(none.status == 1)
        #expect(none.stderr.contains("no recordings to analyse in the manifest '\(manifest.path)', which lists none"))
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

    @Test("hidden files and folders are not searched (._x.wav resource forks, .Trash)")
    func hiddenFiles() throws {
        let input = try Self.recordings("hidden", ["call-01-calm.wav"])
        try "resource fork".write(
            to: input.appendingPathComponent("._call-01-calm.wav"), atomically: false, encoding: .utf8)
        let trash = input.appendingPathComponent(".Trash")
        try FileManager.default.createDirectory(at: trash, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: EarshotProcess.sample("call-02-interruptions.wav"),
            toPath: trash.appendingPathComponent("old.wav").path)
        let output = try Scratch.folder("out-hidden")
        let result = try EarshotProcess.run(["analyze", input.path, "--output", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.column("file", of: output.appendingPathComponent("calls.csv")).count == 1)
    }

    @Test("folders are searched through symbolic links (a share linked into place), but not round a loop")
    func linkedFolders() throws {
        let real = try Self.recordings("linked-real", ["call-01-calm.wav", "call-02-interruptions.wav"])
        let top = try Scratch.folder("inputs-linked")
        // The input itself a link to the folder; inside it, a linked subfolder and a link back up (a loop).
        let latest = top.appendingPathComponent("latest")
        try FileManager.default.createSymbolicLink(atPath: latest.path, withDestinationPath: real.path)
        let more = try Self.recordings("linked-more", ["call-03-monologue.wav"])
        try FileManager.default.createSymbolicLink(
            atPath: real.appendingPathComponent("more").path, withDestinationPath: more.path)
        try FileManager.default.createSymbolicLink(
            atPath: more.appendingPathComponent("up").path, withDestinationPath: real.path)
        for input in [latest.path, latest.path + "/"] {
            let output = try Scratch.folder("out-linked")
            let result = try EarshotProcess.run(["analyze", input, "--output", output.path])
            #expect(result.status == 0, "\(result.stderr)")
            let files = try Self.column("file", of: output.appendingPathComponent("calls.csv"))
            #expect(files.count == 3, "\(files)")
        }
        // A file reached both through a linked folder and by its real path keeps the real path, whatever the
        // order on disk; a link to / is not followed (it would search the whole machine).
        let twice = try Scratch.folder("inputs-linked-twice")
        let inside = twice.appendingPathComponent("z-real")
        try FileManager.default.createDirectory(at: inside, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: EarshotProcess.sample("call-01-calm.wav"), toPath: inside.appendingPathComponent("x.wav").path)
        try FileManager.default.createSymbolicLink(
            atPath: twice.appendingPathComponent("a-link").path, withDestinationPath: inside.path)
        try FileManager.default.createSymbolicLink(
            atPath: twice.appendingPathComponent("root").path, withDestinationPath: "/")
        let both = try Scratch.folder("out-linked-twice")
        let bothRun = try EarshotProcess.run(["analyze", twice.path, "--output", both.path], timeLimit: 60)
        #expect(bothRun.status == 0, "\(bothRun.stderr)")
        let bothFiles = try Self.column("file", of: both.appendingPathComponent("calls.csv"))
        #expect(bothFiles == [inside.appendingPathComponent("x.wav").path], "\(bothFiles)")
        let plain = try EarshotProcess.run(["analyze", "--format", "csv", latest.path])
        #expect(plain.status == 0 && plain.stdout.split(separator: "\n").count == 4, "\(plain.stderr)")
    }

    @Test("--resume looks at the recording a link names: replaced behind the link, it is analysed again")
    func resumeThroughLink() throws {
        let input = try Self.recordings("resume-link", ["call-01-calm.wav"])
        let recording = input.appendingPathComponent("real.wav")
        try FileManager.default.moveItem(at: input.appendingPathComponent("call-01-calm.wav"), to: recording)
        let link = input.appendingPathComponent("link.wav")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "real.wav")
        let output = try Scratch.folder("out-resume-link")
        let first = try EarshotProcess.run(["analyze", link.path, "--output", output.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try Self.column("duration_s", of: output.appendingPathComponent("calls.csv")) == ["55.88"])
        try FileManager.default.removeItem(at: recording)
        try FileManager.default.copyItem(atPath: EarshotProcess.sample("call-03-monologue.wav"), toPath: recording.path)
        let again = try EarshotProcess.run(["analyze", link.path, "--output", output.path, "--resume"])
        #expect(again.stderr.contains("1 analysed"), "\(again.stderr)")
        let duration = try Self.column("duration_s", of: output.appendingPathComponent("calls.csv"))
        #expect(duration != ["55.88"], "\(duration)")
    }

    @Test("a path with .. after a link names the file the kernel opens, for the call's identity and --resume")
    func dotDotAfterLink() throws {
        let top = try Scratch.folder("inputs-dotdot")
        let work = top.appendingPathComponent("w")
        let sub = top.appendingPathComponent("elsewhere/sub")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: EarshotProcess.sample("call-01-calm.wav"), toPath: work.appendingPathComponent("x.wav").path)
        let opened = top.appendingPathComponent("elsewhere/x.wav")
        try FileManager.default.copyItem(atPath: EarshotProcess.sample("call-03-monologue.wav"), toPath: opened.path)
        try FileManager.default.createSymbolicLink(
            atPath: work.appendingPathComponent("ld").path, withDestinationPath: "../elsewhere/sub")
        let output = try Scratch.folder("out-dotdot")
        let result = try EarshotProcess.run(["analyze", work.path + "/ld/../x.wav", "--output", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        let calls = output.appendingPathComponent("calls")
        let name = try #require(
            try FileManager.default.contentsOfDirectory(atPath: calls.path).first { $0.hasSuffix(".json") })
        let saved = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: calls.appendingPathComponent(name)))
                as? [String: Any])
        let record = try #require(saved["source"] as? [String: Any])
        let size = try FileManager.default.attributesOfItem(atPath: opened.path)[.size] as? Int
        #expect(record["resolved_path"] as? String == opened.path, "\(record["resolved_path"] ?? "")")
        #expect(record["size"] as? Int == size)
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

    @Test("merge --db refuses a file that is not an Earshot database before it writes anything")
    func mergeBadDatabase() throws {
        let shard = try BatchTests.analysed("call-01-calm.wav", into: "merge-db-shard")
        let notDatabase = try Scratch.folder("merge-db").appendingPathComponent("notes.csv")
        try "a,b\n1,2\n".write(to: notDatabase, atomically: false, encoding: .utf8)
        let output = Scratch.url("merge-db-out")
        try? FileManager.default.removeItem(at: output)
        let result = try EarshotProcess.run(["merge", shard.path, "--output", output.path, "--db", notDatabase.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains(notDatabase.path), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.path), "nothing half-built")
        #expect(try String(contentsOf: notDatabase, encoding: .utf8) == "a,b\n1,2\n")
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
        #expect(try Self.column("agent", of: calls) == ["bob"])
        #expect(try Self.column("agent_channel", of: calls) == ["1"])
        // The roles swapped: the monologue is now the customer's, and call-03 has an opening account that was
        // not interrupted, written as in the JSON (not 0).
        #expect(try Self.column("opening_interrupted", of: calls) == ["false"])
    }

    @Test("a folder that cannot be searched (deeper than PATH_MAX) is named in a warning, not silently left out")
    func unsearchableFolder() throws {
        let input = try Self.recordings("deep", ["call-01-calm.wav"])
        // 25 folders of 200 characters: over 4096 bytes of path, made one level at a time relative to the last.
        var descriptor = open(input.path, O_RDONLY | O_DIRECTORY)
        try #require(descriptor >= 0)
        let level = String(repeating: "d", count: 200)
        for _ in 0..<25 {
            try #require(mkdirat(descriptor, level, 0o755) == 0, "\(String(cString: strerror(errno)))")
            let next = openat(descriptor, level, O_RDONLY | O_DIRECTORY)
            close(descriptor)
            try #require(next >= 0)
            descriptor = next
        }
        let wav = try Data(contentsOf: URL(fileURLWithPath: EarshotProcess.sample("call-02-interruptions.wav")))
        let file = openat(descriptor, "deep.wav", O_WRONLY | O_CREAT, 0o644)
        close(descriptor)
        try #require(file >= 0)
        _ = wav.withUnsafeBytes { write(file, $0.baseAddress, $0.count) }
        close(file)
        let result = try EarshotProcess.run(["analyze", input.path, "--output", Scratch.folder("out-deep").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: cannot search '\(input.path)/\(level)/"), "\(result.stderr)")
        #expect(result.stderr.contains("File name too long") && result.stderr.contains("left out"))
        #expect(result.stderr.contains("1 analysed"), "\(result.stderr)")
    }
}
