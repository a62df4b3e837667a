import Testing

@testable import EarshotCore

/// The live `acknowledge` hint of `ListeningCoach`, fed the detector's newest decisions frame by frame.
@Suite("Acknowledge hint on hand-built decisions")
struct AcknowledgeHintTests {
    /// Runs `frames` frames: the customer speaks in `customer`, the agent makes sound in `agent`, of which the
    /// frames in `pending` belong to a spurt that may yet be dropped. Returns the frames the hint fired at
    /// and the stretch start it gave.
    func hints(
        customer: [Range<Int>], agent: [Range<Int>] = [], pending: [Range<Int>] = [], frames: Int
    ) -> [(fired: Int, start: Int)] {
        var coach = ListeningCoach()
        var out: [(Int, Int)] = []
        for frame in 0..<frames {
            let agentActive = agent.contains { $0.contains(frame) }
            let pendingStart = pending.first { $0.contains(frame) }?.lowerBound
            let raw = RawFrame(
                frame: frame, agentActive: agentActive, customerActive: customer.contains { $0.contains(frame) },
                agentOpenSegmentStart: nil, agentPendingStart: pendingStart)
            if let start = coach.process(raw) { out.append((frame, start)) }
        }
        return out
    }

    @Test("20 s of customer talk with no agent sound: one hint, when the 20 s are heard")
    func plain() {
        let fired = hints(customer: [100..<3_000], frames: 3_500)
        #expect(fired.map(\.fired) == [2_099] && fired.map(\.start) == [100])
    }

    @Test("the customer's silence after they stop does not count: 18.1 s of talk and then quiet is no hint")
    func trailingSilence() {
        #expect(hints(customer: [49..<1_862], frames: 2_500).isEmpty)
        // Talk resumed within 3 s carries the stretch on (pauses joined): the hint comes with the speech that
        // brings it to 20 s from its start, not in the pause.
        let resumed = hints(customer: [49..<1_862, 2_000..<2_500], frames: 2_600)
        #expect(resumed.map(\.start) == [49])
        #expect(resumed.map(\.fired) == [49 + 2_000 - 1])
    }

    @Test("an agent click that is dropped does not end the stretch; a sound that counts does")
    func clicks() {
        // A 60 ms agent click in a 1.3 s pause of the customer's talk, never long enough to count.
        let click = hints(
            customer: [49..<1_400, 1_530..<3_016], agent: [1_470..<1_476], pending: [1_470..<1_476],
            frames: 3_100)
        #expect(click.map(\.start) == [49])
        // The same sound, counted (a word of the agent's): the stretch starts again after it.
        let word = hints(customer: [49..<1_400, 1_530..<3_016], agent: [1_470..<1_476], frames: 3_100)
        #expect(word.isEmpty || word.allSatisfy { $0.start == 1_476 }, "\(word)")
        // A sound still pending when the 20 s are reached holds the hint back until it ends.
        let held = hints(customer: [0..<2_100], agent: [1_990..<2_010], pending: [1_990..<2_010], frames: 2_200)
        #expect(held.map(\.fired) == [2_010])
    }
}
