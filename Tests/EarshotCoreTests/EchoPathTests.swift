import Testing

@testable import EarshotCore

/// The late leak (echo) search on generated band powers: a source that talks in syllables of random level and
/// a target that carries it back at a known delay and level, or carries something else.
@Suite("Echo path")
struct EchoPathTests {
    /// Deterministic pseudo-random numbers in 0 ..< 1 (a linear congruential generator).
    struct Numbers {
        var state: UInt64
        mutating func next() -> Float {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24)
        }
    }

    /// Band powers of a talker: syllables of 5-15 frames at -40 … -10 dB, with a 30 % chance of a pause after each.
    static func talker(frames: Int, seed: UInt64) -> [SIMD8<Float>] {
        var numbers = Numbers(state: seed)
        var out: [SIMD8<Float>] = []
        while out.count < frames {
            let length = 5 + Int(numbers.next() * 10)
            let pause = numbers.next() < 0.3
            let levelDB = pause ? -90 : -40 + 30 * numbers.next()
            for _ in 0..<length {
                var tilt = SIMD8<Float>(repeating: 0)
                for band in 0..<8 { tilt[band] = -2 * Float(band) + 4 * numbers.next() }
                out.append(FastLog.power(decibels: SIMD8(repeating: levelDB) + tilt))
            }
        }
        return Array(out.prefix(frames))
    }

    /// Feeds `source` and `target` as the suppressor does (learning while the source is loud now); returns the path.
    static func learnt(source: [SIMD8<Float>], target: [SIMD8<Float>]) -> EchoPath {
        let history = BandHistory()
        var path = EchoPath()
        let floor = SIMD8<Float>(repeating: 1e-10)
        for (now, there) in zip(source, target) {
            history.push(now)
            if FastLog.decibels(BandHistory.total(now)) > -60 {
                path.learn(
                    target: there + floor, targetFloor: floor, history: history, loudDB: -60, shortSpreadDB: .infinity)
            }
        }
        return path
    }

    @Test(
        "a voice returned 90, 120, 250 or 370 ms late at -20 dB is found at its delay and level",
        arguments: [9, 12, 25, 37])
    func echoFound(delay: Int) {
        let source = Self.talker(frames: 3_000, seed: 7)
        let target: [SIMD8<Float>] = (0..<source.count).map { i in
            i < delay ? SIMD8(repeating: 0) : source[i - delay] * 0.01
        }
        let path = Self.learnt(source: source, target: target)
        #expect(path.delayFrames == delay)
        // The broadband ratio at the delay is exact here: -20 dB, to FastLog's accuracy.
        #expect(abs(path.levelDB + 20) < 0.5, "\(path.levelDB)")
    }

    @Test("another talker, a short leak (20 ms) or silence on the target is no echo")
    func noEcho() {
        let source = Self.talker(frames: 3_000, seed: 7)
        let other = Self.talker(frames: 3_000, seed: 99)
        let short: [SIMD8<Float>] = (0..<source.count).map { i in i < 2 ? SIMD8(repeating: 0) : source[i - 2] * 0.1 }
        for target in [other, short, [SIMD8<Float>](repeating: SIMD8(repeating: 0), count: source.count)] {
            #expect(Self.learnt(source: source, target: target).delayFrames == nil)
        }
    }

    @Test("an echo between two frames is found at one of them; an echo that stops is dropped")
    func betweenFramesAndStopping() {
        let source = Self.talker(frames: 6_000, seed: 3)
        // Half of it 25 frames late, half 26: a delay of 255 ms, as the frames fall.
        let between: [SIMD8<Float>] = (0..<source.count).map { i in
            i < 26 ? SIMD8(repeating: 0) : (source[i - 25] + source[i - 26]) * 0.005
        }
        let found = Self.learnt(source: source, target: between)
        #expect(found.delayFrames == 25 || found.delayFrames == 26, "\(String(describing: found.delayFrames))")
        // An echo for the first 3000 frames, then none (the far end took the phone off speaker).
        let stopping: [SIMD8<Float>] = (0..<source.count).map { i in
            i < 25 || i >= 3_000 ? SIMD8(repeating: 0) : source[i - 25] * 0.01
        }
        let early = Self.learnt(source: Array(source.prefix(3_000)), target: Array(stopping.prefix(3_000)))
        #expect(early.delayFrames == 25)
        #expect(Self.learnt(source: source, target: stopping).delayFrames == nil)
    }
}
