import Foundation
import Glibc
import Testing

@testable import earshot

/// Recordings, folders and tables the batch tests share.
enum BatchFixture {
    /// A new, empty scratch folder `batch-NAME`.
    static func folder(_ name: String) throws -> URL { try Scratch.folder("batch-\(name)") }

    /// The rows of a CSV table, each its fields.
    static func csv(_ url: URL) throws -> [[String]] {
        try CSVReader.rows(try String(contentsOf: url, encoding: .utf8)).map(\.fields)
    }

    /// A new output folder `name` holding the batch analysis of one sample.
    static func analysed(_ sample: String, into name: String) throws -> URL {
        let output = try Scratch.folder(name)
        let result = try EarshotProcess.run(["analyze", EarshotProcess.sample(sample), "--output", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        return output
    }

    /// Samples plus one broken file in an input folder.
    static func inputs(_ name: String) throws -> URL {
        let input = try folder("inputs-\(name)")
        for name in ["call-01-calm", "call-02-interruptions", "call-03-monologue"] {
            try FileManager.default.copyItem(
                atPath: EarshotProcess.sample(name + ".wav"), toPath: input.appendingPathComponent(name + ".wav").path)
        }
        try "not audio".write(to: input.appendingPathComponent("broken.wav"), atomically: false, encoding: .utf8)
        return input
    }

    /// A folder holding a copy of each sample named.
    static func recordings(_ name: String, _ samples: [String]) throws -> URL {
        let folder = try Scratch.folder("inputs-\(name)")
        for sample in samples {
            try FileManager.default.copyItem(
                atPath: EarshotProcess.sample(sample), toPath: folder.appendingPathComponent(sample).path)
        }
        return folder
    }

    /// A folder `inputs-NAME` of `count` short calls (c000.wav ..., hard links of one 4 s call): a batch long enough
    /// to be stopped part-way.
    static func shortCalls(_ name: String, count: Int) throws -> URL {
        let input = try folder("inputs-\(name)")
        let first = input.appendingPathComponent("c000.wav").path
        try SampleAudio.prefix(of: "call-02-interruptions.wav", seconds: 4, to: first)
        for i in 1..<count {
            try FileManager.default.linkItem(
                atPath: first, toPath: input.appendingPathComponent(String(format: "c%03d.wav", i)).path)
        }
        return input
    }

    /// The call records saved so far in the `calls/` of the output folder `output`.
    static func savedRecords(in output: URL) -> [String] {
        let calls = output.appendingPathComponent("calls").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: calls)) ?? []).filter { $0.hasSuffix(".json") }
    }

    /// Runs `earshot` with `arguments` (a batch into `output`) and sends it `signal` once `output` holds 3 call
    /// records (or after 60 s): its exit status and what it wrote on stderr.
    static func stopped(
        _ arguments: [String], output: URL, signal: Int32 = SIGINT
    ) throws -> (status: Int32, stderr: String) {
        let (process, err) = try EarshotProcess.start(arguments)
        let deadline = Date().addingTimeInterval(60)
        while savedRecords(in: output).count < 3 && process.isRunning && Date() < deadline { usleep(5_000) }
        kill(process.processIdentifier, signal)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stderr)
    }

    /// The column `name` of a CSV table, row by row.
    static func column(_ name: String, of url: URL) throws -> [String] {
        let rows = try BatchFixture.csv(url)
        guard let index = rows.first?.firstIndex(of: name) else { return [] }
        return rows.dropFirst().map { $0[index] }
    }
}
