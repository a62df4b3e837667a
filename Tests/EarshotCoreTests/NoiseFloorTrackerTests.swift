import EarshotCore
import Testing

@Suite("Noise floor")
struct NoiseFloorTrackerTests {
    /// The floor after 60 rounds of: 34 frames of steady noise at -50 dB in every band, then a run of `silent`
    /// frames of digital silence with two frames on each side whose window reaches into it (25 dB under).
    static func floor(silentFrames silent: Int) -> Float {
        var tracker = NoiseFloorTracker(configuration: .standard)
        let noise = SIMD8<Float>(repeating: -50)
        let edge = SIMD8<Float>(repeating: -75)
        for _ in 0..<60 {
            for _ in 0..<34 { tracker.update(bandDB: noise, levelDB: -41) }
            for _ in 0..<2 { tracker.update(bandDB: edge, levelDB: -66) }
            for _ in 0..<silent { tracker.update(bandDB: SIMD8(repeating: -300), levelDB: -300) }
            for _ in 0..<2 { tracker.update(bandDB: edge, levelDB: -66) }
        }
        return tracker.floorLanes.min()
    }

    @Test("the frames around a dropout (a lost packet written as zeros) do not sink the floor under the noise")
    func dropouts() {
        for silent in [1, 3, NoiseFloorTracker.dropoutFrames - 1] {
            let floor = Self.floor(silentFrames: silent)
            #expect(floor > -51 && floor < -49, "\(silent) frames of zeros: floor \(floor) dB")
        }
    }

    @Test("around a pause cut to zeros the frames count as they come: sound after it is new")
    func pauses() {
        let floor = Self.floor(silentFrames: NoiseFloorTracker.dropoutFrames)
        #expect(floor < -60, "floor \(floor) dB")
    }

    @Test("a dropout right after a reseed keeps the reseeded floor")
    func dropoutAfterReseed() {
        var tracker = NoiseFloorTracker(configuration: .standard)
        for _ in 0..<200 { tracker.update(bandDB: SIMD8(repeating: -50), levelDB: -41) }
        for _ in 0..<NoiseFloorTracker.dropoutFrames { tracker.update(bandDB: SIMD8(repeating: -300), levelDB: -300) }
        let quiet = SIMD8<Float>(repeating: -70)
        for _ in 0..<3 { tracker.update(bandDB: quiet, levelDB: -61) }
        tracker.reseed(bandDB: quiet, marginDB: 3)
        tracker.update(bandDB: quiet, levelDB: -61)
        for _ in 0..<3 { tracker.update(bandDB: SIMD8(repeating: -300), levelDB: -300) }
        tracker.update(bandDB: quiet, levelDB: -61)
        #expect(tracker.floorLanes.max() <= -72.9, "\(tracker.floorLanes)")
    }
}
