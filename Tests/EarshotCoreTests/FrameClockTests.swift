import Testing

@testable import EarshotCore

@Suite("Frame grid")
struct FrameClockTests {
    @Test("the 10 ms grid at 22 050 Hz does not drift")
    func gridDoesNotDrift() {
        let clock = FrameClock(sampleRate: 22_050)
        #expect(clock.boundary(100) == 22_050)
        #expect(clock.boundary(360_000) == 22_050 * 3_600)
        #expect(clock.frameCount(coveringSamples: 22_051) == 101)
    }
}
