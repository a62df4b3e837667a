/// The party whose channel the call has not heard so far, if any: one with speech of its own on under 0.5 % of the
/// frames once 30 s have passed, while the other party has five times that (the speech rule of the report's
/// `silentChannel`, `QualityMonitor`, followed frame by frame; at most one party at a time). A muted or miswired
/// channel turns the other party's every turn into dead air and the call into one party's talk, so while a party
/// is unheard the alerts that read its silence as the call's are held. The report's level rule (under -75 dBFS
/// after 10 s) is not used live: a clean line is that quiet before its party's first words, and a real dead air
/// then is one. Fixed-size state; real-time safe.
struct UnheardParty {
    private var frames = 0
    private var agentFrames = 0
    private var customerFrames = 0
    /// The party unheard after the last final frame, if any.
    private(set) var role: Role?

    /// Takes the analyzer's signals for the frame that became final (their speech is the report's).
    mutating func update(_ final: ConversationSignals) {
        frames &+= 1
        if final.agentActive { agentFrames &+= 1 }
        if final.customerActive { customerFrames &+= 1 }
        role =
            speechless(agentFrames, other: customerFrames)
            ? .agent : speechless(customerFrames, other: agentFrames) ? .customer : nil
    }

    private func speechless(_ own: Int, other: Int) -> Bool {
        let share = QualityMonitor.silentSpeechShare * Double(frames)
        return frames >= QualityMonitor.silentSpeechMinFrames && Double(own) < share && Double(other) >= 5 * share
    }
}
