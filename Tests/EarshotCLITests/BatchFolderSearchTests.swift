import Foundation
import Glibc
import Testing

@testable import earshot

@Suite("Batch inputs: the folder search")
struct BatchFolderSearchTests {
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

    @Test("folders are searched for every format libsndfile reads; recordings it cannot read are named in a warning")
    func extensions() throws {
        let folder = try BatchFixture.recordings("extensions", [])
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
        let names = ["e.m4a", "f.amr", "g.m4a"].map { "'\(folder.appendingPathComponent($0).path)'" }
        let warning =
            "skipped 3 recording(s) in formats Earshot cannot read (.amr: 1, .m4a: 2): \(names.joined(separator: ", "))"
        #expect(result.stderr.contains("earshot: warning: " + warning), "\(result.stderr)")
        let output = try Scratch.folder("out-extensions")
        let batch = try EarshotProcess.run(["analyze", folder.path, "--output", output.path])
        #expect(batch.stderr.contains("4 analysed") && batch.stderr.contains(warning), "\(batch.stderr)")
        // The batch page says it too: its tables have no row for them.
        let page = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(page.contains("<p class=\"notice\">Skipped 3 recording(s)"), "\(page.prefix(3000))")
    }

    @Test("hidden files and folders are not searched (._x.wav resource forks, .Trash)")
    func hiddenFiles() throws {
        let input = try BatchFixture.recordings("hidden", ["call-01-calm.wav"])
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
        #expect(try BatchFixture.column("file", of: output.appendingPathComponent("calls.csv")).count == 1)
    }

    @Test("folders are searched through symbolic links (a share linked into place), but not round a loop")
    func linkedFolders() throws {
        let real = try BatchFixture.recordings("linked-real", ["call-01-calm.wav", "call-02-interruptions.wav"])
        let top = try Scratch.folder("inputs-linked")
        // The input itself a link to the folder; inside it, a linked subfolder and a link back up (a loop).
        let latest = top.appendingPathComponent("latest")
        try FileManager.default.createSymbolicLink(atPath: latest.path, withDestinationPath: real.path)
        let more = try BatchFixture.recordings("linked-more", ["call-03-monologue.wav"])
        try FileManager.default.createSymbolicLink(
            atPath: real.appendingPathComponent("more").path, withDestinationPath: more.path)
        try FileManager.default.createSymbolicLink(
            atPath: more.appendingPathComponent("up").path, withDestinationPath: real.path)
        for input in [latest.path, latest.path + "/"] {
            let output = try Scratch.folder("out-linked")
            let result = try EarshotProcess.run(["analyze", input, "--output", output.path])
            #expect(result.status == 0, "\(result.stderr)")
            let files = try BatchFixture.column("file", of: output.appendingPathComponent("calls.csv"))
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
        let bothFiles = try BatchFixture.column("file", of: both.appendingPathComponent("calls.csv"))
        #expect(bothFiles == [inside.appendingPathComponent("x.wav").path], "\(bothFiles)")
        let plain = try EarshotProcess.run(["analyze", "--format", "csv", latest.path])
        #expect(plain.status == 0 && plain.stdout.split(separator: "\n").count == 4, "\(plain.stderr)")
    }

    @Test("a file reached again through a link is one call under its real path, the link named; a respelling is not")
    func linkedFile() throws {
        let top = try Scratch.folder("inputs-linked-file")
        for folder in ["a", "b", "z"] {
            try FileManager.default.createDirectory(
                at: top.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        // A link sorting after its file, and one sorting before it.
        let real = top.appendingPathComponent("a/x1.wav").path
        let link = top.appendingPathComponent("b/y1.wav").path
        let later = top.appendingPathComponent("z/real.wav").path
        let earlier = top.appendingPathComponent("a/0-link.wav").path
        try FileManager.default.copyItem(atPath: EarshotProcess.sample("call-01-calm.wav"), toPath: real)
        try FileManager.default.copyItem(atPath: EarshotProcess.sample("call-03-monologue.wav"), toPath: later)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        try FileManager.default.createSymbolicLink(atPath: earlier, withDestinationPath: later)
        let output = try Scratch.folder("out-linked-file")
        let result = try EarshotProcess.run(["analyze", top.path, "--output", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try BatchFixture.column("file", of: output.appendingPathComponent("calls.csv")) == [real, later])
        #expect(
            result.stderr.contains("2 file(s) reached through a link are a recording already listed")
                && result.stderr.contains("'\(link)' is '\(real)'")
                && result.stderr.contains("'\(earlier)' is '\(later)'"), "\(result.stderr)")
        // The same file spelt twice (`x.wav`, `./x.wav` as a shell glob gives them) is one call without a word.
        let again = try Scratch.folder("out-linked-file-again")
        let respelt = top.appendingPathComponent("a/./x1.wav").path
        let twice = try EarshotProcess.run(["analyze", real, respelt, "--output", again.path])
        #expect(twice.status == 0 && !twice.stderr.contains("warning"), "\(twice.stderr)")
        #expect(try BatchFixture.column("file", of: again.appendingPathComponent("calls.csv")).count == 1)
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

    @Test("a recording's name that is a loop of links fails as a file that cannot be opened, not as a folder")
    func loopOfLinks() throws {
        let input = try BatchFixture.recordings("link-loop", ["call-01-calm.wav"])
        let (a, b) = (input.appendingPathComponent("a.wav").path, input.appendingPathComponent("b.wav").path)
        try FileManager.default.createSymbolicLink(atPath: a, withDestinationPath: b)
        try FileManager.default.createSymbolicLink(atPath: b, withDestinationPath: a)
        let result = try EarshotProcess.run(["analyze", input.path, "--output", Scratch.folder("out-loop").path])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(
            result.stderr.contains("cannot open '\(a)': too many levels of symbolic links (a loop of links)"),
            "\(result.stderr)")
        #expect(!result.stderr.contains("cannot search it"), "\(result.stderr)")
        #expect(result.stderr.contains("1 analysed, 0 already done, 2 failed"), "\(result.stderr)")
    }

    @Test("a folder that cannot be searched (deeper than PATH_MAX) is a failed input naming it, not silently left out")
    func unsearchableFolder() throws {
        let input = try BatchFixture.recordings("deep", ["call-01-calm.wav"])
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
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("error: \(input.path)/\(level)/"), "\(result.stderr)")
        #expect(result.stderr.contains("cannot search it: File name too long; the recordings in it are left out"))
        #expect(result.stderr.contains("1 analysed, 0 already done, 1 failed"), "\(result.stderr)")
    }
}
