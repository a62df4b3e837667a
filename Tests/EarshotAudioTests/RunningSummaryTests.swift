import EarshotAudio
import Foundation
import Testing

@testable import EarshotCore

/// The live view's running summary (`summarySoFar`, kept up to date as segments settle) against the summary
/// of the whole call so far, computed from every segment and event as the report does.
@Suite("Running summary on the samples")
struct RunningSummaryTests {
    @Test(
        "after every block of a sample, with lost capture inside, the running summary equals the whole call's",
        arguments: ["call-02-interruptions", "call-05-noisy-crosstalk", "call-07-babble"])
    func everyBlock(name: String) throws {
        let source = try FileSource(
            path: SampleTruthTests.samples.appendingPathComponent("\(name).wav").path, blockFrames: 2_048)
        let engine = try Engine(format: StreamFormat(sampleRate: source.sampleRate, channelCount: source.channelCount))
        var blocks = 0
        var differ: [Double] = []
        while let block = try source.nextBlock() {
            engine.process(block.samples)
            blocks += 1
            // Half a second lost capture, twice, as a device gone would leave it.
            if blocks == 60 || blocks == 150 { engine.skipLost(frames: source.sampleRate / 2) }
            if engine.summarySoFar() != engine.summaryOfWholeCall() {
                differ.append(Double(engine.samplesProcessed) / Double(source.sampleRate))
            }
        }
        let last = engine.summarySoFar()
        let report = engine.finish()
        #expect(blocks > 200)
        #expect(differ.isEmpty, "\(name): differs at \(differ.prefix(5)) s")
        #expect(report.lostCapture.count == 2)
        #expect(last.interruptionsByAgent + last.interruptionsByCustomer + last.backchannelsByAgent > 0)
        #expect((last.responseGapMeanSeconds ?? 0) > 0)
    }
}
