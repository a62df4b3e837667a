@testable import EarshotCore

/// A hand-built two-party timeline in 10 ms frames, for testing the definitions without audio.
struct Timeline {
    var agent: [Range<Int>]
    var customer: [Range<Int>]
    var frames: Int

    /// Runs the analyzer and alert rules over the timeline and returns what they produced.
    func run(
        conversation: ConversationConfiguration = .standard, alerts: AlertConfiguration = .standard
    ) -> (analyzer: ConversationAnalyzer, alerts: [Alert]) {
        var analyzer = ConversationAnalyzer(configuration: conversation, channels: [.agent: 0, .customer: 1])
        var engine = AlertEngine(configuration: alerts)
        for frame in 0..<frames {
            let signals = analyzer.process(
                agentActive: agent.contains { $0.contains(frame) },
                customerActive: customer.contains { $0.contains(frame) })
            engine.process(signals, mediaFrame: frame + 1)
        }
        analyzer.finish()
        return (analyzer, engine.alerts)
    }

    func events(_ kind: ConversationEvent.Kind, by role: Role? = nil) -> [ConversationEvent] {
        run().analyzer.events.filter { $0.kind == kind && $0.by == role }
    }
}
