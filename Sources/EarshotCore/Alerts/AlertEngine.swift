/// Applies the live alert rules frame by frame, as early as each condition is certain.
///
/// It sees two views of the conversation: the analyzer's final signals, which trail the input by the
/// pause bridge and the shortest-spurt check, and the detector's newest decisions (`RawFrame`), which do
/// not. Speech in the newest frames whose spurt is already long enough is speech whatever bridging decides,
/// so rules driven by speech (interruption, dominance, monologue) count it at once; a silence longer than
/// the bridge is never bridged, so the silence rule runs on the newest decisions too, waiting only for
/// spurts that may yet be dropped. Fixed-size state; the alert list grows by one element per alert.
public struct AlertEngine: ~Copyable {
    /// Thresholds in use.
    public let configuration: AlertConfiguration
    /// Conversation thresholds (backchannel length, interruption overlap) the rules rely on.
    public let conversation: ConversationConfiguration
    /// Alerts fired so far, in firing order.
    public private(set) var alerts: [Alert] = []
    private var window: DominanceWindow
    private var recent: RecentActivity
    private var dominanceArmed = true
    /// Whether there is a customer channel: agent share, and so `agent_dominates`, needs two parties.
    private let twoParties: Bool
    private var monologueAlerted: Int?
    private var interruptionAlerted: Int?
    private var silenceAlerted: Int?
    private var rawSilenceStart: Int?
    private var rawSpeechSeen = false
    private var newestFrame = -1
    private var coach: ListeningCoach
    private var unheard = UnheardParty()
    /// While true, rules are evaluated but nothing fires (media lost by capture is not a conversation).
    public var muted = false
    /// The detector's newest decisions (who is speaking now), if any.
    public private(set) var newest: RawFrame?

    /// An alert engine with no alerts yet, for a call starting at frame 0.
    /// - Parameters:
    ///   - configuration: alert thresholds.
    ///   - conversation: the definitions the analyzer uses (for the backchannel and interruption thresholds).
    ///   - finalDelayFrames: how far the final signals trail the newest decisions (`PauseBridger.delayFrames`);
    ///     by default the bridge length.
    ///   - twoParties: false for a mono recording (one speaker, no agent share).
    public init(
        configuration: AlertConfiguration = .standard, conversation: ConversationConfiguration = .standard,
        coach: CoachConfiguration = .standard, finalDelayFrames: Int? = nil, twoParties: Bool = true
    ) {
        self.configuration = configuration
        self.twoParties = twoParties
        self.conversation = conversation
        self.coach = ListeningCoach(configuration: coach, conversation: conversation)
        let delay = finalDelayFrames ?? conversation.bridgeFrames
        window = DominanceWindow(capacity: max(1, configuration.dominanceWindowFrames - delay))
        recent = RecentActivity(capacity: delay + 1)
        alerts.reserveCapacity(1_024)
    }

    /// Evaluates every rule after one input frame.
    /// - Parameters:
    ///   - final: the analyzer's signals for the frame that became final, if any.
    ///   - raw: the detector's decisions for the newest frame, if any (none once the input has ended).
    ///   - mediaFrame: the input consumed so far, in frames (the alert's `t`).
    public mutating func process(final: ConversationSignals?, raw: RawFrame?, mediaFrame: Int) {
        if twoParties, let final { unheard.update(final) }
        if let raw {
            recent.push(agent: raw.agentCounts, customer: raw.customerCounts)
            newestFrame = raw.frame
            newest = raw
        }
        if let final {
            recent.popOldest()
            window.push(agent: final.agentActive, customer: final.customerActive)
            newestFrame = max(newestFrame, final.frame)
        }
        if let raw {
            if let start = coach.process(raw), !unheard.holdsAlerts {
                fire(.acknowledge, start: start, at: mediaFrame)
            }
        }
        silenceRule(final: final, raw: raw, mediaFrame: mediaFrame)
        interruptionRule(final: final, raw: raw, mediaFrame: mediaFrame)
        monologueRule(final: final, raw: raw, mediaFrame: mediaFrame)
        dominanceRule(mediaFrame: mediaFrame)
    }

    /// Talk (agent plus customer frames) over the dominance window, as `agent_dominates` counts it against
    /// `dominanceMinTalkFrames`.
    public var windowTalkFrames: Int { windowAgentFrames + window.customerFrames + recent.customerFrames }

    /// The agent's frames over the dominance window (final frames plus the newest decisions).
    private var windowAgentFrames: Int { window.agentFrames + recent.agentFrames }

    /// Agent share over the dominance window (the last 120 s by default), or `nil` before anyone spoke or for
    /// a mono recording.
    public var windowAgentShare: Double? {
        guard twoParties else { return nil }
        let talk = windowTalkFrames
        return talk > 0 ? Double(windowAgentFrames) / Double(talk) : nil
    }

    /// The party whose channel is unheard so far, if any (`UnheardParty`): while it is the customer, the alerts that
    /// would read their silence as the call's (`silence_gap`, `agent_dominates`, `acknowledge`) are held.
    public var unheardParty: Role? { unheard.role }

    /// Frames since the agent last made a sound while the customer is talking now, else `nil`.
    public var agentQuietFramesWhileCustomerTalks: Int? { coach.quietFramesWhileCustomerTalks }

    private mutating func fire(_ rule: Alert.Rule, start: Int, at mediaFrame: Int, phase: Alert.Phase? = nil) {
        guard !muted else { return }
        alerts.append(Alert(rule: rule, firedFrame: mediaFrame, startFrame: start, phase: phase))
    }

    /// Mutual silence reaching the threshold, on the newest decisions (after the input ends, on the
    /// final signals). A spurt too short to count yet neither ends the silence nor lets it be announced
    /// past its start until its fate is known. Once per silence.
    private mutating func silenceRule(final: ConversationSignals?, raw: RawFrame?, mediaFrame: Int) {
        var start: Int?
        if let raw {
            if raw.agentCounts || raw.customerCounts {
                rawSilenceStart = nil
                rawSpeechSeen = true
            } else {
                let silenceStart = rawSilenceStart ?? raw.frame
                rawSilenceStart = silenceStart
                let silentUntil = raw.pendingSpurtStart ?? raw.frame + 1
                if rawSpeechSeen && silentUntil - silenceStart >= configuration.silenceFrames { start = silenceStart }
            }
        } else if let final, final.mutualSilenceFrames >= configuration.silenceFrames {
            start = final.mutualSilenceStart
        }
        if let start, silenceAlerted != start {
            silenceAlerted = start  // a silence while the customer is unheard is no dead air, now or later
            if !unheard.holdsAlerts { fire(.silenceGap, start: start, at: mediaFrame) }
        }
    }

    /// An agent interruption, as soon as it is certain: from the analyzer, or earlier when the agent's
    /// open speech already outlasts a backchannel and overlaps the customer enough (speech that may yet be
    /// dropped, too short or a distant voice, does not count).
    private mutating func interruptionRule(final: ConversationSignals?, raw: RawFrame?, mediaFrame: Int) {
        var start = final?.agentInterruptionStart
        if start == nil, let final, let raw, raw.agentCounts, let segment = final.agentSegmentStart,
            raw.agentOpenSegmentStart == segment, final.agentStartedInsideCustomer,
            raw.frame + 1 - segment > conversation.backchannelMaxFrames,
            final.agentOverlapFrames + recent.customerFrames >= conversation.interruptionMinOverlapFrames
        {
            start = segment
        }
        if let start, interruptionAlerted != start {
            interruptionAlerted = start
            fire(
                .agentInterrupts, start: start, at: mediaFrame, phase: coach.tagCutIn(at: start) ? .opening : nil)
        }
    }

    /// An agent interruption the analyzer decided at the end of the input (see `ConversationAnalyzer.finish`).
    /// - Parameters:
    ///   - start: the frame the interrupting agent segment starts at (the alert's `startFrame`); no alert when
    ///     this interruption has already been alerted.
    ///   - mediaFrame: the input consumed so far, in frames (the alert's `t`).
    public mutating func agentInterruptedAtEnd(start: Int, mediaFrame: Int) {
        guard interruptionAlerted != start else { return }
        interruptionAlerted = start
        fire(.agentInterrupts, start: start, at: mediaFrame, phase: coach.tagCutIn(at: start) ? .opening : nil)
    }

    /// An agent monologue reaching the threshold while the agent speaks now. Once per monologue.
    private mutating func monologueRule(final: ConversationSignals?, raw: RawFrame?, mediaFrame: Int) {
        guard let final, final.agentMonologueFrames > 0 else { return }
        let start = final.agentMonologueStart
        let speakingNow = raw?.agentActive ?? true
        let length = (raw?.frame ?? final.frame) + 1 - start
        if speakingNow, length >= configuration.monologueFrames, monologueAlerted != start {
            monologueAlerted = start
            fire(.agentMonologue, start: start, at: mediaFrame)
        }
    }

    /// Agent share over the window (final frames plus the newest decisions) crossing the threshold.
    private mutating func dominanceRule(mediaFrame: Int) {
        guard twoParties, !unheard.holdsAlerts else { return }
        let c = configuration
        let talk = windowTalkFrames
        guard talk >= max(1, c.dominanceMinTalkFrames) else { return }
        let share = Double(windowAgentFrames) / Double(talk)
        if dominanceArmed && share > c.dominanceShare {
            dominanceArmed = false
            fire(.agentDominates, start: max(0, newestFrame + 1 - window.frameCount - recent.count), at: mediaFrame)
        } else if !dominanceArmed && share < c.dominanceRearmShare {
            dominanceArmed = true
        }
    }
}
