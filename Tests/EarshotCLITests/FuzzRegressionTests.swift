import Foundation
import Testing

/// The libFuzzer targets, built as plain runners, replay the inputs that once crashed them (Fuzz/Regressions)
/// and the seed corpus: they must get through every one, and the engine's report invariants must hold.
@Suite("fuzz targets replay their regressions")
struct FuzzRegressionTests {
    private func inputs(prefix: String) throws -> [String] {
        let folder = EarshotProcess.root.appendingPathComponent("Fuzz/Regressions")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(prefix) }
            .map { folder.appendingPathComponent($0).path }
    }

    private var samples: [String] {
        ["call-01-calm.wav", "call-06-phone-line.wav", "call-02-interruptions.truth.json"].map(EarshotProcess.sample)
    }

    @Test("the file target gets through its regressions and the samples")
    func fileTarget() throws {
        let files = try inputs(prefix: "EarshotFuzzFile-") + samples
        #expect(files.count >= 4)
        let result = try EarshotProcess.run(files, tool: "EarshotFuzzFile")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("ran \(files.count) inputs"))
    }

    @Test("the engine target gets through its regressions and a truth file read as samples and settings")
    func engineTarget() throws {
        let files =
            try inputs(prefix: "EarshotFuzzEngine-") + [EarshotProcess.sample("call-02-interruptions.truth.json")]
        #expect(files.count >= 2)
        let result = try EarshotProcess.run(files, tool: "EarshotFuzzEngine")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("ran \(files.count) inputs"))
    }
}
