import EarshotCore
import Foundation
import Testing

@testable import earshot

@Suite("The text report")
struct ReportTextTests {
    static func report(_ sample: String) throws -> Report {
        let result = try EarshotProcess.run(["analyze", "--format", "json", EarshotProcess.sample(sample)])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return try #require(ReportDecoder.report(from: object))
    }

    @Test("lost capture is listed with its total and times, the first ten stretches shown")
    func lostCapture() throws {
        var report = try Self.report("call-01-calm.wav")
        #expect(!ReportText.render(report, file: "call").contains("lost capture"))

        let frame = { (seconds: Double) in Int((seconds / FrameClock.seconds(ofFrame: 1)).rounded()) }
        report.lostCapture = [frame(1.5)..<frame(2.46)]
        let one = ReportText.render(report, file: "call").split(separator: "\n", omittingEmptySubsequences: false)
        let at = try #require(one.firstIndex(of: "lost capture  1.0 s in 1 stretch, not analysed"), "\(one)")
        #expect(one[at + 1] == "  0:01.5-0:02.5")
        #expect(at + 2 == one.count || one[at + 2] == "", "one stretch, one line")

        report.lostCapture = (0..<12).map { frame(Double($0) * 2)..<frame(Double($0) * 2 + 0.5) }
        let twelve = ReportText.render(report, file: "call").split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(twelve.firstIndex(of: "lost capture  6.0 s in 12 stretches, not analysed"))
        #expect(twelve[start + 1] == "  0:00.0-0:00.5")
        #expect(twelve[start + 10] == "  0:18.0-0:18.5")
        #expect(twelve[start + 11] == "  and 2 more")
    }
}
