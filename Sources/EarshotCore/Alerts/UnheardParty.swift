/// The party whose channel the call has not heard, if any: one that, from 30 s into the call on, has had speech of
/// its own on under 0.5 % of the frames while the other party has five times that (the speech rule of the report's
/// `silentChannel`, `QualityMonitor`, followed frame by frame). A party with that much speech at 30 s or later has
/// been heard and stays so (a customer who said "yes" and then listened to a long script is not a dead line). A
/// muted or miswired customer channel turns every customer turn into dead air and the call into the agent's talk,
/// so while the customer is unheard the alerts that read their silence as the call's are held (`holdsAlerts`); an
/// unheard agent is only said (an agent listening in silence still gets the hint to acknowledge, and a muted
/// agent microphone leaves the customer in real dead air). The report's level rule (under -75 dBFS after 10 s) is
/// not used live: a clean line is that quiet before its party's first words. Fixed-size state; real-time safe.
struct UnheardParty {
    private var frames = 0
    private var agentFrames = 0
    private var customerFrames = 0
    private var agentHeard = false
    private var customerHeard = false
    /// The party unheard after the last final frame, if any (at most one: the rule needs the other to talk).
    private(set) var role: Role?

    /// Whether the alerts that would read the unheard party's silence as the call's are held: the customer's.
    var holdsAlerts: Bool { role == .customer }

    /// Takes the analyzer's signals for the frame that became final (their speech is the report's).
    mutating func update(_ final: ConversationSignals) {
        frames &+= 1
        if final.agentActive { agentFrames &+= 1 }
        if final.customerActive { customerFrames &+= 1 }
        guard frames >= QualityMonitor.silentSpeechMinFrames else { return }
        let agent = Double(agentFrames) / Double(frames)
        let customer = Double(customerFrames) / Double(frames)
        agentHeard = agentHeard || agent >= QualityMonitor.silentSpeechShare
        customerHeard = customerHeard || customer >= QualityMonitor.silentSpeechShare
        role =
            !agentHeard && QualityMonitor.isNearlySpeechless(share: agent, otherShare: customer)
            ? .agent
            : !customerHeard && QualityMonitor.isNearlySpeechless(share: customer, otherShare: agent) ? .customer : nil
    }
}
