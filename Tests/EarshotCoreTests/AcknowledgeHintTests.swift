import Testing

@testable import EarshotCore

/// The live `acknowledge` hint of `ListeningCoach`, fed the detector's newest decisions frame by frame.
@Suite("Acknowledge hint on hand-built decisions")
struct AcknowledgeHintTests {
    /// Runs `frames` frames: the customer speaks in `customer`, the agent makes sound in `agent`, of which the
    /// frames in `pending` (`customerPending` for the customer's) belong to a spurt that may yet be dropped.
    /// Returns the frames the hint fired at and the stretch start it gave.
    func hints(
        customer: [Range<Int>], agent: [Range<Int>] = [], pending: [Range<Int>] = [],
        customerPending: [Range<Int>] = [], frames: Int
    ) -> [(fired: Int, start: Int)] {
        var coach = ListeningCoach()
        var out: [(Int, Int)] = []
        for frame in 0..<frames {
            let agentActive = agent.contains { $0.contains(frame) }
            let pendingStart = pending.first { $0.contains(frame) }?.lowerBound
            let raw = RawFrame(
                frame: frame, agentActive: agentActive, customerActive: customer.contains { $0.contains(frame) },
                agentOpenSegmentStart: nil, agentPendingStart: pendingStart,
                customerPendingStart: customerPending.first { $0.contains(frame) }?.lowerBound)
            if let start = coach.process(raw) { out.append((frame, start)) }
        }
        return out
    }

    @Test("20 s of customer talk with no agent sound: one hint, when the 20 s are heard")
    func plain() {
        let fired = hints(customer: [100..<3_000], frames: 3_500)
        #expect(fired.map(\.fired) == [2_099] && fired.map(\.start) == [100])
    }

    @Test("the hint can come in the customer's pause, the moment to nod; a turn over before 20 s gets none")
    func pauses() {
        // 18.1 s of talk, then silence: the turn is open for 3 s more, and 20 s from its start come in that pause.
        #expect(hints(customer: [49..<1_862], frames: 2_500).map(\.fired) == [49 + 2_000 - 1])
        // 9.5 s of talk and 3 s of silence end the turn: talk 8 s later starts a new stretch, with its own 20 s.
        let two = hints(customer: [49..<1_000, 1_800..<3_900], frames: 4_000)
        #expect(two.map(\.start) == [1_800] && two.map(\.fired) == [1_800 + 2_000 - 1])
        // The agent's nod in the pause before the 20 s, counted, ends the stretch: no hint.
        let nodded = hints(customer: [123..<2_033, 2_309..<2_600], agent: [2_100..<2_140], frames: 2_700)
        #expect(nodded.isEmpty, "\(nodded)")
    }

    @Test("an agent click that is dropped does not end the stretch; a sound that counts does")
    func clicks() {
        // A 60 ms agent click in a 1.3 s pause of the customer's talk, never long enough to count.
        let click = hints(
            customer: [49..<1_400, 1_530..<3_016], agent: [1_470..<1_476], pending: [1_470..<1_476],
            frames: 3_100)
        #expect(click.map(\.start) == [49])
        // The same sound, counted (a word of the agent's): the stretch starts again where the customer is heard
        // after it, not in the silence between.
        let word = hints(customer: [49..<1_400, 1_530..<3_600], agent: [1_470..<1_476], frames: 3_700)
        #expect(word.map(\.start) == [1_530] && word.map(\.fired) == [1_530 + 2_000 - 1], "\(word)")
        // A sound still pending when the 20 s are reached holds the hint back until it ends.
        let held = hints(customer: [0..<2_100], agent: [1_990..<2_010], pending: [1_990..<2_010], frames: 2_200)
        #expect(held.map(\.fired) == [2_010])
    }

    @Test("a customer click that is dropped starts no stretch; a spurt that counts starts it where it began")
    func customerClicks() {
        // A 60 ms click 2.5 s before 15.5 s of talk: the stretch is the talk's, under 20 s with the pause after it.
        let click = hints(customer: [100..<106, 350..<1_900], customerPending: [100..<106], frames: 2_300)
        #expect(click.isEmpty, "\(click)")
        // Talk whose first 0.25 s was pending: the stretch starts at its first frame.
        let talk = hints(customer: [350..<2_400], customerPending: [350..<375], frames: 2_500)
        #expect(talk.map(\.start) == [350] && talk.map(\.fired) == [350 + 2_000 - 1], "\(talk)")
    }

    @Test("in the report, an answer within the pause after the customer's last word ends the stretch there")
    func answerInThePause() {
        func segment(_ role: Role, _ frames: Range<Int>) -> Segment {
            Segment(
                role: role, channel: role == .agent ? 0 : 1, startFrame: frames.lowerBound, endFrame: frames.upperBound)
        }
        // 18.5 s of talk, the agent's answer 2 s after: 20.5 s without acknowledgement, as the hint heard it live.
        let answered = ListeningFigures.stretches(
            customer: [segment(.customer, 0..<1_850)], agent: [segment(.agent, 2_050..<2_400)], pauseFrames: 300,
            inputEnd: 2_500)
        #expect(answered == [0..<2_050])
        #expect(hints(customer: [0..<1_850], agent: [2_050..<2_400], frames: 2_500).map(\.fired) == [1_999])
        // No answer within the 3 s after the last word: the stretch runs through the wait, to the live rule's last
        // frame of it (the customer waited, unanswered: before, it ended at the last word, 18.5 s, and the hint
        // given live in that wait had no stretch in the report).
        let late = ListeningFigures.stretches(
            customer: [segment(.customer, 0..<1_850)], agent: [segment(.agent, 2_150..<2_400)], pauseFrames: 300,
            inputEnd: 2_500)
        #expect(late == [0..<2_149])
        #expect(hints(customer: [0..<1_850], agent: [2_150..<2_400], frames: 2_500).map(\.fired) == [1_999])
        let unanswered = ListeningFigures.stretches(
            customer: [segment(.customer, 0..<1_850)], agent: [], pauseFrames: 300, inputEnd: 5_000)
        #expect(unanswered == [0..<2_149])
        // Not past the frames analysed: a call that ends 1 s after the customer's last word.
        let ended = ListeningFigures.stretches(
            customer: [segment(.customer, 0..<1_850)], agent: [], pauseFrames: 300, inputEnd: 1_950)
        #expect(ended == [0..<1_950])
        #expect(hints(customer: [0..<1_850], frames: 1_950).isEmpty)
    }

    @Test("after the agent's talk a stretch starts where the customer is heard, not in the wait before")
    func waitAfterTheAgent() {
        func segment(_ role: Role, _ frames: Range<Int>) -> Segment {
            Segment(
                role: role, channel: role == .agent ? 0 : 1, startFrame: frames.lowerBound, endFrame: frames.upperBound)
        }
        // The customer's "mm" (0.4 s) inside the agent's talk, which ends 0.3 s later; the customer answers 2.4 s
        // after that and talks 16 s: one block of talk (no pause of 3 s), whose stretch is the 16 s and the 3 s wait
        // after it (the turn open, unanswered): under 20 s.
        let customer = [segment(.customer, 500..<540), segment(.customer, 810..<2_410)]
        let agent = [segment(.agent, 0..<570)]
        #expect(
            ListeningFigures.stretches(customer: customer, agent: agent, pauseFrames: 300, inputEnd: 3_000) == [
                810..<2_709
            ])
        #expect(hints(customer: [500..<540, 810..<2_410], agent: [0..<570], frames: 3_000).isEmpty)
        // Talking on when the agent stops: the stretch starts at the agent's end.
        let overlapped = [segment(.customer, 500..<2_700)]
        #expect(
            ListeningFigures.stretches(customer: overlapped, agent: agent, pauseFrames: 300, inputEnd: 3_000) == [
                570..<2_999
            ])
        let live = hints(customer: [500..<2_700], agent: [0..<570], frames: 3_000)
        #expect(live.map(\.start) == [570] && live.map(\.fired) == [570 + 2_000 - 1], "\(live)")
        // Before, both started at the agent's end (570): 2.4 s of waiting counted as talk, and live a hint.
    }
}
