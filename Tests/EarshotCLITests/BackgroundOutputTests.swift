import EarshotCore
import Foundation
import Testing

@testable import earshot

@Suite("Live output on its own thread")
struct BackgroundOutputTests {
    /// An output that records what reaches it, and whose first event waits until the test lets it go (as a
    /// write to a paused terminal waits).
    final class StalledOutput: MonitorOutput, @unchecked Sendable {
        var offsetSeconds = 0.0
        let released = DispatchSemaphore(value: 0)
        private(set) var received: [String] = []

        func event(_ event: ConversationEvent, mediaSeconds: Double) {
            if released.wait(timeout: .now() + 10) == .timedOut { Issue.record("the first write was never released") }
            received.append("event")
        }
        func alert(_ alert: Alert) { received.append("alert \(alert.rule.rawValue)") }
        func status(_ snapshot: MonitorSnapshot) { received.append("status \(snapshot.mediaSeconds)") }
        func finish(_ report: Report, file: String, stats: CaptureStats?) { received.append("finish") }
    }

    @Test("a stalled output holds up nothing; events and alerts arrive in order, with the newest status only")
    func stalledOutput() throws {
        let inner = StalledOutput()
        let output = BackgroundOutput(inner)
        let report = Engine(format: try StreamFormat(sampleRate: 8_000, channelCount: 2)).finish()
        let snapshot = { (seconds: Double) in
            MonitorSnapshot(
                mediaSeconds: seconds, agentSpeaking: false, customerSpeaking: false, twoParties: true,
                summary: report.summary, recentAgentShare: nil, recentTalkSeconds: 0, recentAlerts: [],
                agentInterruptionsAlerted: 0, deadAirPending: false,
                agentQuietSecondsWhileCustomerTalks: nil, stats: nil)
        }
        output.event(ConversationEvent(kind: .backchannel, by: .agent, startFrame: 0, endFrame: 10), mediaSeconds: 1)
        output.status(snapshot(1))
        output.status(snapshot(2))
        output.alert(Alert(rule: .silenceGap, firedFrame: 300, startFrame: 0))
        output.status(snapshot(3))
        // Every call came back although the first write is still waiting.
        #expect(inner.received.isEmpty)
        inner.released.signal()
        output.finish(report, file: "call", stats: nil)
        // Status 2 replaced 1 and went out before the alert that came after it; status 3 after the alert.
        #expect(inner.received == ["event", "status 2.0", "alert silence_gap", "status 3.0", "finish"])
    }
}
