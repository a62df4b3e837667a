import EarshotCore
import Foundation
import Testing

@testable import earshot

@Suite("The text report")
struct ReportTextTests {
    static func report(_ sample: String) throws -> Report {
        let result = try EarshotProcess.run(["analyze", "--format", "json", EarshotProcess.sample(sample)])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return try #require(ReportDecoder.report(from: object))
    }

    @Test("lost capture is listed with its total and times, the first ten stretches shown")
    func lostCapture() throws {
        var report = try Self.report("call-01-calm.wav")
        #expect(!ReportText.render(report, file: "call").contains("lost capture"))

        let frame = { (seconds: Double) in Int((seconds / FrameClock.seconds(ofFrame: 1)).rounded()) }
        report.lostCapture = [frame(1.5)..<frame(2.46)]
        let one = ReportText.render(report, file: "call").split(separator: "\n", omittingEmptySubsequences: false)
        let at = try #require(one.firstIndex(of: "lost capture  1.0 s in 1 stretch, not analysed"), "\(one)")
        #expect(one[at + 1] == "  0:01.5-0:02.5")
        #expect(at + 2 == one.count || one[at + 2] == "", "one stretch, one line")

        report.lostCapture = (0..<12).map { frame(Double($0) * 2)..<frame(Double($0) * 2 + 0.5) }
        let twelve = ReportText.render(report, file: "call").split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(twelve.firstIndex(of: "lost capture  6.0 s in 12 stretches, not analysed"))
        #expect(twelve[start + 1] == "  0:00.0-0:00.5")
        #expect(twelve[start + 10] == "  0:18.0-0:18.5")
        #expect(twelve[start + 11] == "  and 2 more")
    }

    @Test("a long call's events and alerts are listed up to 50, then counted; times from an hour on are h:mm:ss.s")
    func longCall() throws {
        var report = try Self.report("call-02-interruptions.wav")
        let event = try #require(report.events.first)
        report.events = (0..<60).map { _ in event }
        let alert = try #require(report.alerts.first)
        report.alerts = (0..<51).map { _ in alert }
        let lines = ReportText.render(report, file: "call").split(separator: "\n")
        #expect(lines.contains("  and 10 more (--format json lists them all)"))
        #expect(lines.contains("  and 1 more (--format json lists them all)"))
        #expect(ReportText.clock(59.95) == "1:00.0")
        #expect(ReportText.clock(3_599.95) == "1:00:00.0")
        #expect(ReportText.clock(36_061.2) == "10:01:01.2")
    }

    @Test("lengths from a minute on read in minutes and hours, not as thousands of seconds")
    func longLengths() throws {
        let cases: [(Double, String)] = [
            (18.94, "18.9 s"), (59.94, "59.9 s"), (59.96, "1 min 00.0 s"), (1_604.5, "26 min 44.5 s"),
            (3_599.94, "59 min 59.9 s"), (3_599.96, "1 h 00 min 00 s"), (3_918.25, "1 h 05 min 18 s"),
            (36_061.2, "10 h 01 min 01 s"), (3_600.45, "1 h 00 min 00 s"),  // from the value, not from its tenths
        ]
        for (seconds, text) in cases { #expect(ReportText.duration(seconds) == text, "\(seconds)") }
        var report = try Self.report("call-02-interruptions.wav")
        report.summary.agentTalkSeconds = 1_604.5
        report.summary.customerTalkSeconds = 3_918.25
        report.summary.silenceSeconds = 75
        report.summary.longestUnacknowledgedSeconds = 100
        let lines = ReportText.render(report, file: "call").split(separator: "\n")
        #expect(lines.contains("talk                26 min 44.5 s  1 h 05 min 18 s"), "\(lines)")
        #expect(lines.contains("silence             1 min 15.0 s"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("unacknowledged      longest 1 min 40.0 s; ") }, "\(lines)")
        // What the file reader found reads so too, beside the header's length of the call.
        let cut = RecordingQuality(
            crosstalk: [], channels: [], sameAudioShare: 0,
            findings: [.truncated(declaredSeconds: 3_918.25, foundSeconds: 2_343.7)])
        let said = QualityText.sentences(cut, sharing: true).joined()
        #expect(said.contains("ends after 39 min 03.7 s although its header declares 1 h 05 min 18 s"), "\(said)")
        let few = RecordingQuality(
            crosstalk: [], channels: [], sameAudioShare: 0,
            findings: [.truncated(declaredSeconds: 125, foundSeconds: 124.995)])
        let fine = QualityText.sentences(few, sharing: true).joined()
        #expect(fine.contains("ends after 2 min 04.995 s although its header declares 2 min 05.000 s"), "\(fine)")
        let hour = RecordingQuality(
            crosstalk: [], channels: [], sameAudioShare: 0,
            findings: [.truncated(declaredSeconds: 3_605, foundSeconds: 3_604.995)])
        let hourSaid = QualityText.sentences(hour, sharing: true).joined()
        #expect(hourSaid.contains("ends after 1 h 00 min 04.995 s although its header declares 1 h 00 min 05.000 s"))
        // Past an hour whole seconds are shown: 0.3 s short is said to the millisecond (review F: "less than a
        // millisecond before the 1 h 00 min 05 s").
        let tenths = RecordingQuality(
            crosstalk: [], channels: [], sameAudioShare: 0,
            findings: [.truncated(declaredSeconds: 3_605, foundSeconds: 3_604.7)])
        let tenthsSaid = QualityText.sentences(tenths, sharing: true).joined()
        // The same for a file that cannot be decoded to its end (review G: "past 30.2 s of the 30.2 s it declares").
        let damaged = RecordingQuality(
            crosstalk: [], channels: [], sameAudioShare: 0,
            findings: [.undecodable(atSeconds: 30.21, fileSeconds: 30.2126, reason: "unexpected end of data")])
        let damagedSaid = QualityText.sentences(damaged, sharing: true).joined()
        #expect(damagedSaid.contains("cannot be decoded past 30.210 s of the 30.213 s it declares"), "\(damagedSaid)")
        let lastBit = RecordingQuality(
            crosstalk: [], channels: [], sameAudioShare: 0,
            findings: [.undecodable(atSeconds: 30.2083, fileSeconds: 30.20837, reason: "unexpected end of data")])
        let lastSaid = QualityText.sentences(lastBit, sharing: true).joined()
        #expect(
            lastSaid.contains("cannot be decoded in the last millisecond of the 30.208 s it declares"), "\(lastSaid)")
        #expect(
            tenthsSaid.contains("ends after 1 h 00 min 04.700 s although its header declares 1 h 00 min 05.000 s"),
            "\(tenthsSaid)")
    }

    @Test("at the end of a live or replay session the text report lists the newest 50, the earlier counted")
    func newestListed() throws {
        var report = try Self.report("call-02-interruptions.wav")
        let event = try #require(report.events.first)
        report.events = (0..<60).map { i in
            var copy = event
            copy.startFrame = i * 100
            copy.endFrame = i * 100 + 50
            return copy
        }
        let lines = ReportText.render(report, file: "call", newest: true).split(separator: "\n").map(String.init)
        let title = try #require(lines.firstIndex(of: "events"))
        #expect(lines[title + 1] == "  10 earlier not shown (a --report file holds them all)")
        #expect(lines[title + 2].hasPrefix("  0:10.0-0:10.5"), "the 11th event first: \(lines[title + 2])")
        #expect(lines[title + 51].hasPrefix("  0:59.0-0:59.5"), "the last one last: \(lines[title + 51])")
        let first = ReportText.render(report, file: "call").split(separator: "\n").map(String.init)
        #expect(first[try #require(first.firstIndex(of: "events")) + 1].hasPrefix("  0:00.0-0:00.5"))
    }

    @Test("a dead-air alert for the silence after the last word says no gap is counted, in the text view and the page")
    func endingSilenceAlert() throws {
        var report = try Self.report("call-02-interruptions.wav")
        let gap = try #require(report.events.first { $0.kind == .silenceGap })
        // The call's own gap keeps its plain advice; one raised by silence no speech ended (review C: 21 of 42 reports
        // listed one beside "silence gaps 0") says it is not counted.
        let end = Int(report.durationSeconds * 100)
        report.alerts.append(Alert(rule: .silenceGap, firedFrame: end, startFrame: end - 300))
        let text = ReportText.render(report, file: "call").split(separator: "\n").map(String.init)
        let alerts = text.filter { $0.contains("silence_gap (since") }
        #expect(alerts.count == 2, "\(text)")
        #expect(
            alerts.first { $0.contains(ReportText.clock(FrameClock.seconds(ofFrame: gap.startFrame))) }?
                .hasSuffix(": dead air") == true, "\(alerts)")
        #expect(alerts.last?.hasSuffix(": dead air (the silence at the end: no gap counted)") == true, "\(alerts)")
        let page = HTMLReport.callPage(HTMLCall(file: "call", agent: nil, report: report))
        #expect(page.components(separatedBy: "dead air (the silence at the end: no gap counted)").count == 2)
    }

    @Test("the text view and the call page word the opening account alike: where it lies, whether it was interrupted")
    func openingAccountWording() throws {
        var report = try Self.report("call-03-monologue.wav")
        report.openingAccount = 2_350..<3_410
        for (interrupted, words) in [
            (true, "10.6 s (0:23.5-0:34.1), interrupted by the agent, 0 nod(s)"),
            (false, "10.6 s (0:23.5-0:34.1), not interrupted, 2 nod(s)"),
        ] {
            report.summary.openingAccountSeconds = 10.6
            report.summary.openingInterrupted = interrupted
            report.summary.openingNods = interrupted ? 0 : 2
            let text = ReportText.render(report, file: "call").split(separator: "\n")
            #expect(text.contains { $0.hasPrefix("opening account") && $0.hasSuffix(" " + words) }, "\(text)")
            #expect(HTMLReport.callPage(HTMLCall(file: "call", agent: nil, report: report)).contains(words))
        }
    }

    @Test("a plain alert line carries the advice the terminal view gives, the opening account's too")
    func plainAlertLine() throws {
        let cutIn = Alert(rule: .agentInterrupts, firedFrame: 5_634, startFrame: 5_116, phase: .opening)
        #expect(
            PlainLinesOutput.line(cutIn, offsetSeconds: 0)
                == "0:56.3  ALERT agent_interrupts (since 0:51.2): let them finish their story")
        // The text report words the opening's cut-in as the live views advise.
        var report = try Self.report("call-03-monologue.wav")
        report.alerts = [cutIn]
        #expect(
            ReportText.render(report, file: "call").split(separator: "\n").contains(
                "  0:56.3  agent_interrupts (since 0:51.2): let them finish their story"))
        let later = Alert(rule: .agentInterrupts, firedFrame: 5_634, startFrame: 5_116)
        #expect(
            PlainLinesOutput.line(later, offsetSeconds: 30)
                == "1:26.3  ALERT agent_interrupts (since 1:21.2): you cut in on the customer")
        let gap = Alert(rule: .silenceGap, firedFrame: 900, startFrame: 600)
        #expect(PlainLinesOutput.line(gap, offsetSeconds: 0) == "0:09.0  ALERT silence_gap (since 0:06.0): dead air")
        // Every alert of the text report reads as its plain line, advice and all, without the "ALERT" (and, for a
        // dead air no gap of the report's is beside, as this one, what the finished call knows of it).
        report.alerts = [later, gap]
        let lines = ReportText.render(report, file: "call").split(separator: "\n").map(String.init)
        for alert in report.alerts {
            let plain = PlainLinesOutput.line(alert, offsetSeconds: 0).replacingOccurrences(of: "ALERT ", with: "")
            #expect(lines.contains { $0.hasPrefix("  " + plain) }, "\(lines)")
        }
        // The dominance alert's start is its window's: the span its share was judged over, not a "since".
        let dominates = Alert(rule: .agentDominates, firedFrame: 3_530, startFrame: 0)
        #expect(
            PlainLinesOutput.line(dominates, offsetSeconds: 0)
                == "0:35.3  ALERT agent_dominates (over 0:00.0-0:35.3): you are doing most of the talking")
    }

    @Test("a mono report shows '-' for what needs two parties, floor switches too")
    func monoDashes() throws {
        var report = try Self.report("call-01-calm.wav")
        report = Report(
            sampleRate: report.sampleRate, channelCount: 1, sampleCount: report.sampleCount, roles: [.agent: 0],
            segments: [], events: [], alerts: [], summary: report.summary, lostCapture: [], unacknowledged: [],
            openingAccount: nil, quality: .none, thresholds: report.thresholds)
        let text = ReportText.render(report, file: "mono")
        #expect(text.contains("floor switches      -"), "\(text)")
        #expect(text.split(separator: "\n").allSatisfy { !$0.hasSuffix(" ") }, "no trailing spaces: \(text)")
    }

    @Test("only each party's own figures stand in the party columns; the call's and the agent's listening follow apart")
    func sections() throws {
        let text = ReportText.render(try Self.report("call-02-interruptions.wav"), file: "call")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let call = try #require(lines.firstIndex(of: "call"), "\(text)")
        let listening = try #require(lines.firstIndex(of: "agent listening"), "\(text)")
        let table = lines[1..<call]
        #expect(
            table.allSatisfy { !$0.hasPrefix("agent share") && !$0.hasPrefix("overlap") && !$0.hasPrefix("silence") })
        #expect(table.contains { $0.hasPrefix("interruptions       ") })
        for name in ["agent share", "overlap", "silence", "silence gaps", "response gap", "floor switches"] {
            let at = try #require(lines.firstIndex { $0.hasPrefix(ReportText.pad(name, 20)) }, "\(name)")
            #expect(at > call && at < listening, "\(name)")
        }
        #expect(
            lines[(listening + 1)...].prefix(3).map { String($0.prefix(16)) } == [
                "verbal nods     ", "unacknowledged  ", "opening account ",
            ])
        #expect(lines.allSatisfy { !$0.hasSuffix(" ") }, "no trailing spaces")
    }

    @Test("a file name is printed, not obeyed: control characters show as ?")
    func controlCharacters() throws {
        let report = try Self.report("call-01-calm.wav")
        let text = ReportText.render(report, file: "evil\u{1B}[31mRED\nline2.wav")
        #expect(text.hasPrefix("evil?[31mRED?line2.wav  0:55.9"), "\(text.prefix(60))")
        #expect(!text.contains("\u{1B}"))
        // A right-to-left override would show "call-\u{202E}vaw.exe" as "call-exe.wav": shown as ?, as are the
        // isolates; other letters of other scripts stay.
        #expect(ReportText.printable("call-\u{202E}vaw.exe") == "call-?vaw.exe")
        #expect(ReportText.printable("a\u{2067}b\u{2069}") == "a?b?")
        #expect(ReportText.printable("שיחה-é-通話.wav") == "שיחה-é-通話.wav")
    }

    @Test("the view draws with ASCII outside a UTF-8 locale")
    func locale() {
        #expect(TerminalView.localeIsUTF8(["LANG": "C.UTF-8"]))
        #expect(TerminalView.localeIsUTF8(["LC_ALL": "", "LANG": "de_DE.utf8"]))
        #expect(!TerminalView.localeIsUTF8(["LC_ALL": "C", "LANG": "en_US.UTF-8"]))
        #expect(!TerminalView.localeIsUTF8([:]))
    }
}
