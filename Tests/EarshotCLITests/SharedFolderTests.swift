import Foundation
import Testing

/// Outputs in folders that another user can write to: Earshot must not be made to write through a link or into a
/// file that someone else put there, and must not widen the permissions of what it replaces.
// Giving a link to another user takes root: CI runs the tests as root; a developer's own run leaves them out.
@Suite("Outputs in shared folders", .enabled(if: geteuid() == 0, "gives links to another user: needs root, as on CI"))
struct SharedFolderTests {
    /// The uid of `nobody`, the other user here (the tests run as root, as CI does, to give a link to another user).
    static let otherUser: uid_t = 65_534

    /// A symbolic link at `link` to `target`, made to belong to the other user.
    static func othersLink(_ link: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        try #require(lchown(link, otherUser, otherUser) == 0, "lchown: \(String(cString: strerror(errno)))")
    }

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o7777 : 0
    }

    @Test("a link another user put in the output folder is refused, naming it; the file it points to is untouched")
    func othersLinkInOutput() throws {
        let folder = try Scratch.folder("shared-link")
        let victim = folder.appendingPathComponent("private.conf").path
        try "keep me".write(toFile: victim, atomically: false, encoding: .utf8)
        chmod(victim, 0o600)
        let output = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let link = output.appendingPathComponent("calls.csv").path
        try Self.othersLink(link, to: victim)
        let batch = try EarshotProcess.run([
            "analyze", EarshotProcess.sample("call-01-calm.wav"), "--output", output.path,
        ])
        #expect(batch.status == 3)
        #expect(
            batch.stderr.contains("'\(link)'") && batch.stderr.contains("belongs to another user"), "\(batch.stderr)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep me")
        #expect(Self.mode(victim) == 0o600)

        // A report path: refused before the session runs.
        let report = folder.appendingPathComponent("latest.json").path
        try Self.othersLink(report, to: victim)
        let replay = try EarshotProcess.run([
            "replay", "--speed", "max", "--json", "--report", report, EarshotProcess.sample("call-01-calm.wav"),
        ])
        #expect(replay.status == 3)
        #expect(replay.stdout.isEmpty && replay.stderr.contains("belongs to another user"), "\(replay.stderr)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep me")

        // A folder on the way that is another user's link: refused too.
        let victims = folder.appendingPathComponent("victims")
        try FileManager.default.createDirectory(at: victims, withIntermediateDirectories: true)
        let reports = folder.appendingPathComponent("reports").path
        try Self.othersLink(reports, to: victims.path)
        let above = try EarshotProcess.run([
            "replay", "--speed", "max", "--json", "--report", reports + "/today.json",
            EarshotProcess.sample("call-01-calm.wav"),
        ])
        #expect(above.status == 3)
        #expect(
            above.stderr.contains("'\(reports)' is a symbolic link that belongs to another user"), "\(above.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: victims.path).isEmpty)

        // A calls folder that is another user's link to a folder of their choice.
        let elsewhere = folder.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let second = folder.appendingPathComponent("out2")
        try FileManager.default.createDirectory(at: second, withIntermediateDirectories: true)
        try Self.othersLink(second.appendingPathComponent("calls").path, to: elsewhere.path)
        let linkedCalls = try EarshotProcess.run([
            "analyze", EarshotProcess.sample("call-01-calm.wav"), "--output", second.path,
        ])
        #expect(linkedCalls.status == 3)
        #expect(linkedCalls.stderr.contains("belongs to another user"), "\(linkedCalls.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
    }

    @Test("a colleague's link in their own folder, which no one else can write to, is followed; in a shared one, not")
    func colleaguesLink() throws {
        let folder = try Scratch.folder("shared-colleague")
        let reports = folder.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        let team = folder.appendingPathComponent("team").path
        try FileManager.default.createDirectory(atPath: team, withIntermediateDirectories: true)
        try #require(chown(team, Self.otherUser, Self.otherUser) == 0)
        chmod(team, 0o755)
        try Self.othersLink(team + "/latest", to: reports.path)
        let replay = { (path: String) in
            try EarshotProcess.run([
                "replay", "--speed", "max", "--json", "--report", path, EarshotProcess.sample("call-01-calm.wav"),
            ])
        }
        let followed = try replay(team + "/latest/today.json")
        #expect(followed.status == 0, "\(followed.stderr)")
        #expect(FileManager.default.fileExists(atPath: reports.appendingPathComponent("today.json").path))
        // The same folder writable by its group: anyone in it could have put the link there.
        chmod(team, 0o775)
        let refused = try replay(team + "/latest/other.json")
        #expect(refused.status == 3 && refused.stderr.contains("belongs to another user"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: reports.appendingPathComponent("other.json").path))
    }

    @Test("the user's own link is still followed, and a replaced file keeps the user's own permissions")
    func ownLinkAndMode() throws {
        let folder = try Scratch.folder("shared-own")
        let output = folder.appendingPathComponent("out")
        let first = try EarshotProcess.run([
            "analyze", EarshotProcess.sample("call-01-calm.wav"), "--output", output.path,
        ])
        try #require(first.status == 0, "\(first.stderr)")
        let table = output.appendingPathComponent("calls.csv").path
        chmod(table, 0o600)
        let real = folder.appendingPathComponent("latest-real.json").path
        let link = folder.appendingPathComponent("latest.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        let again = try EarshotProcess.run([
            "analyze", EarshotProcess.sample("call-01-calm.wav"), "--output", output.path,
        ])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(Self.mode(table) == 0o600)
        let replay = try EarshotProcess.run([
            "replay", "--speed", "max", "--json", "--report", link, EarshotProcess.sample("call-01-calm.wav"),
        ])
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(FileManager.default.fileExists(atPath: real))
    }

    @Test("temporaries a killed run left are removed when they are the user's own, not when another user's")
    func abandonedTemporaries() throws {
        let output = try Scratch.folder("shared-temporaries")
        // A pid at the kernel's limit (PID_MAX_LIMIT, which pids stay below): no such process runs.
        let own = output.appendingPathComponent(".calls.csv.4194304.abcdefgh.tmp").path
        let older = output.appendingPathComponent(".events.csv.4194304.tmp").path
        let others = output.appendingPathComponent(".agents.csv.4194304.qwertyui.tmp").path
        let notes = output.appendingPathComponent(".notes.4194304.backup.tmp").path  // the user's, not Earshot's
        // A process id in use again (this test's, by a process started after the file was written in 2020), and one
        // whose process may be the writer (a file written now): only the first is abandoned (it was kept).
        let reused = output.appendingPathComponent(".report.html.\(getpid()).abcdefgh.tmp").path
        let writing = output.appendingPathComponent(".calls.csv.\(getpid()).qwertyui.tmp").path
        for path in [own, older, others, notes, reused, writing] {
            try "x".write(toFile: path, atomically: false, encoding: .utf8)
        }
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 1_600_000_000)], ofItemAtPath: reused)
        try #require(chown(others, Self.otherUser, Self.otherUser) == 0)
        let batch = try EarshotProcess.run([
            "analyze", EarshotProcess.sample("call-01-calm.wav"), "--output", output.path,
        ])
        #expect(batch.status == 0, "\(batch.stderr)")
        #expect(!FileManager.default.fileExists(atPath: own))
        #expect(!FileManager.default.fileExists(atPath: older))
        #expect(FileManager.default.fileExists(atPath: others))
        #expect(FileManager.default.fileExists(atPath: notes))
        #expect(!FileManager.default.fileExists(atPath: reused))
        #expect(FileManager.default.fileExists(atPath: writing))
    }

    @Test("a recording is readable by its owner alone, and never written into another user's file")
    func recording() throws {
        let (stereo, _, _, _) = try ALSAFileDevice.rawFiles("call-02-interruptions")
        let folder = try Scratch.folder("shared-record")
        let recording = folder.appendingPathComponent("call.wav").path
        let old = umask(0o022)
        defer { umask(old) }
        func live(_ record: String) throws -> EarshotProcess.Result {
            try EarshotProcess.run(
                [
                    "live", "--device", ALSAFileDevice.name(file: stereo), "--rate", "8000", "--duration", "3",
                    "--json",
                    "--record", record,
                ], environment: ALSAFileDevice.environment, timeLimit: 30)
        }
        let made = try live(recording)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(Self.mode(recording) == 0o600)
        #expect((try? FileManager.default.attributesOfItem(atPath: recording)[.size] as? Int) ?? 0 > 40_000)

        let planted = folder.appendingPathComponent("planted.wav").path
        try "someone else's".write(toFile: planted, atomically: false, encoding: .utf8)
        chmod(planted, 0o666)
        try #require(chown(planted, Self.otherUser, Self.otherUser) == 0)
        let refused = try live(planted)
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("'\(planted)'") && refused.stderr.contains("another user"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: planted, encoding: .utf8) == "someone else's")
    }
}
