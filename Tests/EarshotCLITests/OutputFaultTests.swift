import Foundation
import Testing

@Suite("Output problems")
struct OutputFaultTests {
    static let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("earshot-out-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    @Test("an output folder blocked by a file is a clear error, exit 1")
    func fileInTheWay() throws {
        let blocker = Self.folder.appendingPathComponent("blocker").path
        try "x".write(toFile: blocker, atomically: true, encoding: .utf8)
        let inside = try EarshotProcess.run([
            "analyze", EarshotProcess.sample("call-01-calm.wav"), "--output", blocker + "/out",
        ])
        #expect(inside.status == 1)
        #expect(
            inside.stderr.contains("cannot create output folder '\(blocker)/out': '\(blocker)' is a file, not a folder")
        )
        let itself = try EarshotProcess.run(["analyze", EarshotProcess.sample("call-01-calm.wav"), "--output", blocker])
        #expect(itself.status == 1)
        #expect(itself.stderr.contains("it is a file"))
    }

    @Test("a report that cannot be written is named with the reason, and nothing half-written is left")
    func unwritableReport() throws {
        let missing = Self.folder.appendingPathComponent("no-such-folder/report.json").path
        let result = try EarshotProcess.run([
            "replay", "--speed", "max", "--json", "--report", missing, EarshotProcess.sample("call-01-calm.wav"),
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot write '\(missing)': No such file or directory"))
        let left = (try? FileManager.default.contentsOfDirectory(atPath: Self.folder.path)) ?? []
        #expect(!left.contains { $0.hasSuffix(".tmp") })
    }

    @Test("an existing report is replaced whole")
    func replaceReport() throws {
        let report = Self.folder.appendingPathComponent("again.json").path
        try "old".write(toFile: report, atomically: true, encoding: .utf8)
        let result = try EarshotProcess.run([
            "replay", "--speed", "max", "--json", "--report", report, EarshotProcess.sample("call-01-calm.wav"),
        ])
        #expect(result.status == 0)
        let object =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any]
        #expect(object?["summary"] != nil)
    }
}
