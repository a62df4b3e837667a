import EarshotAudio
import EarshotCore
import Foundation
import Synchronization
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

    @Test("a file that is not audio is said to be so while another thread opens good files at the same time")
    func badFileReasonUnderConcurrentOpens() throws {
        let good = SampleTruthTests.samples.appendingPathComponent("call-01-calm.wav").path
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("earshot-notes-\(getpid()).wav")
        try Data("meeting notes, not audio\n".utf8).write(to: bad)
        defer { try? FileManager.default.removeItem(at: bad) }
        // libsndfile keeps a failed open's reason in one global, which every open first clears: a good open
        // on another thread used to clear it before it was read ("No Error."). Two threads, not tasks, so
        // that the opens really overlap.
        let wrong = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { thread in
            for _ in 0..<3_000 {
                if thread == 0 {
                    _ = try? FileSource(path: good)
                    continue
                }
                do throws(AudioError) {
                    _ = try FileSource(path: bad.path)
                    wrong.withLock { $0.append("opened") }
                } catch  where error.underlying != "Format not recognised." {
                    wrong.withLock { $0.append(error.underlying ?? "none") }
                } catch {}
            }
        }
        let reasons = wrong.withLock { $0 }
        #expect(reasons.isEmpty, "\(reasons.count) reasons other than libsndfile's: \(Set(reasons))")
    }
}
