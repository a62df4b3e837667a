import EarshotAudio
import EarshotCore
import Foundation
import Testing

@Suite("Engines in parallel")
struct ConcurrencyTests {
    @Test("engines running at once on several threads give the same reports as one alone")
    func parallelEngines() async throws {
        let path = SampleTruthTests.samples.appendingPathComponent("call-02-interruptions.wav").path
        let alone = try FileAnalysis.analyze(path: path)
        let reports = try await withThrowingTaskGroup(of: Report.self) { group in
            for _ in 0..<6 { group.addTask { try FileAnalysis.analyze(path: path) } }
            var all: [Report] = []
            for try await report in group { all.append(report) }
            return all
        }
        for report in reports {
            #expect(report == alone)
        }
    }
}
