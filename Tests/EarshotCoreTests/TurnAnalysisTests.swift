import Testing

@testable import EarshotCore

@Suite("Turns, response gaps and monologues")
struct TurnAnalysisTests {
    private func analysis(_ t: Timeline) -> TurnAnalysis {
        let analyzer = t.run().analyzer
        return TurnAnalysis(
            segments: analyzer.segments, isBackchannel: analyzer.segmentIsBackchannel, monologueMaxPauseFrames: 300)
    }

    @Test("response gaps run from the end of a customer turn to the next agent turn, clamped at zero")
    func responseGaps() {
        // customer 0-2 s, agent answers at 2.5 s; customer 4-6 s, agent cuts in at 5.5 s.
        let t = Timeline(agent: [250..<350, 550..<700], customer: [0..<200, 400..<600], frames: 800)
        let turns = analysis(t)
        #expect(turns.responseGapFrames == [50, 0])
        #expect(turns.switches == 3)
    }

    @Test("a customer interjection inside the agent's talk was answered before it ended: a response gap of 0")
    func interjectionInsideAgentTalk() {
        // The agent talks 1-15.2 s; the customer's 2 s interjection at 10-12 s; the agent goes on after a breath at
        // 16 s: the agent never stopped for the customer, so no 4 s wait (12 to 16 s).
        let t = Timeline(agent: [100..<1_520, 1_600..<3_000], customer: [1_000..<1_200, 3_100..<3_300], frames: 3_400)
        #expect(analysis(t).responseGapFrames == [0])
    }

    @Test("backchannels do not take the floor or break a monologue")
    func backchannelsKeepTheFloor() {
        let t = Timeline(agent: [0..<1000], customer: [300..<350, 600..<650], frames: 1100)
        let turns = analysis(t)
        #expect(turns.switches == 0)
        #expect(turns.longestMonologueFrames[.agent] == 1000)
    }

    @Test("a pause of 3.0 s splits a monologue, 2.9 s does not")
    func monologuePause() {
        let split = analysis(Timeline(agent: [0..<500, 800..<1000], customer: [], frames: 1100))
        #expect(split.longestMonologueFrames[.agent] == 500)
        let joined = analysis(Timeline(agent: [0..<500, 790..<1000], customer: [], frames: 1100))
        #expect(joined.longestMonologueFrames[.agent] == 1000)
    }

    @Test("the other party's turn ends a monologue")
    func otherTurnEndsMonologue() {
        let turns = analysis(Timeline(agent: [0..<400, 700..<900], customer: [450..<650], frames: 1000))
        #expect(turns.longestMonologueFrames[.agent] == 400)
        #expect(turns.longestMonologueFrames[.customer] == 200)
    }
}
