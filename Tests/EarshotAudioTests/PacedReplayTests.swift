import EarshotAudio
import Foundation
import Testing

@Suite("Paced replay")
struct PacedReplayTests {
    static let sample = SampleTruthTests.samples.appendingPathComponent("call-01-calm.wav").path

    @Test("each block is released when its media time comes, divided by the speed", arguments: [1.0, 4.0])
    func pacing(speed: Double) throws {
        let clock = RecordingClock()
        let replay = try PacedReplay(path: Self.sample, speed: speed, clock: clock)
        var starts: [Int] = []
        while let block = try replay.nextBlock() { starts.append(block.startSample) }
        try #require(clock.wakeups.count == starts.count)
        for (wake, start) in zip(clock.wakeups, starts) {
            #expect(abs(wake - (100 + Double(start) / 8_000 / speed)) < 1e-9)
        }
        // 20 ms blocks at real time keep the view smooth.
        #expect(starts.count > 2_500)
    }

    @Test("--speed max never waits; --from starts at the asked frame")
    func flatOutAndFrom() throws {
        let clock = RecordingClock()
        let replay = try PacedReplay(path: Self.sample, speed: nil, startSeconds: 30, clock: clock)
        let first = try #require(try replay.nextBlock())
        #expect(first.startSample == 240_000)
        while try replay.nextBlock() != nil {}
        #expect(clock.wakeups.isEmpty)
    }
}
