@testable import EarshotCore

/// A hand-built two-party timeline in 10 ms frames, for testing the definitions without audio.
struct Timeline {
    var agent: [Range<Int>]
    var customer: [Range<Int>]
    var frames: Int

    /// Runs the timeline through pause bridging, the analyzer and the alert rules as the engine does
    /// (the timeline playing the detector's decisions) and returns what they produced. `minSpurtFrames`
    /// is the detector's shortest spurt (0: every spurt counts); `inspect` sees the alert engine after the last
    /// frame, before the delays are flushed.
    func run(
        conversation: ConversationConfiguration = .standard, alerts: AlertConfiguration = .standard,
        minSpurtFrames: Int = 0, inspect: (borrowing AlertEngine) -> Void = { _ in }
    ) -> (analyzer: ConversationAnalyzer, alerts: [Alert]) {
        var analyzer = ConversationAnalyzer(configuration: conversation, channels: [.agent: 0, .customer: 1])
        var agentBridge = PauseBridger(bridgeFrames: conversation.bridgeFrames, minSpurtFrames: minSpurtFrames)
        var customerBridge = PauseBridger(bridgeFrames: conversation.bridgeFrames, minSpurtFrames: minSpurtFrames)
        var engine = AlertEngine(
            configuration: alerts, conversation: conversation, finalDelayFrames: agentBridge.delayFrames)
        for frame in 0..<frames {
            let a = agent.contains { $0.contains(frame) }
            let c = customer.contains { $0.contains(frame) }
            let finalA = agentBridge.process(a)
            let finalC = customerBridge.process(c)
            let raw = RawFrame(
                frame: frame, agentActive: a, customerActive: c, agentOpenSegmentStart: agentBridge.openSegmentStart,
                agentPendingStart: agentBridge.pendingSpurtStart, customerPendingStart: customerBridge.pendingSpurtStart
            )
            var signals: ConversationSignals?
            if let finalA, let finalC { signals = analyzer.process(agentActive: finalA, customerActive: finalC) }
            engine.process(final: signals, raw: raw, mediaFrame: frame + 1)
        }
        inspect(engine)
        var rest: [(Bool, Bool)] = []
        var tailA: [Bool] = []
        agentBridge.flush { tailA.append($0) }
        var tailC: [Bool] = []
        customerBridge.flush { tailC.append($0) }
        for (a, c) in zip(tailA, tailC) { rest.append((a, c)) }
        for (a, c) in rest {
            let signals = analyzer.process(agentActive: a, customerActive: c)
            engine.process(final: signals, raw: nil, mediaFrame: frames)
        }
        if let start = analyzer.finish() { engine.agentInterruptedAtEnd(start: start, mediaFrame: frames) }
        return (analyzer, engine.alerts)
    }

    func events(_ kind: ConversationEvent.Kind, by role: Role? = nil) -> [ConversationEvent] {
        run().analyzer.events.filter { $0.kind == kind && $0.by == role }
    }
}
