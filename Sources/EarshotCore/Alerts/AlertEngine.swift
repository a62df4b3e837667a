/// Applies the live alert rules to the analyzer's per-frame signals.
///
/// Fixed-size state (the dominance window is allocated once); the alert list grows by one element per
/// alert, from a reserve.
public struct AlertEngine: ~Copyable {
    /// Thresholds in use.
    public let configuration: AlertConfiguration
    /// Alerts fired so far, in firing order.
    public private(set) var alerts: [Alert] = []
    private var window: DominanceWindow
    private var dominanceArmed = true
    private var monologueAlerted: Int?

    /// - Parameter configuration: thresholds.
    public init(configuration: AlertConfiguration = .standard) {
        self.configuration = configuration
        window = DominanceWindow(capacity: configuration.dominanceWindowFrames)
        alerts.reserveCapacity(1_024)
    }

    /// Evaluates every rule for one frame of signals; `mediaFrame` is the input consumed so far (the
    /// alert's `t`). Constant work.
    public mutating func process(_ signals: ConversationSignals, mediaFrame: Int) {
        let c = configuration
        if let start = signals.agentInterruptionStart {
            alerts.append(Alert(rule: .agentInterrupts, firedFrame: mediaFrame, startFrame: start))
        }
        if signals.mutualSilenceFrames == c.silenceFrames {
            alerts.append(Alert(rule: .silenceGap, firedFrame: mediaFrame, startFrame: signals.mutualSilenceStart))
        }
        if signals.agentMonologueFrames >= c.monologueFrames, monologueAlerted != signals.agentMonologueStart {
            monologueAlerted = signals.agentMonologueStart
            alerts.append(Alert(rule: .agentMonologue, firedFrame: mediaFrame, startFrame: signals.agentMonologueStart))
        }
        window.push(agent: signals.agentActive, customer: signals.customerActive)
        let talk = window.agentFrames + window.customerFrames
        guard talk >= c.dominanceMinTalkFrames, talk > 0 else { return }
        let share = Double(window.agentFrames) / Double(talk)
        if dominanceArmed && share > c.dominanceShare {
            dominanceArmed = false
            let start = signals.frame + 1 - window.frameCount
            alerts.append(Alert(rule: .agentDominates, firedFrame: mediaFrame, startFrame: start))
        } else if !dominanceArmed && share < c.dominanceRearmShare {
            dominanceArmed = true
        }
    }
}
