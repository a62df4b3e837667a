import EarshotCore
import Foundation
import Testing

@testable import earshot

/// A long call's timeline to scale, drawn in rows of 5 minutes (in one, a 30-minute call had 1.3 px a second).
@Suite("Long-call timeline rows")
struct HTMLTimelineRowsTests {
    /// call-02's report repeated `times` times, one after the other (62.5 s each).
    static func repeated(_ times: Int) throws -> Report {
        let one = try ReportTextTests.report("call-02-interruptions.wav")
        let frames = one.sampleCount / (one.sampleRate / 100)
        var segments: [Segment] = []
        var events: [ConversationEvent] = []
        var alerts: [Alert] = []
        for k in 0..<times {
            let shift = k * frames
            segments += one.segments.map {
                Segment(
                    role: $0.role, channel: $0.channel, startFrame: $0.startFrame + shift, endFrame: $0.endFrame + shift
                )
            }
            events += one.events.map {
                ConversationEvent(
                    kind: $0.kind, by: $0.by, startFrame: $0.startFrame + shift, endFrame: $0.endFrame + shift)
            }
            alerts += one.alerts.map {
                Alert(
                    rule: $0.rule, firedFrame: $0.firedFrame + shift, startFrame: $0.startFrame + shift, phase: $0.phase
                )
            }
        }
        return Report(
            sampleRate: one.sampleRate, channelCount: 2, sampleCount: one.sampleCount * times, roles: one.roles,
            segments: segments, events: events, alerts: alerts, summary: one.summary, thresholds: one.thresholds)
    }

    @Test("a call of up to 2 minutes is drawn whole in a 1366-px laptop's window, as is each row of a long one")
    func laptopWidth() throws {
        let room = 1_366.0 - 15 - 64 - 10  // the scroll bar, the page's margins, the timeline box's
        #expect(HTMLTimeline.left + HTMLTimeline.plotWidth(seconds: 120) + HTMLTimeline.right <= room)
        let html = HTMLTimeline.pinnedAndSVG(try Self.repeated(1), id: "t")
        let widthText = try #require(html.firstMatch(of: /<svg class="tl" [^>]*width="([0-9.]+)"/)).output.1
        #expect(try #require(Double(widthText)) <= room, "\(widthText)")
        // Longer calls keep their detail (2 px a second more, scrolling under the whole call at a glance).
        #expect(HTMLTimeline.plotWidth(seconds: 300) > HTMLTimeline.plotWidth(seconds: 120) + 300)
    }

    @Test("a 31-minute call: seven rows of 5 minutes at 3.8 px a second; every mark in its row, every flag once")
    func rows() throws {
        let report = try Self.repeated(30)
        let html = HTMLTimeline.pinnedAndSVG(report, id: "t")
        let rows = html.matches(of: /<svg class="tl" .*?<\/svg>/).map { String($0.output) }
        #expect(rows.count == 7)  // 1875 s
        for (index, row) in rows.enumerated() {
            let ticks = row.matches(of: /<text class="tk"[^>]*>([^<]*)<\/text>/).map { String($0.output.1) }
            #expect(ticks.first == HTMLReport.clock(Double(index) * 300), "row \(index): \(ticks)")
            let widthText = try #require(row.firstMatch(of: /width="([0-9.]+)"/)).output.1
            let width = try #require(Double(widthText))
            // Whole in a 1366-px laptop's window: 1366 less the scroll bar, the page's margins and the box's.
            #expect(width <= 1_366 - 15 - 64 - 10, "\(width)")
        }
        let count = { (needle: String) in rows.map { $0.components(separatedBy: needle).count - 1 }.reduce(0, +) }
        // A segment across a row's end is drawn in both rows, each part to scale.
        let drawn = count("<rect class=\"sa\"") + count("<rect class=\"sc\"")
        #expect(drawn >= report.segments.count && drawn <= report.segments.count + rows.count, "\(drawn)")
        #expect(count("<rect class=\"sg\"") >= 30)
        // Each alert's flag in the row it fired in, once.
        #expect(count(" 1L") == report.alerts.count, "\(count(" 1L")) flags for \(report.alerts.count) alerts")
        // Every row as wide as a full one, the last too (printed, the page shrinks them alike).
        #expect(Set(rows.map { $0.prefix(120) }.map { String($0) }).count == 1, "\(rows.map { $0.prefix(120) })")
        // At a row's end: a flag fired at 5:00.0 drawn once, in the row it begins; a segment ending at 5:00.0 only in
        // the row it runs in; an interruption across it has its start triangle once, where it starts.
        var edge = report
        edge.alerts.append(Alert(rule: .silenceGap, firedFrame: 30_000, startFrame: 29_700))
        edge.segments.append(Segment(role: .agent, channel: 0, startFrame: 29_800, endFrame: 30_000))
        edge.events.append(ConversationEvent(kind: .interruption, by: .agent, startFrame: 29_950, endFrame: 30_100))
        let edgeRows = HTMLTimeline.pinnedAndSVG(edge, id: "e").matches(of: /<svg class="tl" .*?<\/svg>/).map {
            String($0.output)
        }
        let flags = edgeRows.map { $0.components(separatedBy: " 1L").count - 1 }
        #expect(flags.reduce(0, +) == edge.alerts.count, "\(flags)")
        #expect(edgeRows[0].contains("agent 4:58.0-5:00.0") && !edgeRows[1].contains("agent 4:58.0-5:00.0"))
        let triangle = { (row: String) in
            row.components(separatedBy: "interruption by agent 4:59.5-5:01.0</title>")[1].prefix(200).contains("<path")
        }
        #expect(triangle(edgeRows[0]) && !triangle(edgeRows[1]))
        // A long stretch's tooltip gives its length in minutes, as the text view does (it said "95.0 s").
        var quiet = report
        quiet.events.append(ConversationEvent(kind: .silenceGap, by: nil, startFrame: 60_000, endFrame: 69_500))
        let quietPage = HTMLTimeline.pinnedAndSVG(quiet, id: "q")
        #expect(quietPage.contains("<title>silence gap 10:00.0-11:35.0 (1 min 35.0 s)</title>"))
        // Under 10 minutes, one row that scrolls sideways, as before.
        let short = HTMLTimeline.pinnedAndSVG(try Self.repeated(9), id: "s")
        #expect(short.components(separatedBy: "<svg class=\"tl\" ").count == 2)
        #expect(HTMLTimeline.rowSeconds(of: 599) == nil && HTMLTimeline.rowSeconds(of: 601) == 300)
        #expect(HTMLTimeline.rowSeconds(of: 36_000) == 300 && HTMLTimeline.rowSeconds(of: 360_000) == 1_800)
    }
}
