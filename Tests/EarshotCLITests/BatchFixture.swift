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

    /// The column `name` of a CSV table, row by row.
    static func column(_ name: String, of url: URL) throws -> [String] {
        let rows = try BatchFixture.csv(url)
        guard let index = rows.first?.firstIndex(of: name) else { return [] }
        return rows.dropFirst().map { $0[index] }
    }
}
