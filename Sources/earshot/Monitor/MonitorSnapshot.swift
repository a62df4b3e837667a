import EarshotCore

/// The running state shown in the view and in `status` lines.
struct MonitorSnapshot: Sendable {
    var mediaSeconds: Double
    var agentSpeaking: Bool
    var customerSpeaking: Bool
    /// Whether there is a customer channel (false for a mono recording: no interruptions or backchannels).
    var twoParties: Bool
    var summary: Summary
    var recentAgentShare: Double?
    /// Talk (agent plus customer) behind `recentAgentShare`, in seconds.
    var recentTalkSeconds: Double
    var recentAlerts: [Alert]
    /// Agent interruptions alerted so far (they are counted before the interrupting turn has ended).
    var agentInterruptionsAlerted: Int
    /// Whether the newest dead-air alert's silence is not yet among the settled silence gaps (the alert fires while
    /// the gap goes on; the gap is counted once speech has ended it, and one the call ends in never is).
    var deadAirPending: Bool
    /// Seconds since the agent's last speech while the customer is talking, else nil.
    var agentQuietSecondsWhileCustomerTalks: Double?
    /// The party whose channel has not been heard so far (`Engine.unheardParty`): for the customer, dead air and
    /// talk-share alerts are held meanwhile.
    var unheard: Role?
    var stats: CaptureStats?
    /// The session's last status, after the engine finished: its summary is the report's.
    var closing = false

    /// The silence gaps the view and plain lines show: a dead air counts from its alert on; the closing status says
    /// what the report says (a silence the call ends in is no gap between speech).
    var silenceGapsShown: Int { summary.silenceGaps + (deadAirPending && !closing ? 1 : 0) }

    /// The agent interruptions the view and plain lines show: a cut-in counts from its alert on, before it has
    /// ended; the closing status gives the report's count.
    var agentInterruptionsShown: Int { max(summary.interruptionsByAgent, closing ? 0 : agentInterruptionsAlerted) }

    /// Media seconds with no speech at all after which the view says so (`nobodyHeard`).
    static let nobodyHeardSeconds = 10.0

    /// Whether any speech has been heard in the session so far, on any channel (set by the session; once true, true).
    var someoneHeard = true

    /// Whether no speech has been heard on any channel in the first `nobodyHeardSeconds` and since: a silent
    /// device, a muted headset, the wrong device (`unheard` names one party only while the other talks).
    var nobodyHeard: Bool { mediaSeconds >= Self.nobodyHeardSeconds && !someoneHeard }

    /// Who is unheard, as the JSON status says it: "agent" or "customer", "both" (a mono call: "agent") when
    /// nobody has been heard, nil when everyone has.
    var unheardName: String? {
        if nobodyHeard { return twoParties ? "both" : Role.agent.rawValue }
        return unheard?.rawValue
    }

    /// The view's and plain lines' warning while a party, or everyone, is unheard.
    var unheardWarning: String? {
        if nobodyHeard {
            return "no speech heard on \(twoParties ? "either channel" : "the channel") for "
                + "\(Int(mediaSeconds.rounded(.down))) s (muted, or the wrong device?)"
        }
        return unheard.map {
            "\($0.rawValue) channel: no speech heard so far (muted, or the wrong device?)"
                + ($0 == .customer ? "; dead-air and talk-share alerts held" : "")
        }
    }

    /// Takes in `alert` as it fires, before the next status: it is listed and counted at once, the clock moves on to
    /// it, and a dead air ends the customer's turn (the timer of their talk without a word from the agent went on
    /// in the frame that raised it, 3 s of silence in).
    mutating func add(_ alert: Alert) {
        recentAlerts = Array((recentAlerts + [alert]).suffix(3))
        if alert.rule == .agentInterrupts { agentInterruptionsAlerted += 1 }
        if alert.rule == .silenceGap {
            deadAirPending = true
            agentQuietSecondsWhileCustomerTalks = nil
        }
        mediaSeconds = max(mediaSeconds, FrameClock.seconds(ofFrame: alert.firedFrame))
    }
}
