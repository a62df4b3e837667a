import EarshotCore
import Foundation
import Testing

@testable import earshot

/// How the live view lays out a frame: what a short or narrow terminal keeps, wrapping, cutting and colours.
@Suite("The terminal view's layout")
struct TerminalViewLayoutTests {
    @Test("a frame too tall for the terminal loses blank lines, then older alerts and lesser figures, never its state")
    func fitToRows() {
        let frame = [
            ViewLine("header", 0), ViewLine("share", 2), ViewLine("recent", 7), ViewLine("interruptions", 2),
            ViewLine("backchannels", 5), ViewLine("", 10), ViewLine("alerts (5):", 4), ViewLine("newest", 3),
            ViewLine("second", 6), ViewLine("third", 9), ViewLine("capture: NO AUDIO for 3 s", 1),
        ]
        #expect(TerminalView.fit(frame, rows: 11) == frame.map(\.text))
        #expect(
            TerminalView.fit(frame, rows: 8)
                == [
                    "header", "share", "interruptions", "backchannels", "alerts (5):", "newest", "second",
                    "capture: NO AUDIO for 3 s",
                ])
        #expect(TerminalView.fit(frame, rows: 3) == ["header", "share", "capture: NO AUDIO for 3 s"])
        // The newest alert outlasts the line that counts the alerts.
        #expect(
            TerminalView.fit(frame, rows: 6)
                == ["header", "share", "interruptions", "alerts (5):", "newest", "capture: NO AUDIO for 3 s"])
        #expect(
            TerminalView.fit(frame, rows: 5) == [
                "header", "share", "interruptions", "newest", "capture: NO AUDIO for 3 s",
            ])
        #expect(TerminalView.fit(frame, rows: 0) == ["header"])
        // A line wrapped over more goes whole, never its last words alone (review L: "let them finish their").
        let wrapped = [
            ViewLine("header", 0), ViewLine("share", 2), ViewLine("0:13.7  agent_interrupts:", 3),
            ViewLine("    let them finish their", 3, continues: true), ViewLine("    story", 3, continues: true),
            ViewLine("0:10.1  silence_gap:", 6), ViewLine("    dead air", 6, continues: true), ViewLine("capture", 1),
        ]
        #expect(TerminalView.fit(wrapped, rows: 7) == ["header", "share"] + wrapped[2...4].map(\.text) + ["capture"])
        #expect(TerminalView.fit(wrapped, rows: 5) == ["header", "share", "capture"])
        // Two lines of one rank are two lines: the capture state outlasts its counts (review R: both went).
        let lost = [
            ViewLine("header", 0), ViewLine("share", 2), ViewLine("capture: DEVICE LOST, retrying", 1),
            ViewLine("    overruns 0, dropped", 1), ViewLine("    0 frames", 1, continues: true),
        ]
        #expect(TerminalView.fit(lost, rows: 2) == ["header", "capture: DEVICE LOST, retrying"])
        // A wrapped warning goes whole (review S: half of it stayed), as wrapped counts do.
        let warned = [
            ViewLine("header", 0), ViewLine("customer channel: no speech", 1),
            ViewLine("    heard so far", 1, continues: true), ViewLine("share", 2),
            ViewLine("capture: overruns 0, dropped", 1), ViewLine("    0 frames", 1, continues: true),
        ]
        #expect(TerminalView.fit(warned, rows: 3) == ["header", "customer channel: no speech", "    heard so far"])
        #expect(TerminalView.fit(warned, rows: 2) == ["header"])
    }

    @Test("wrapping breaks at spaces, keeps runs of spaces and the first line's indent, and indents the rest")
    func wrapLines() {
        #expect(TerminalView.wrap("short", toColumns: 10) == ["short"])
        #expect(TerminalView.wrap("a  b   c d", toColumns: 7) == ["a  b", "    c d"])
        #expect(
            TerminalView.wrap("  0:01  rule: some advice", toColumns: 14) == [
                "  0:01  rule:", "      some", "      advice",
            ])
        #expect(TerminalView.wrap("abcdefghij kl", toColumns: 5) == ["abcdefghij", "    kl"])
    }

    @Test("cutting a coloured line counts only what shows and resets a colour cut off")
    func cutColouredLine() {
        let line = "ab\u{1B}[33mcdef\u{1B}[0mgh"
        #expect(TerminalView.cut(line, toColumns: 8) == line)
        #expect(TerminalView.cut(line, toColumns: 4) == "ab\u{1B}[33mcd\u{1B}[0m")
        #expect(TerminalView.cut("● agent", toColumns: 3) == "● a")
    }

    @Test("the customer's talk is timed, whole over more lines when narrow, but not on the closing frame")
    func customerTimer() throws {
        var snapshot = MonitorSnapshot(
            mediaSeconds: 30, agentSpeaking: false, customerSpeaking: true, twoParties: true,
            summary: try ReportTextTests.report("call-01-calm.wav").summary, recentAgentShare: 0.5,
            recentTalkSeconds: 20, recentAlerts: [], agentInterruptionsAlerted: 0, deadAirPending: false,
            agentQuietSecondsWhileCustomerTalks: 12.34)
        let view = TerminalView(colour: false, bell: false)
        let text = { (columns: Int) in
            view.frame(snapshot, columns: columns).map { $0.text.trimmingCharacters(in: .whitespaces) }
                .joined(separator: " ")
        }
        #expect(text(79).contains("customer talking 12.3 s without a word from you"), "\(text(79))")
        #expect(text(30).contains("customer talking 12.3 s without a word from you"), "\(text(30))")
        // A long stretch in minutes, as the report gives the longest unacknowledged one.
        snapshot.agentQuietSecondsWhileCustomerTalks = 95.04
        #expect(text(79).contains("customer talking 1 min 35.0 s without a word from you"), "\(text(79))")
        snapshot.closing = true
        #expect(!text(79).contains("without a word from you"), "\(text(79))")
        snapshot.closing = false
        // A long loss of capture, in minutes too.
        snapshot.stats = CaptureStats(overruns: 2, droppedFrames: 0, lostSeconds: 75.04, deviceLost: false)
        #expect(text(79).contains("overruns 2, dropped 0 frames, lost 1 min 15.0 s"), "\(text(79))")
        snapshot.stats = nil
        snapshot.closing = true
        snapshot.closing = false
        snapshot.agentQuietSecondsWhileCustomerTalks = nil
        #expect(!text(79).contains("without a word from you"))
        // A dead air ends the customer's turn in the frame that raises it (review L: the timer stood beside it).
        snapshot.agentQuietSecondsWhileCustomerTalks = 5.8
        snapshot.add(Alert(rule: .silenceGap, firedFrame: 3_310, startFrame: 3_010))
        #expect(!text(79).contains("without a word from you"), "\(text(79))")
        #expect(text(79).contains("silence gaps 2") && snapshot.mediaSeconds == 33.1, "\(text(79))")
    }

    @Test("the share bar turns yellow over the alert's share only once the call has the alert's 30 s of talk")
    func shareWarning() {
        let warns = { (share: Double, talk: Double) in
            TerminalView.shareWarns(share, talkSeconds: talk, dominanceShare: 0.65, minTalkSeconds: 30)
        }
        #expect(!warns(1.0, 0.5))  // the agent's first words: 100 %, no warning yet
        #expect(!warns(0.9, 29.99))
        #expect(warns(0.9, 30))
        #expect(!warns(0.65, 300))  // at the alert's share, not over it
        #expect(warns(0.651, 300))
    }
}
