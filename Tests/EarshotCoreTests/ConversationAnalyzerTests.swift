import Testing

@testable import EarshotCore

@Suite("Conversation definitions on hand-built timelines")
struct ConversationAnalyzerTests {
    @Test("the bridge must not be longer than the silence gap minimum")
    func bridgeShorterThanGap() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try ConversationConfiguration(bridgeSeconds: 3.01, silenceGapMinSeconds: 3)
        }
        #expect(error?.kind == .conflicting)
        #expect(try ConversationConfiguration(bridgeSeconds: 3, silenceGapMinSeconds: 3).bridgeFrames == 300)
        #expect(throws: ConfigurationError.self) {
            try ConversationConfiguration(bridgeSeconds: 0.3, silenceGapMinSeconds: 0.2)
        }
        let close = try ConversationConfiguration(bridgeSeconds: 2.99, silenceGapMinSeconds: 3)
        #expect(close.bridgeFrames == 299 && close.silenceGapMinFrames == 300)
    }

    @Test("a short segment inside the other's speech is a backchannel, not an interruption")
    func backchannel() {
        let t = Timeline(agent: [200..<260], customer: [0..<500], frames: 600)
        #expect(t.events(.backchannel, by: .agent).map(\.startFrame) == [200])
        #expect(t.events(.interruption, by: .agent).isEmpty)
    }

    @Test("a short sound cut off by the end of the input while the other still speaks is a backchannel")
    func backchannelAtTheEnd() {
        let cut = Timeline(agent: [560..<600], customer: [0..<600], frames: 600)
        #expect(cut.events(.backchannel, by: .agent).map(\.startFrame) == [560])
        #expect(cut.events(.interruption, by: .agent).isEmpty)
        // One longer than a backchannel is still an interruption.
        let long = Timeline(agent: [450..<600], customer: [0..<600], frames: 600)
        #expect(long.events(.interruption, by: .agent).map(\.startFrame) == [450])
    }

    @Test("a backchannel may last exactly 1.0 s but not 1.01 s")
    func backchannelLengthEdge() {
        let exact = Timeline(agent: [100..<200], customer: [0..<400], frames: 500)
        #expect(exact.events(.backchannel, by: .agent).count == 1)
        let longer = Timeline(agent: [100..<201], customer: [0..<400], frames: 500)
        #expect(longer.events(.backchannel, by: .agent).isEmpty)
        #expect(longer.events(.interruption, by: .agent).count == 1)
    }

    @Test("a short cut-in that outlasts the other's speech is an interruption once it overlaps 0.3 s")
    func shortCutIn() {
        // Agent starts at 1.0 s inside customer speech, customer stops at 1.5 s, agent ends at 1.8 s.
        let t = Timeline(agent: [100..<180], customer: [0..<150], frames: 400)
        #expect(t.events(.interruption, by: .agent).map(\.startFrame) == [100])
        #expect(t.events(.backchannel, by: .agent).isEmpty)
    }

    @Test("a short segment the other's speech stops under is a backchannel if they go on within 0.5 s, not after")
    func backchannelTheOtherGoesOn() {
        // The agent speaks 1.2-1.7 s inside the customer's speech; the customer is not heard 1.5-1.9 s (their
        // speech under the agent's too quiet), then goes on at 1.9 s: 0.2 s after the agent's end.
        let goesOn = Timeline(agent: [120..<170], customer: [0..<150, 190..<400], frames: 500)
        #expect(goesOn.events(.backchannel, by: .agent).map(\.startFrame) == [120])
        #expect(goesOn.events(.interruption, by: .agent).isEmpty)
        #expect(!goesOn.run().alerts.contains { $0.rule == .agentInterrupts })
        // 0.5 s after is still going on; 0.51 s is not: the cut-in stopped them (the alert comes then).
        let edge = Timeline(agent: [120..<170], customer: [0..<150, 220..<400], frames: 500)
        #expect(edge.events(.backchannel, by: .agent).count == 1)
        let late = Timeline(agent: [120..<170], customer: [0..<150, 221..<400], frames: 500)
        #expect(late.events(.interruption, by: .agent).map(\.startFrame) == [120])
        #expect(late.events(.backchannel, by: .agent).isEmpty)
        #expect(late.run().alerts.filter { $0.rule == .agentInterrupts }.map(\.startFrame) == [120])
        // The agent speaking again first decides it too: an interruption.
        let again = Timeline(agent: [120..<170, 205..<300], customer: [0..<150, 210..<400], frames: 500)
        #expect(again.events(.interruption, by: .agent).map(\.startFrame) == [120])
        #expect(again.events(.backchannel, by: .agent).isEmpty)
        // Going on just before the end of the input counts.
        let end = Timeline(agent: [120..<170], customer: [0..<150, 190..<230], frames: 230)
        #expect(end.events(.backchannel, by: .agent).map(\.startFrame) == [120])
    }

    @Test("taking up one's own talk again within 0.5 s over the other's nod or start is no interruption")
    func resumingOwnTalk() {
        // The customer nods 2.9-3.8 s, starting inside the agent's talk; the agent pauses 3.0-3.35 s (its speech not
        // heard under the nod) and goes on during it: the agent's talk goes on, the nod is a backchannel.
        let nod = Timeline(agent: [0..<300, 335..<600], customer: [290..<380], frames: 700)
        #expect(nod.events(.interruption, by: .agent).isEmpty)
        #expect(nod.events(.backchannel, by: .customer).map(\.startFrame) == [290])
        #expect(!nod.run().alerts.contains { $0.rule == .agentInterrupts })
        // The customer starts in the agent's pause (3.4 s) and the agent goes on 0.5 s after its end: no interruption
        // either way.
        let start = Timeline(agent: [0..<300, 350..<600], customer: [340..<400], frames: 700)
        #expect(start.events(.interruption, by: .agent).isEmpty)
        #expect(start.events(.interruption, by: .customer).isEmpty)
        // 0.51 s after its end, the agent starts inside the customer's speech: an interruption.
        let late = Timeline(agent: [0..<300, 351..<600], customer: [340..<450], frames: 700)
        #expect(late.events(.interruption, by: .agent).map(\.startFrame) == [351])
        // The other's segment must still be short enough to be a backchannel: the customer, cut in on at 2.0 s,
        // pauses 3.0-3.34 s and talks over the agent's 1.34 s old cut-in: both are interruptions.
        let fight = Timeline(agent: [200..<500], customer: [0..<300, 334..<700], frames: 800)
        #expect(fight.events(.interruption, by: .agent).map(\.startFrame) == [200])
        #expect(fight.events(.interruption, by: .customer).map(\.startFrame) == [334])
    }

    /// The report's longest agent monologue of `timeline`, in frames.
    static func longestAgentMonologue(_ timeline: Timeline) -> Int? {
        let analyzer = timeline.run().analyzer
        return TurnAnalysis(
            segments: analyzer.segments, isBackchannel: analyzer.segmentIsBackchannel,
            monologueMaxPauseFrames: ConversationConfiguration.standard.monologueMaxPauseFrames
        ).longestMonologueFrames[.agent]
    }

    @Test("a nod in the other's pause that they talk on over within 0.5 s is a backchannel; their monologue goes on")
    func nodInThePause() {
        // The agent talks 30 s, pauses 0.4 s (its speech lost under the nod) and goes on to 70 s; the customer's
        // "mm" starts in that pause, 0.05 s after the agent's last word, and ends inside the agent's talk.
        let t = Timeline(agent: [0..<3000, 3040..<7000], customer: [3005..<3080], frames: 7100)
        #expect(t.events(.backchannel, by: .customer).map(\.startFrame) == [3005])
        #expect(t.events(.interruption).isEmpty)
        // One 70 s monologue, live and in the report.
        let alerts = t.run().alerts.filter { $0.rule == .agentMonologue }
        #expect(alerts.map(\.startFrame) == [0])
        #expect(Self.longestAgentMonologue(t) == 7000)
        // Taken up 0.51 s after its end, the agent's talk is a new turn after the customer's: no backchannel.
        let late = Timeline(agent: [0..<3000, 3051..<7000], customer: [3005..<3080], frames: 7100)
        #expect(late.events(.backchannel).isEmpty)
    }

    @Test("the agent talking on over the customer's cut-in keeps its monologue: alerted at 60 s, as the report has it")
    func monologueOverACutIn() {
        // One agent segment of 70 s; the customer cuts in at 30 s for 1.5 s (an interruption that takes the floor).
        let t = Timeline(agent: [0..<7000], customer: [3000..<3150], frames: 7100)
        #expect(t.events(.interruption, by: .customer).map(\.startFrame) == [3000])
        let alerts = t.run().alerts.filter { $0.rule == .agentMonologue }
        #expect(alerts.map(\.startFrame) == [0])
        #expect(Self.longestAgentMonologue(t) == 7000)
        // Speaking again after the cut-in, the agent starts a new turn (and monologue), live and in the report.
        let after = Timeline(agent: [0..<3100, 3200..<7000], customer: [3000..<3150], frames: 7100)
        #expect(after.run().alerts.filter { $0.rule == .agentMonologue }.isEmpty)
        #expect(Self.longestAgentMonologue(after) == 3800)
    }

    @Test("at the end of the input a waiting short segment is decided: going on in its last frame, or not at all")
    func backchannelDecidedAtTheEnd() {
        // The customer goes on in the very frame the agent stops, the input's last frame.
        let same = Timeline(agent: [120..<170], customer: [0..<150, 170..<171], frames: 171)
        #expect(same.events(.backchannel, by: .agent).map(\.startFrame) == [120])
        // The input ends 0.2 s after the agent's cut-in, the customer not heard again: an interruption, and its
        // alert still comes.
        let cut = Timeline(agent: [100..<180], customer: [0..<150], frames: 200)
        #expect(cut.events(.interruption, by: .agent).map(\.startFrame) == [100])
        #expect(cut.run().alerts.filter { $0.rule == .agentInterrupts }.map(\.startFrame) == [100])
        // The input ends during a short cut-in that outlasted the other's speech (0.58 s of overlap): it is
        // decided at the end as well, an interruption with its alert, never left as neither event.
        for role in [Role.agent, .customer] {
            let (a, c) = ([498..<590], [5..<556])
            let timeline =
                role == .agent
                ? Timeline(agent: a, customer: c, frames: 590) : Timeline(agent: c, customer: a, frames: 590)
            #expect(timeline.events(.interruption, by: role).map(\.startFrame) == [498], "\(role)")
            #expect(timeline.events(.backchannel, by: role).isEmpty)
        }
        let tail = Timeline(agent: [498..<590], customer: [5..<556], frames: 590)
        #expect(tail.run().alerts.filter { $0.rule == .agentInterrupts }.map(\.startFrame) == [498])
    }

    @Test("the live opening-account tag follows the rule: a nod the customer goes on after does not end the turn")
    func openingAccountLive() {
        // The customer talks 10.3 s, fades for 0.4 s under the agent's nod (10.0-10.5 s) and goes on 0.2 s after
        // it until 21 s; the agent cuts in at 19 s. One turn: the cut-in is inside the opening account (were the
        // nod the floor, the account would have ended at 10.3 s, before the cut-in).
        let t = Timeline(agent: [1_000..<1_050, 1_900..<2_300], customer: [0..<1_030, 1_070..<2_100], frames: 2_500)
        #expect(t.events(.backchannel, by: .agent).map(\.startFrame) == [1_000])
        let cuts = t.run().alerts.filter { $0.rule == .agentInterrupts }
        #expect(cuts.map(\.startFrame) == [1_900])
        #expect(cuts.first?.phase == .opening)
    }

    @Test("overlap under 0.3 s is neither an interruption nor a backchannel")
    func shortOverlap() {
        let t = Timeline(agent: [100..<300], customer: [0..<129], frames: 400)
        #expect(t.events(.interruption, by: .agent).isEmpty)
        let atLimit = Timeline(agent: [100..<300], customer: [0..<130], frames: 400)
        #expect(atLimit.events(.interruption, by: .agent).count == 1)
    }

    @Test("starting at the same frame as the other is not starting inside their speech")
    func simultaneousStart() {
        let t = Timeline(agent: [100..<300], customer: [100..<300], frames: 400)
        #expect(t.run().analyzer.events.filter { $0.kind != .silenceGap }.isEmpty)
    }

    @Test("customer interruptions are counted for the customer")
    func customerInterrupts() {
        let t = Timeline(agent: [0..<400], customer: [200..<600], frames: 700)
        #expect(t.events(.interruption, by: .customer).map(\.startFrame) == [200])
        #expect(t.events(.interruption, by: .agent).isEmpty)
    }

    @Test("mutual silence of 3.0 s between speech is a silence gap; 2.99 s and leading/trailing silence are not")
    func silenceGaps() {
        // Gaps: 6.0-9.0 s (3.0 s), 10.0-12.0 s (2.0 s), 13.0-15.99 s (2.99 s); leading 5 s, trailing 13 s.
        let t = Timeline(agent: [500..<600, 1200..<1300], customer: [900..<1000, 1599..<1700], frames: 3000)
        let gaps = t.events(.silenceGap)
        #expect(gaps.map(\.startFrame) == [600])
        #expect(gaps.map(\.endFrame) == [900])
        let short = Timeline(agent: [0..<100], customer: [399..<500], frames: 600)
        #expect(short.events(.silenceGap).isEmpty)
    }

    @Test("talk and overlap totals count frames")
    func totals() {
        let (analyzer, _) = Timeline(agent: [0..<300], customer: [200..<500], frames: 600).run()
        #expect(analyzer.agentFrames == 300)
        #expect(analyzer.customerFrames == 300)
        #expect(analyzer.overlapFrames == 100)
    }
}
