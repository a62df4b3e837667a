import Testing

@testable import EarshotCore

@Suite("Pause bridging")
struct PauseBridgerTests {
    private func bridge(_ raw: [Bool], frames: Int = 30, minSpurt: Int = 0) -> [Bool] {
        var bridger = PauseBridger(bridgeFrames: frames, minSpurtFrames: minSpurt)
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

    @Test("spurts shorter than the minimum are dropped, pauses under the bridge joining spurts into one")
    func shortSpurts() {
        let raw = speech([10..<34, 100..<125, 200..<210, 230..<245, 400..<424], total: 500)
        // 24 frames: dropped; 25: kept; 10 + 20 pause + 15 = 35 as one spurt: kept; 24 frames 76 before the end:
        // dropped.
        #expect(bridge(raw, minSpurt: 25) == speech([100..<125, 200..<245], total: 500))
        // A spurt still open when the stream ends is judged by the flush: kept when long enough, else dropped.
        #expect(bridge(speech([476..<500], total: 500), minSpurt: 24) == speech([476..<500], total: 500))
        #expect(bridge(speech([476..<500], total: 500), minSpurt: 25) == speech([], total: 500))
    }

    @Test("a short spurt that begins while the other party talks (a nod) is kept; one beginning before is not")
    func nodWhileOtherTalks() {
        let raw = speech([100..<121, 300..<321], total: 500)
        // The other party talks over frames 280 ..< 400 only.
        func run(_ talking: (Int) -> Bool) -> [Bool] {
            var bridger = PauseBridger(bridgeFrames: 30, minSpurtFrames: 25)
            var out = raw.indices.compactMap { bridger.process(raw[$0], otherTalking: talking($0)) }
            bridger.flush { out.append($0) }
            return out
        }
        #expect(run { (280..<400).contains($0) } == speech([300..<321], total: 500))
        // Decided at the spurt's first frame: the other starting a frame later does not save it.
        #expect(run { (301..<400).contains($0) } == speech([], total: 500))
        #expect(run { _ in false } == speech([], total: 500))
    }

    @Test("a run never marked foreground is kept as a nod only if it began while the other talked, near the level")
    func nodAtTalkerLevel() {
        let raw = speech([300..<340], total: 500)
        func run(otherFrom: Int, nodLevel: Bool) -> [Bool] {
            var bridger = PauseBridger(bridgeFrames: 30, minSpurtFrames: 25)
            var out = raw.indices.compactMap {
                bridger.process(raw[$0], foreground: false, nodLevel: nodLevel, otherTalking: $0 >= otherFrom)
            }
            bridger.flush { out.append($0) }
            return out
        }
        #expect(run(otherFrom: 200, nodLevel: true) == raw)
        #expect(run(otherFrom: 200, nodLevel: false) == speech([], total: 500))
        #expect(run(otherFrom: 320, nodLevel: true) == speech([], total: 500))
    }

    @Test("streaming output equals bridging and dropping short spurts over the whole input at once")
    func matchesWholeInput() {
        var random = TestSignals.Random(state: 0x2545_F491_4F6C_DD1D)
        for trial in 0..<300 {
            let bridgeFrames = [0, 1, 5, 30][trial % 4]
            let minSpurt = [0, 1, 2, 3, 10, 25, 60][trial % 7]
            // Alternating runs of speech and pause, 1 to 40 frames each.
            var raw: [Bool] = []
            var on = random.next() > 0
            while raw.count < 400 {
                raw += Array(repeating: on, count: 1 + Int((random.next() + 1) * 19.9))
                on.toggle()
            }
            #expect(
                bridge(raw, frames: bridgeFrames, minSpurt: minSpurt)
                    == wholeInput(raw, bridge: bridgeFrames, minSpurt: minSpurt))
        }
    }

    @Test("a run of speech never marked foreground is dropped: alone, just before foreground speech, just after it")
    func distantVoices() {
        // Foreground is marked from the middle of a run on, as the detector finds it there.
        let runs: [(Range<Int>, Bool)] = [
            (10..<40, false), (100..<120, false), (130..<200, true), (300..<360, true), (370..<390, false),
        ]
        let raw = speech(runs.map(\.0), total: 500)
        let foreground = (0..<500).map { frame in
            runs.contains { $0.1 && frame >= ($0.0.lowerBound + $0.0.upperBound) / 2 && $0.0.contains(frame) }
        }
        var bridger = PauseBridger(bridgeFrames: 30, minSpurtFrames: 25)
        var out = zip(raw, foreground).compactMap { bridger.process($0, foreground: $1) }
        bridger.flush { out.append($0) }
        #expect(out == speech([130..<200, 300..<360], total: 500))
    }

    @Test("a run without foreground between foreground speech on both sides, each pause under the bridge, is kept")
    func quietMiddle() {
        let raw = speech([0..<40, 50..<70, 80..<120], total: 300)
        let foreground = (0..<300).map { !(50..<70).contains($0) }
        var bridger = PauseBridger(bridgeFrames: 30, minSpurtFrames: 25)
        var out = zip(raw, foreground).compactMap { bridger.process($0, foreground: $1) }
        bridger.flush { out.append($0) }
        #expect(out == speech([0..<120], total: 300))
        // While the run is not known to be foreground, it is pending (it may be dropped).
        var live = PauseBridger(bridgeFrames: 30, minSpurtFrames: 25)
        for frame in 0..<60 { _ = live.process(raw[frame], foreground: foreground[frame]) }
        #expect(live.pendingSpurtStart == 50)
        #expect(live.openSegmentStart == 0)
    }

    /// The definition, applied to the whole input: spans of speech joined across pauses shorter than
    /// `bridge`, then spans shorter than `minSpurt` removed.
    private func wholeInput(_ raw: [Bool], bridge: Int, minSpurt: Int) -> [Bool] {
        var spans: [Range<Int>] = []
        var frame = 0
        while frame < raw.count {
            guard raw[frame] else {
                frame += 1
                continue
            }
            var end = frame + 1
            while end < raw.count && raw[end] { end += 1 }
            if let last = spans.last, frame - last.upperBound < bridge {
                spans[spans.count - 1] = last.lowerBound..<end
            } else {
                spans.append(frame..<end)
            }
            frame = end
        }
        return speech(spans.filter { $0.count >= minSpurt }, total: raw.count)
    }
}
