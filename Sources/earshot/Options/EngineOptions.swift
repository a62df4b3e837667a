import ArgumentParser
import EarshotCore

/// Options shared by every command that runs the engine.
struct EngineOptions: ParsableArguments {
    /// The names of these options, each taking one value (`SingleUse`).
    static let valueOptions: [[String]] = [
        ["--agent-channel"], ["--silence-gap"], ["--backchannel-max"], ["--interruption-overlap"], ["--bridge"],
        ["--monologue-alert"], ["--nod-after"], ["--dominance-share"], ["--dominance-window"],
    ]

    @Option(
        name: .customLong("agent-channel"), parsing: .unconditional,
        help: "Channel carrying the agent (0 or 1); the other is the customer.")
    var agentChannel: Int = 0

    @Option(
        name: .customLong("silence-gap"), parsing: .unconditional,
        help: "Mutual silence counted as a silence gap, in seconds (0.1 ... 600, and not under --bridge).")
    var silenceGapSeconds: Double = 3.0

    @Option(
        name: .customLong("backchannel-max"), parsing: .unconditional,
        help: "Longest backchannel, in seconds (0.1 ... 10).")
    var backchannelMaxSeconds: Double = 1.0

    @Option(
        name: .customLong("interruption-overlap"), parsing: .unconditional,
        help: "Overlap that makes a cut-in an interruption, in seconds (0.01 ... 10).")
    var interruptionOverlapSeconds: Double = 0.3

    @Option(
        name: .customLong("bridge"), parsing: .unconditional,
        help: ArgumentHelp(
            "Pauses shorter than this inside one speaker's talk are bridged, in seconds, 0 ... 5 "
                + "(default: 0.3; `eval` against single-channel labels: 0).")
    )
    var bridgeSeconds: Double?

    @Option(
        name: .customLong("monologue-alert"), parsing: .unconditional,
        help: "Agent monologue length that raises an alert, in seconds (1 ... 36000).")
    var monologueAlertSeconds: Double = 60

    @Option(
        name: .customLong("nod-after"), parsing: .unconditional,
        help: "Customer talk with no sound from the agent that raises the acknowledge hint, in seconds (1 ... 3600).")
    var nodAfterSeconds: Double = 20

    @Option(
        name: .customLong("dominance-share"), parsing: .unconditional,
        help: ArgumentHelp(
            "Agent share over the window that raises agent_dominates, 0.2 ... 0.99 (re-armed 0.1 below it, "
                + "at most at 0.55)."))
    var dominanceShare: Double = 0.65

    @Option(
        name: .customLong("dominance-window"), parsing: .unconditional,
        help: ArgumentHelp(
            "Window over which agent_dominates measures, 30 ... 3600 seconds (the alert needs 30 s of talk in it, "
                + "or half the window when that is shorter)."))
    var dominanceWindowSeconds: Double = 120

    /// The options that take a number of seconds or a share (`DecimalArgument.check`).
    static let decimalOptions = valueOptions.joined().filter { $0 != "--agent-channel" }

    mutating func validate() throws {
        guard UsageCheck.checksValues else { return }  // the first parse (UsageCheck)
        try DecimalArgument.check(Self.decimalOptions)
        guard agentChannel == 0 || agentChannel == 1 else {
            throw ValidationError("--agent-channel must be 0 or 1, got \(agentChannel)")
        }
        // Checked here in the options' own terms, with the value given; the engine's messages speak of the
        // settings these options derive.
        let ranges: [(String, Double?, ClosedRange<Double>)] = [
            ("--silence-gap", silenceGapSeconds, 0.1...600), ("--backchannel-max", backchannelMaxSeconds, 0.1...10),
            ("--interruption-overlap", interruptionOverlapSeconds, 0.01...10), ("--bridge", bridgeSeconds, 0...5),
            ("--monologue-alert", monologueAlertSeconds, 1...36_000), ("--nod-after", nodAfterSeconds, 1...3_600),
        ]
        for (name, value, range) in ranges {
            guard let value, !range.contains(value) else { continue }
            throw ValidationError(
                "\(name) must be \(ReportText.threshold(range.lowerBound).dropLast(2)) ... "
                    + "\(ReportText.threshold(range.upperBound)), got \(value)")
        }
        let bridge = bridgeSeconds ?? 0.3
        let perSecond = Double(FrameClock.framesPerSecond)
        guard (bridge * perSecond).rounded() <= (silenceGapSeconds * perSecond).rounded() else {
            let named = bridgeSeconds == nil ? "--bridge (0.3 s by default)" : "--bridge (\(bridge) s)"
            throw ValidationError(
                "\(named) must not be longer than --silence-gap (\(silenceGapSeconds) s): a pause bridged as one "
                    + "speaker's talk cannot also be a silence gap")
        }
        guard (0.2...0.99).contains(dominanceShare) else {
            // 0.2 at least: the alert re-arms 0.1 below its threshold, and a share cannot fall below 0.
            throw ValidationError("--dominance-share must be 0.2 ... 0.99, got \(dominanceShare)")
        }
        guard (30...3_600).contains(dominanceWindowSeconds) else {
            throw ValidationError(
                "--dominance-window must be 30 ... 3600 s, got \(dominanceWindowSeconds)")
        }
        do { _ = try engineConfiguration() } catch { throw ValidationError(error.message) }
    }

    /// The engine settings these options describe; `defaultBridgeSeconds` applies when `--bridge` is not given.
    func engineConfiguration(defaultBridgeSeconds: Double = 0.3) throws(ConfigurationError) -> EngineConfiguration {
        let conversation = try ConversationConfiguration(
            bridgeSeconds: bridgeSeconds ?? defaultBridgeSeconds, backchannelMaxSeconds: backchannelMaxSeconds,
            interruptionMinOverlapSeconds: interruptionOverlapSeconds, silenceGapMinSeconds: silenceGapSeconds,
            monologueMaxPauseSeconds: 3.0)
        // 30 s of talk, or half a shorter window: a 30 s window would need talk in every frame of it.
        let alerts = try AlertConfiguration(
            dominanceWindowSeconds: dominanceWindowSeconds,
            dominanceMinTalkSeconds: min(
                FrameClock.seconds(ofFrame: AlertConfiguration.standard.dominanceMinTalkFrames),
                dominanceWindowSeconds / 2),
            dominanceShare: dominanceShare,
            dominanceRearmShare: min(0.55, dominanceShare - 0.1), silenceSeconds: silenceGapSeconds,
            monologueSeconds: monologueAlertSeconds)
        let coach = try CoachConfiguration(nodAfterSeconds: nodAfterSeconds)
        return try EngineConfiguration(
            conversation: conversation, alerts: alerts, coach: coach, agentChannel: agentChannel)
    }
}
