import Foundation
import Testing

/// The live view's counts as a terminal shows them, frame by frame, against the alerts and the report
/// (`earshot replay --speed max` under `script`, as in `TerminalViewTests`).
@Suite("The terminal view's counts")
struct TerminalViewCountsTests {
    /// The silence-gap count on `frame`'s counts line ("interruptions ... silence gaps N ...").
    private static func silenceGapCount(in frame: [String]) throws -> Int {
        let line = try #require(frame.first { $0.hasPrefix("interruptions") }, "\(frame)")
        let gaps = try Regex("silence.gaps.([0-9]+)")
        return try #require(line.firstMatch(of: gaps)?.output[1].substring.flatMap { Int($0) }, "\(line)")
    }

    @Test("every frame lists as many of the latest alerts as its count says, up to three")
    func alertCountMatchesList() throws {
        let frames = try TerminalViewTests.frames(replaying: EarshotProcess.sample("call-02-interruptions.wav"))
        var counts: [Int] = []
        for frame in frames {
            let header = try #require(frame.firstIndex { $0.hasPrefix("alerts (") }, "\(frame)")
            let count = try #require(Int(frame[header].dropFirst("alerts (".count).prefix { $0.isNumber }))
            let listed = frame[(header + 1)...].prefix(3).filter { !$0.isEmpty }.count
            #expect(listed == min(count, 3), "frame \(frame)")
            // The clock has reached every alert it lists (an alert drawn at once showed the last status's time).
            let clock = try Regex("[0-9]+:[0-9]{2}\\.[0-9]")
            let seconds = { (line: String) -> Double? in
                (line.firstMatch(of: clock).map { String(line[$0.range]) }).map { text in
                    let parts = text.split(separator: ":")
                    return Double(parts[0])! * 60 + Double(parts[1])!
                }
            }
            let now = try #require(seconds(frame[0]), "\(frame[0])")
            let fired = frame[(header + 1)...].prefix(3).compactMap(seconds)
            #expect(fired.allSatisfy { $0 <= now + 0.001 }, "clock \(now), alerts \(fired)")
            counts.append(count)
        }
        // The sample has agent interruptions, each drawn the moment its alert fires.
        #expect((counts.max() ?? 0) >= 3)
        #expect(counts == counts.sorted())
    }

    @Test("a dead air counts among the silence gaps from its alert on, not only once the gap has ended")
    func deadAirCountedAtItsAlert() throws {
        let frames = try TerminalViewTests.frames(replaying: EarshotProcess.sample("call-02-interruptions.wav"))
        // The sample's one silence gap (0:23.1-0:27.1) is alerted at 0:26.2, before it ends.
        let alerted = frames.filter { frame in frame.contains { $0.contains("silence_gap") } }
        #expect(!alerted.isEmpty)
        for frame in alerted { #expect(try Self.silenceGapCount(in: frame) == 1, "\(frame)") }
    }

    @Test("a dead air the call ends in counts while it lasts; the closing frame's counts are the report's")
    func closingFrameCountsAsTheReport() throws {
        // call-02 and 6 s of digital silence after it: a hang-up's silence, alerted as dead air, no gap between speech.
        let file = Scratch.url("view-trailing-silence.wav").path
        try SampleAudio.withTrailingSilence("call-02-interruptions.wav", seconds: 6, to: file)
        let frames = try TerminalViewTests.frames(replaying: file)
        let report = try JSONFile.object(
            from: try EarshotProcess.run(["analyze", "--format", "json", file]).stdout)
        let summary = try #require(report["summary"] as? [String: Any])
        let gapsInReport = try #require(summary["silence_gaps"] as? Int)
        let alerts = try #require(report["alerts"] as? [[String: Any]])
        #expect(alerts.filter { $0["rule"] as? String == "silence_gap" }.count == gapsInReport + 1)
        let counts = try frames.map(Self.silenceGapCount(in:))
        #expect(counts.contains(gapsInReport + 1), "the final silence counted while it lasts: \(counts)")
        #expect(counts.last == gapsInReport, "the closing frame: \(counts.suffix(3))")
    }

    @Test("a mono recording shows no interruption or backchannel counts")
    func monoShowsNoCounts() throws {
        let mono = Scratch.url("terminal-mono.wav").path
        try SampleAudio.firstChannel(of: "call-03-monologue.wav", to: mono)
        let frames = try TerminalViewTests.frames(replaying: mono)
        #expect(!frames.isEmpty)
        for frame in frames {
            #expect(frame.contains { $0.hasPrefix("interruptions  -   silence gaps ") }, "\(frame)")
            #expect(frame.contains { $0 == "backchannels   -" }, "\(frame)")
            #expect(!frame.contains { $0.contains("customer") && $0.hasPrefix("earshot") }, "\(frame)")
        }
        // On a narrow terminal the line goes on over two, its one figure whole (it was cut at "silence ga").
        let narrow = try #require(try TerminalViewTests.frames(replaying: mono, columns: 30).last)
        let gaps = try Regex("silence gaps [0-9]+")
        #expect(narrow.contains { $0.contains(gaps) }, "\(narrow)")
    }

    @Test("plain status lines count an agent's cut-in from its alert on, as the view does")
    func plainLinesCountAlertedCutIns() throws {
        // Not a terminal: plain lines, a status each 10 s of media; call-02's agent cuts in at 12.6, 48.7 and 55.0 s.
        let result = try EarshotProcess.run(
            ["replay", "--speed", "max", EarshotProcess.sample("call-02-interruptions.wav")])
        #expect(result.status == 0, "\(result.stderr)")
        let count = try Regex("interruptions by agent ([0-9]+)")
        var alerted = 0
        var statuses = 0
        for line in result.stdout.split(separator: "\n") {
            if line.contains("ALERT agent_interrupts") { alerted += 1 }
            guard let match = line.firstMatch(of: count) else { continue }
            statuses += 1
            #expect(Int(match.output[1].substring ?? "") ?? -1 >= alerted, "\(line) after \(alerted) alerts")
        }
        #expect(alerted == 3 && statuses >= 5, "\(result.stdout.prefix(2_000))")
    }

    @Test("the plain lines' final status line, at the end, gives the report's figures, once")
    func plainClosingStatus() throws {
        // call-01 is 55.9 s long: its last 10 s status came at 50.2 s, before its last words were settled.
        let file = EarshotProcess.sample("call-01-calm.wav")
        let result = try EarshotProcess.run(["replay", "--speed", "max", file])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try EarshotProcess.run(["analyze", "--format", "json", file])
        let summary = try #require(JSONFile.object(from: report.stdout)["summary"] as? [String: Any])
        let share = Int(((summary["agent_share"] as? Double ?? -1) * 100).rounded())
        let lines = result.stdout.split(separator: "\n").filter { $0.contains("status: ") }
        let last = try #require(lines.last)
        #expect(last.hasPrefix("0:55.9  final status: agent share \(share) %"), "\(last)")
        #expect(last.contains("silence gaps \(summary["silence_gaps"] as? Int ?? -1)"), "\(last)")
        #expect(lines.filter { $0.contains("final status") }.count == 1, "\(lines)")
    }
}
