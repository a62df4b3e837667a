import Testing

@testable import EarshotCore

@Suite("The test timeline wires the analysis as the engine does")
struct TimelineTests {
    static let timelines = [
        Timeline(agent: [100..<400], customer: [0..<300], frames: 500),
        Timeline(agent: [100..<180], customer: [0..<150], frames: 400),
        Timeline(agent: [0..<400, 450..<500], customer: [200..<600], frames: 700),
        Timeline(agent: [500..<600], customer: [1000..<1100], frames: 1200),
        Timeline(agent: [0..<3000, 3100..<7000], customer: [4000..<4050], frames: 7100),
        Timeline(agent: [0..<3000, 15000..<30000], customer: [3000..<15000], frames: 30000),
        Timeline(agent: [500..<600, 1200..<1300], customer: [900..<1000, 1599..<1700], frames: 3000),
    ]

    @Test("its events and alerts are those of Engine.report(decisions:) on the same decisions", arguments: timelines)
    func sameAsEngine(timeline: Timeline) throws {
        let (analyzer, alerts) = timeline.run()
        let decisions = [timeline.agent, timeline.customer].map { spans in
            (0..<timeline.frames).map { frame in spans.contains { $0.contains(frame) } }
        }
        let report = Engine.report(
            decisions: decisions, format: try StreamFormat(sampleRate: 16_000, channelCount: 2))
        // The report lists events by start; the analyzer as each became final.
        let order = { (a: ConversationEvent, b: ConversationEvent) in
            (a.startFrame, a.endFrame, a.kind.rawValue) < (b.startFrame, b.endFrame, b.kind.rawValue)
        }
        #expect(analyzer.events.sorted(by: order) == report.events.sorted(by: order))
        #expect(alerts == report.alerts)
    }
}
