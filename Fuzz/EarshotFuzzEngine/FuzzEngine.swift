// libFuzzer target: the engine fed arbitrary samples under arbitrary configurations.
// Built with -sanitize=fuzzer,address -DFUZZING by scripts/fuzz; built normally it is a runner that feeds
// the files named on its command line through the same function.
import EarshotCore
import FuzzSupport
import Glibc

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEngine(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    var input = FuzzInput(data, size)
    let rates = [8_000, 16_000, 4_000, 11_025, 22_050, 44_100, 48_000, 96_000, 192_000, 7_999]
    let rateChoice = input.byte()
    let rate = rateChoice < 200 ? rates[Int(rateChoice) % rates.count] : 4_000 + Int(rateChoice) * 97
    let channels = input.pick(1...2)
    let configuration: EngineConfiguration
    do {
        configuration = try EngineConfiguration(
            features: FeatureConfiguration(
                windowMilliseconds: input.pick(8...66), bandLowHz: input.pick(0...600),
                bandHighHz: input.pick(500...5_000)),
            vad: VADConfiguration(
                minScore: Float(input.pick(0.0...4.0)), onsetFrames: input.pick(0...21),
                resumeWindowFrames: input.pick(-1...1_001), resumeOnsetFrames: input.pick(0...21),
                backdateFrames: input.pick(0...21), hangoverFrames: input.pick(0...101),
                minSpurtFrames: input.pick(-1...101),
                sustainMinScore: Float(input.pick(-0.5...4.0)), sustainRangeDB: Float(input.pick(-1.0...41.0)),
                freshSoundHoldFrames: input.pick(0...60), speechOverBackgroundDB: Float(input.pick(-1.0...41.0)),
                foregroundRangeDB: Float(input.pick(-1.0...41.0)), foregroundContrastDB: Float(input.pick(-1.0...41.0)),
                foregroundMinRejectedFrames: input.pick(-1...300)),
            crosstalk: CrosstalkConfiguration(
                marginDB: Float(input.pick(-1.0...31.0)), maxDelayFrames: input.pick(0...8)),
            conversation: ConversationConfiguration(
                bridgeSeconds: input.pick(0...5.5), backchannelMaxSeconds: input.pick(0.05...3),
                backchannelResumeSeconds: input.pick(-0.1...2), silenceGapMinSeconds: input.pick(0.05...10)),
            coach: CoachConfiguration(nodAfterSeconds: input.pick(0.5...40)),
            agentChannel: input.pick(0...1))
    } catch {
        return 0  // invalid settings are refused with an error: that is the behaviour under test
    }
    let format = try! StreamFormat(sampleRate: rate, channelCount: channels)
    let block = input.pick(1...64) * 97
    var samples: [Float]
    switch input.pick(0...2) {
    case 0: samples = input.floats()
    case 1: samples = input.pcm16()
    default:
        // Each byte is 10 ms of noise at a level from the byte: seconds of call from a short input. At most
        // 6 s and 48 000 samples per channel (3 s at 16 kHz, 0.25 s at 192 kHz), so that an execution stays
        // short enough for millions of them.
        samples = input.levelledNoise(rate: rate, channels: channels, maxFrames: 600, maxSamples: 48_000)
    }
    samples.removeLast(samples.count % channels)
    let engine = Engine(format: format, configuration: configuration)
    samples.withUnsafeBufferPointer { all in
        var offset = 0
        while offset < all.count {
            let count = min(block * channels, all.count - offset)
            engine.process(UnsafeBufferPointer(rebasing: all[offset..<offset + count]))
            offset += count
            // The live view's running summary is the whole call's, block by block.
            precondition(engine.summarySoFar() == engine.summaryOfWholeCall(), "running summary differs")
        }
    }
    let report = engine.finish()
    ReportInvariants.check(report)
    precondition(engine.summarySoFar() == report.summary, "running summary differs from the report's")
    return 0
}

/// libFuzzer's driver under scripts/fuzz; otherwise runs the files named on the command line.
@main
enum Runner {
    static func main() {
        let status = FuzzMain.run(fuzzEngine)
        exit(status)
    }
}
