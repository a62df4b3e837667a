import EarshotCore

extension HTMLTimeline {
    /// Where the marks of one stretch of a call go: its lanes, the plot's scale and the time axis.
    private struct Layout {
        let lanes: [Role]
        /// The stretch drawn: `seconds` from `from` (a row's length), of the call `total` seconds long.
        let from: Double
        let seconds: Double
        let total: Double
        let plot: Double
        /// Pixels per second.
        let scale: Double
        let ticks: [Double]
        /// Where the lanes end, and the axis below them.
        let bottom: Double
        let axis: Double

        /// The whole call in one row.
        init(_ report: Report) {
            let seconds = extent(of: report)
            self.init(
                report, from: 0, seconds: seconds, total: seconds, plot: plotWidth(seconds: seconds),
                tickEvery: tickStep(seconds: seconds))
        }

        /// A row `seconds` long from `from`, `plot` px wide, of a call `total` seconds long (the last row may end
        /// after the call does: it keeps the others' width and scale, also where a printed page shrinks them).
        init(_ report: Report, from: Double, seconds: Double, total: Double, plot: Double, tickEvery step: Double) {
            lanes = HTMLTimeline.lanes(of: report)
            self.from = from
            self.seconds = seconds
            self.total = total
            self.plot = plot
            scale = plot / seconds
            let span = min(total, from + seconds) - from  // `end - from`
            ticks = (0...Int((span / step + 1e-9).rounded(.down))).map { from + Double($0) * step }
            bottom = flagRow + Double(lanes.count - 1) * (laneHeight + laneGap) + laneHeight
            axis = bottom + 8
        }

        /// Where the call ends in this row: the row's end, or the call's in a last row that outlasts it.
        var end: Double { min(total, from + seconds) }
        var width: Double { left + plot + right }
        var height: Double { axis + 24 }
        /// The width in px the call fills (less than `plot` in a last row that the call ends before).
        var filled: Double { x(end) - left }
        /// The band across every lane (silence gaps, lost capture).
        var bandTop: Double { flagRow - 2 }
        var bandHeight: Double { bottom - flagRow + 4 }

        func x(_ time: Double) -> Double { left + (min(max(time, from), from + seconds) - from) * scale }
        func x(frame: Int) -> Double { x(FrameClock.seconds(ofFrame: frame)) }
        /// Whether a mark from frame `start` to `end` lies partly in the stretch drawn (one that only touches a row's
        /// edge is in the row it runs in); a mark of no length, where it is (the call's very end in the last row).
        func shows(_ start: Int, _ end: Int) -> Bool {
            let (a, b) = (FrameClock.seconds(ofFrame: start), FrameClock.seconds(ofFrame: end))
            guard a < b else { return holds(a) }
            return b > from && a < from + seconds
        }
        /// Whether the instant `time` falls in this row: its start up to, not including, its end (the last row's
        /// end included).
        func holds(_ time: Double) -> Bool { time >= from && (time < from + seconds || isLast) }
        /// Whether this is the call's last (or only) row.
        var isLast: Bool { from + seconds >= total }
        func holds(frame: Int) -> Bool { holds(FrameClock.seconds(ofFrame: frame)) }
        /// Whether a mark ending at `frame` ends in this row: after its start, up to and including its end.
        func endsIn(frame: Int) -> Bool {
            let time = FrameClock.seconds(ofFrame: frame)
            return time > from && time <= from + seconds
        }
        func laneTop(_ index: Int) -> Double { flagRow + Double(index) * (laneHeight + laneGap) }
    }

    /// One call's timeline to scale: the lanes' names pinned to the box's left edge (`pinnedLabels`), then the
    /// `<svg>`, laid out once; a call longer than `rowsAfterSeconds` in rows (`rowSeconds(of:)`), each with its own
    /// axis. `id` must be unique in the page (it prefixes the SVG's own ids).
    static func pinnedAndSVG(_ report: Report, id: String) -> String {
        let total = extent(of: report)
        guard let row = rowSeconds(of: total) else {
            let layout = Layout(report)
            return pinnedLabels(layout) + svg(report, layout, id: id)
        }
        // A last stretch under a tenth of a row goes on the row before (a 600.02 s call: two rows, not a third of
        // 0.02 s).
        let count = max(1, Int((total / row - 0.1).rounded(.up)))
        var out = ""
        for index in 0..<count {
            let from = Double(index) * row
            let seconds = index == count - 1 ? max(row, total - from) : row
            let layout = Layout(
                report, from: from, seconds: seconds, total: total, plot: seconds * rowWidth / row,
                tickEvery: tickStep(seconds: row))
            out += pinnedLabels(layout) + svg(report, layout, id: "\(id)-\(index)")
        }
        return out
    }

    /// Calls longer than this (seconds) are drawn to scale in rows (`rowSeconds(of:)`): in one, a 30-minute call had
    /// 1.3 px a second, its marks on top of each other.
    static let rowsAfterSeconds = 600.0
    /// A full row's width in px: with the lane names and margins, 1 240 px, which a 1366-px laptop's browser window
    /// shows whole beside the page's margins and scroll bar (at 1 440 px each row's last minute was off to the side).
    static let rowWidth = 1_140.0

    /// The length of a row of a call `seconds` long, or `nil` for a call drawn in one: 5 minutes (3.8 px a second),
    /// longer for a call of over 200 rows (16 hours), so that a page has 200 at most. Every row is as wide as a full
    /// one, the last too (its lanes end where the call does).
    static func rowSeconds(of seconds: Double) -> Double? {
        guard seconds.isFinite, seconds > rowsAfterSeconds else { return nil }
        return max(300, (seconds / 200 / 300).rounded(.up) * 300)
    }

    /// The `<svg>` of one call, laid out by `layout`.
    private static func svg(_ report: Report, _ layout: Layout, id: String) -> String {
        var out = "<svg class=\"tl\" xmlns=\"http://www.w3.org/2000/svg\""
        out += " width=\"\(px(layout.width))\" height=\"\(px(layout.height))\""
        out += " viewBox=\"0 0 \(px(layout.width)) \(px(layout.height))\""
        out += " role=\"img\" aria-label=\"call timeline\">"
        let lost = "\(id)-lost"
        if !report.lostCapture.isEmpty {
            out += "<defs><pattern id=\"\(lost)\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\""
            out += " patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f5ead6\"/>"
            out += "<rect width=\"2\" height=\"6\" fill=\"#c09a62\"/></pattern></defs>"
        }
        out += lanesAndGrid(layout)
        out += bands(report, layout, lostPattern: lost)
        out += speech(report, layout)
        out += eventMarks(report, layout)
        out += alertFlags(report, layout)
        out += axisAndLabels(layout)
        return out + "</svg>"
    }

    /// The whole call at a glance, for a call longer than `overviewSeconds` (whose timeline to scale scrolls
    /// sideways): each party's talk, silence gaps and alerts, drawn in seconds and stretched to the page's width;
    /// empty for a shorter call.
    static func overview(_ report: Report) -> String {
        let seconds = extent(of: report)
        guard seconds > overviewSeconds else { return "" }
        let lanes = lanes(of: report)
        let lane = 9.0
        let height = Double(lanes.count) * (lane + 2) + 4
        // A mark at least 1/1000 of the call wide: a nod or an alert stays visible at any width.
        let least = seconds / 1_000
        func mark(_ cls: String, _ start: Double, _ end: Double, _ y: Double, _ h: Double) -> String {
            "<rect class=\"\(cls)\" x=\"\(HTMLReport.fixed(start, 2))\" y=\"\(px(y))\" "
                + "width=\"\(HTMLReport.fixed(max(end - start, least), 2))\" height=\"\(px(h))\"/>"
        }
        var out = "<svg class=\"tl ovw\" xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\" height=\"\(px(height))\""
        out += " viewBox=\"0 0 \(HTMLReport.fixed(seconds, 2)) \(px(height))\" preserveAspectRatio=\"none\""
        out += " role=\"img\" aria-label=\"the whole call at a glance\">"
        out += "<rect class=\"ln\" x=\"0\" y=\"0\" width=\"\(HTMLReport.fixed(seconds, 2))\" height=\"\(px(height))\"/>"
        for event in report.events where event.kind == .silenceGap {
            out += mark(
                "sg", FrameClock.seconds(ofFrame: event.startFrame), FrameClock.seconds(ofFrame: event.endFrame), 0,
                height)
        }
        for segment in report.segments {
            guard let index = lanes.firstIndex(of: segment.role) else { continue }
            out += mark(
                segment.role == .agent ? "sa" : "sc", FrameClock.seconds(ofFrame: segment.startFrame),
                FrameClock.seconds(ofFrame: segment.endFrame), 2 + Double(index) * (lane + 2), lane)
        }
        for alert in report.alerts {
            let fired = FrameClock.seconds(ofFrame: alert.firedFrame)
            out += "<g class=\"al a-\(alert.rule.rawValue)\">" + mark("af", fired, fired, 0, height) + "</g>"
        }
        return out + "</svg>"
    }

    /// Calls longer than this (seconds) get an overview above their timeline (`overview`).
    static let overviewSeconds = 120.0

    /// The lanes' names again, as HTML that stays at the left edge of the timeline's box while a long call's
    /// timeline scrolls sideways (the SVG's own names scroll away with it); over the SVG's names until it scrolls.
    private static func pinnedLabels(_ layout: Layout) -> String {
        var out = "<div class=\"tlk\" aria-hidden=\"true\">"
        for (index, role) in layout.lanes.enumerated() {
            out += "<span style=\"top: \(px(layout.laneTop(index) + laneHeight / 2 - 8))px\">\(role.rawValue)</span>"
        }
        return out + "</div>"
    }

    /// The empty lanes and the grid lines of the ticks.
    private static func lanesAndGrid(_ layout: Layout) -> String {
        var out = ""
        for index in layout.lanes.indices {
            out +=
                "<rect class=\"ln\" x=\"\(px(left))\" y=\"\(px(layout.laneTop(index)))\" width=\"\(px(layout.filled))\""
            out += " height=\"\(px(laneHeight))\"/>"
        }
        for tick in layout.ticks {
            out +=
                "<line class=\"gr\" x1=\"\(px(layout.x(tick)))\" y1=\"\(px(flagRow - 2))\" x2=\"\(px(layout.x(tick)))\""
            out += " y2=\"\(px(layout.bottom + 2))\"/>"
        }
        return out
    }

    /// Silence gaps, the listening coach's marks (unacknowledged customer talk shaded on the customer lane, the
    /// opening account bracketed below the lanes) and lost capture.
    private static func bands(_ report: Report, _ layout: Layout, lostPattern: String) -> String {
        var out = ""
        for event in report.events where event.kind == .silenceGap && layout.shows(event.startFrame, event.endFrame) {
            let title =
                "silence gap \(span(event.startFrame, event.endFrame)) (\(length(event.startFrame, event.endFrame)))"
            out += rect(
                "sg", layout.x(frame: event.startFrame), layout.x(frame: event.endFrame), layout.bandTop,
                layout.bandHeight, title)
        }
        if let lane = layout.lanes.firstIndex(of: .customer) {
            for range in report.unacknowledged where layout.shows(range.lowerBound, range.upperBound) {
                out += rect(
                    "ua", layout.x(frame: range.lowerBound), layout.x(frame: range.upperBound),
                    layout.laneTop(lane) - 3, laneHeight + 6,
                    "unacknowledged \(span(range.lowerBound, range.upperBound)) "
                        + "(\(length(range.lowerBound, range.upperBound)) with no sound from the agent)")
            }
        }
        if let opening = report.openingAccount, layout.shows(opening.lowerBound, opening.upperBound) {
            let x0 = px(layout.x(frame: opening.lowerBound))
            let x1 = px(layout.x(frame: opening.upperBound))
            let (top, y) = (px(layout.bottom + 2), px(layout.bottom + 6))
            // Its legs where it starts and ends: one across a row's end is left open there, not read as two accounts.
            let first = layout.holds(frame: opening.lowerBound) ? "M\(x0) \(top)V\(y)" : "M\(x0) \(y)"
            let d = first + "H\(x1)" + (layout.endsIn(frame: opening.upperBound) ? "V\(top)" : "")
            out +=
                "<path class=\"oa\" d=\"\(d)\"><title>opening account "
                + "\(span(opening.lowerBound, opening.upperBound))</title></path>"
        }
        for range in report.lostCapture where layout.shows(range.lowerBound, range.upperBound) {
            out += rect(
                "lc", layout.x(frame: range.lowerBound), layout.x(frame: range.upperBound), layout.bandTop,
                layout.bandHeight, "lost capture \(span(range.lowerBound, range.upperBound))",
                fill: "url(#\(lostPattern))")
        }
        return out
    }

    /// Each party's segments on its lane, and overlaps as a band between the lanes.
    private static func speech(_ report: Report, _ layout: Layout) -> String {
        var out = ""
        for segment in report.segments where layout.shows(segment.startFrame, segment.endFrame) {
            guard let lane = layout.lanes.firstIndex(of: segment.role) else { continue }
            out += rect(
                segment.role == .agent ? "sa" : "sc", layout.x(frame: segment.startFrame),
                layout.x(frame: segment.endFrame), layout.laneTop(lane), laneHeight,
                "\(segment.role.rawValue) \(span(segment.startFrame, segment.endFrame))")
        }
        guard layout.lanes.count == 2 else { return out }
        for range in overlaps(report.segments) where layout.shows(range.lowerBound, range.upperBound) {
            let title =
                "overlap \(span(range.lowerBound, range.upperBound)) "
                + "(\(length(range.lowerBound, range.upperBound)))"
            out += rect(
                "ov", layout.x(frame: range.lowerBound), layout.x(frame: range.upperBound),
                layout.laneTop(0) + laneHeight - 4, laneGap + 8, title, minWidth: 2)
        }
        return out
    }

    /// Backchannels (a tick across the lane) and interruptions (a triangle at the start on the interrupter's outer
    /// edge, a bar along the span).
    private static func eventMarks(_ report: Report, _ layout: Layout) -> String {
        var out = ""
        for event in report.events where layout.shows(event.startFrame, event.endFrame) {
            guard event.kind != .silenceGap, let by = event.by, let lane = layout.lanes.firstIndex(of: by) else {
                continue
            }
            let title = "\(event.kind.rawValue) by \(by.rawValue) \(span(event.startFrame, event.endFrame))"
            let start = layout.x(frame: event.startFrame)
            let end = layout.x(frame: event.endFrame)
            let top = layout.laneTop(lane)
            if event.kind == .backchannel {
                out += rect("bc", (start + end) / 2 - 1.5, (start + end) / 2 + 1.5, top - 3, laneHeight + 6, title)
                continue
            }
            let upper = lane == 0
            let edge = upper ? top : top + laneHeight
            let tip = upper ? edge + 9 : edge - 9
            let base = upper ? edge - 2 : edge + 2
            out += "<g class=\"ir\"><title>\(HTMLReport.escape(title))</title>"
            out += "<rect x=\"\(px(start))\" y=\"\(px(upper ? edge : edge - 3))\" width=\"\(px(max(end - start, 2)))\""
            out += " height=\"3\"/>"
            if layout.holds(frame: event.startFrame) {  // the triangle where it starts, not where a row begins
                out += "<path d=\"M\(px(start - 5)) \(px(base))H\(px(start + 5))L\(px(start)) \(px(tip))Z\"/>"
            }
            out += "</g>"
        }
        return out
    }

    /// A flag above the lanes where each alert fired, with a line back to where its condition began.
    private static func alertFlags(_ report: Report, _ layout: Layout) -> String {
        var out = ""
        for alert in report.alerts
        where layout.shows(alert.startFrame, alert.firedFrame) || layout.holds(frame: alert.firedFrame) {
            let fired = layout.x(frame: alert.firedFrame)
            let flagged = layout.holds(frame: alert.firedFrame)  // fired in this row: its flag is here
            let since = layout.x(frame: alert.startFrame)
            let title =
                "\(alert.rule.rawValue) at \(time(alert.firedFrame)) (\(ReportText.span(alert, clock: time))): "
                + ReportText.advice(alert)
            out += "<g class=\"al a-\(alert.rule.rawValue)\"><title>\(HTMLReport.escape(title))</title>"
            if since < fired {
                // Each rule's dashes at a height of their own: two rules' since-lines would merge into one.
                let y = px(flagRow - 10 + 2 * Double(Alert.Rule.allCases.firstIndex(of: alert.rule) ?? 0))
                out += "<line class=\"since\" x1=\"\(px(since))\" y1=\"\(y)\" x2=\"\(px(fired))\" y2=\"\(y)\"/>"
            }
            if flagged {
                out += "<line x1=\"\(px(fired))\" y1=\"1\" x2=\"\(px(fired))\" y2=\"\(px(flagRow + 3))\"/>"
                out += "<path d=\"M\(px(fired)) 1L\(px(fired + 9)) 5L\(px(fired)) 9Z\"/>"
            }
            out += "</g>"
        }
        return out
    }

    /// The time axis with its ticks and clock labels, and the lanes' names.
    private static func axisAndLabels(_ layout: Layout) -> String {
        let axis = layout.axis
        var out =
            "<line class=\"ax\" x1=\"\(px(left))\" y1=\"\(px(axis))\" x2=\"\(px(left + layout.filled))\""
            + " y2=\"\(px(axis))\"/>"
        for tick in layout.ticks {
            out += "<line class=\"ax\" x1=\"\(px(layout.x(tick)))\" y1=\"\(px(axis))\" x2=\"\(px(layout.x(tick)))\""
            out += " y2=\"\(px(axis + 4))\"/><text class=\"tk\" x=\"\(px(layout.x(tick)))\" y=\"\(px(axis + 16))\">"
            out += "\(HTMLReport.clock(tick))</text>"
        }
        for (index, role) in layout.lanes.enumerated() {
            out += "<text class=\"lb\" x=\"\(px(left - 8))\" y=\"\(px(layout.laneTop(index) + laneHeight / 2 + 4))\">"
            out += "\(role.rawValue)</text>"
        }
        return out
    }

    private static func rect(
        _ cls: String, _ x0: Double, _ x1: Double, _ y: Double, _ height: Double, _ title: String,
        minWidth: Double = 1, fill: String? = nil
    ) -> String {
        let fillAttribute = fill.map { " fill=\"\($0)\"" } ?? ""
        return "<rect class=\"\(cls)\" x=\"\(px(x0))\" y=\"\(px(y))\" width=\"\(px(max(x1 - x0, minWidth)))\""
            + " height=\"\(px(height))\"\(fillAttribute)><title>\(HTMLReport.escape(title))</title></rect>"
    }

    /// The time of a frame as the page's lists write it: "0:12.6", "1:02:03.4".
    private static func time(_ frame: Int) -> String {
        ReportText.clock(FrameClock.seconds(ofFrame: frame))
    }

    /// "0:12.6-0:16.7"
    private static func span(_ start: Int, _ end: Int) -> String { "\(time(start))-\(time(end))" }

    /// "4.1 s", "1 min 40.0 s" as the text view says lengths; under 0.1 s to the hundredth ("0.03 s", not "0.0 s").
    private static func length(_ start: Int, _ end: Int) -> String {
        let seconds = FrameClock.seconds(ofFrame: end - start)
        return seconds < 0.1 ? "\(HTMLReport.fixed(seconds, 2)) s" : ReportText.duration(seconds)
    }
}
