import Testing

@testable import EarshotCore

@Suite("Pause bridging")
struct PauseBridgerTests {
    private func bridge(_ raw: [Bool], frames: Int = 30) -> [Bool] {
        var bridger = PauseBridger(bridgeFrames: frames)
        var out = raw.compactMap { bridger.process($0) }
        bridger.flush { out.append($0) }
        return out
    }

    private func speech(_ ranges: [Range<Int>], total: Int) -> [Bool] {
        (0..<total).map { frame in ranges.contains { $0.contains(frame) } }
    }

    @Test("pauses shorter than 0.3 s are bridged, 0.3 s pauses are kept")
    func bridging() {
        #expect(bridge(speech([0..<50, 79..<120], total: 200)) == speech([0..<120], total: 200))
        #expect(bridge(speech([0..<50, 80..<120], total: 200)) == speech([0..<50, 80..<120], total: 200))
    }

    @Test("output has one value per input frame, also for streams shorter than the delay")
    func lengthPreserved() {
        for total in [0, 1, 10, 29, 30, 31, 100] {
            let raw = (0..<total).map { $0 % 7 < 3 }
            #expect(bridge(raw).count == total)
        }
    }

    @Test("speech at the end of the stream is kept to the last frame")
    func trailingSpeech() {
        #expect(bridge(speech([90..<100], total: 100)) == speech([90..<100], total: 100))
    }
}
