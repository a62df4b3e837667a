import Testing

@testable import EarshotCore

@Suite("Alert rules fire incrementally")
struct AlertEngineTests {
    @Test("agent_interrupts fires once the interruption is certain, with start at the cut-in")
    func interruptAlert() throws {
        // Agent cuts in at 1.0 s and talks on: certain when it passes 1.0 s in length (frame 200).
        let (_, alerts) = Timeline(agent: [100..<400], customer: [0..<300], frames: 500).run()
        let alert = try #require(alerts.first { $0.rule == .agentInterrupts })
        #expect(alert.startFrame == 100)
        #expect(alert.firedFrame == 201)
        #expect(alerts.count { $0.rule == .agentInterrupts } == 1)
    }

    @Test("a short cut-in is announced once its end is final (0.3 s bridge) and the customer has not gone on (0.5 s)")
    func shortInterruptAlert() {
        // The agent's end (frame 180) is final at 211; the customer could still go on until frame 230 (then it
        // would be a backchannel), so the cut-in is certain in final frame 231, 262 frames into the input.
        let (_, alerts) = Timeline(agent: [100..<180], customer: [0..<150], frames: 400).run()
        #expect(alerts.filter { $0.rule == .agentInterrupts }.map(\.firedFrame) == [262])
    }

    @Test("customer interruptions and backchannels raise no agent_interrupts")
    func noAgentAlert() {
        let (_, alerts) = Timeline(agent: [0..<400, 450..<500], customer: [200..<600], frames: 700).run()
        #expect(alerts.filter { $0.rule == .agentInterrupts }.isEmpty)
    }

    @Test("silence_gap fires when mutual silence reaches 3.0 s, not for leading silence")
    func silenceAlert() {
        let (_, alerts) = Timeline(agent: [500..<600], customer: [1000..<1100], frames: 1200).run()
        let silence = alerts.filter { $0.rule == .silenceGap }
        #expect(silence.map(\.startFrame) == [600])
        #expect(silence.map(\.firedFrame) == [900])
    }

    @Test("a spurt too short to count neither breaks a silence nor lets it be announced before its fate is known")
    func silenceAroundShortSpurt() {
        // A 0.22 s sound 1.5 s into a 4 s silence is dropped: one gap from 6.0 s, announced at 9.0 s as without it.
        var (analyzer, alerts) = Timeline(agent: [500..<600, 1000..<1100], customer: [750..<772], frames: 1200)
            .run(minSpurtFrames: 25)
        #expect(alerts.filter { $0.rule == .silenceGap }.map(\.firedFrame) == [900])
        #expect(analyzer.events.filter { $0.kind == .silenceGap }.map(\.startFrame) == [600])
        // The same sound 2.9 s in: the alert waits until it is dropped (its last frame + 0.3 s bridge).
        (analyzer, alerts) = Timeline(agent: [500..<600, 1000..<1100], customer: [890..<912], frames: 1200)
            .run(minSpurtFrames: 25)
        #expect(alerts.filter { $0.rule == .silenceGap }.map(\.firedFrame) == [942])
        #expect(analyzer.events.filter { $0.kind == .silenceGap }.map(\.startFrame) == [600])
        // A 0.25 s sound there counts: the silence before it is 2.9 s, no gap and no alert.
        (analyzer, alerts) = Timeline(agent: [500..<600, 1000..<1100], customer: [890..<915], frames: 1200)
            .run(minSpurtFrames: 25)
        #expect(alerts.filter { $0.rule == .silenceGap }.isEmpty)
        #expect(analyzer.events.filter { $0.kind == .silenceGap }.isEmpty)
    }

    @Test("agent_monologue fires once when the agent has held the floor for 60 s")
    func monologueAlert() {
        let (_, alerts) = Timeline(agent: [0..<3000, 3100..<7000], customer: [4000..<4050], frames: 7100).run()
        let monologue = alerts.filter { $0.rule == .agentMonologue }
        #expect(monologue.map(\.startFrame) == [0])
        #expect(monologue.map(\.firedFrame) == [6000])
    }

    @Test("agent_dominates fires above 0.65 with 30 s of talk and re-arms only below 0.55")
    func dominanceAlert() {
        // 0-30 s agent only: fires once 30 s of talk is in the 120 s window (at 20 s, not yet). 30-300 s turns of 6 s agent, 4 s
        // customer: the share falls to 0.6 and stays there (not below 0.55: not re-armed). 300-360 s agent only: the
        // share climbs to 0.8, and no alert, as it was never re-armed. 360-450 s customer only: the share falls
        // under 0.55 (re-armed). 450-560 s agent only: at time t the window [t - 120, t] holds t - 450 s of the agent
        // from 480 s on against 450 + 120 - t s of the customer, so the share passes 0.65 at t = 450 + 78 = 528 s.
        var agent: [Range<Int>] = [0..<3000]
        var customer: [Range<Int>] = []
        for start in stride(from: 3000, to: 30000, by: 1000) {
            agent.append(start..<(start + 600))
            customer.append((start + 600)..<(start + 1000))
        }
        agent += [30000..<36000, 45000..<56000]
        customer.append(36000..<45000)
        let (_, alerts) = Timeline(agent: agent, customer: customer, frames: 56000).run()
        let dominance = alerts.filter { $0.rule == .agentDominates }
        #expect(dominance.map(\.startFrame).first == 0)
        #expect(dominance.map(\.firedFrame).first == 3000)
        #expect(dominance.count == 2, "\(dominance.map(\.firedFrame))")
        #expect(dominance.last.map { abs($0.firedFrame - 52800) <= 2 } == true, "\(dominance.map(\.firedFrame))")
    }

    @Test("the dominance window's talk is what the alert counts: the last 120 s, final frames and newest decisions")
    func windowTalk() {
        // 30 s of the agent, then 20 s of the customer. At 50 s the window holds all 50 s of talk; at 160 s it
        // holds 40-160 s: the customer's last 10 s. Each frame is counted once, final or newest, so exactly.
        var early = -1
        _ = Timeline(agent: [0..<3000], customer: [3000..<5000], frames: 5000).run { early = $0.windowTalkFrames }
        #expect(early == 5000)
        var late = -1
        _ = Timeline(agent: [0..<3000], customer: [3000..<5000], frames: 16000).run { late = $0.windowTalkFrames }
        #expect(late == 1000)
    }
}
