import EarshotCore
import Foundation

/// The inline SVG timeline of one call (terms as in docs/METRICS.md): the agent's lane above the customer's,
/// silence gaps and lost capture shaded across both, overlaps as a band between them, interruptions,
/// backchannels and alerts marked, and a time axis. Every mark carries a `<title>` tooltip.
enum HTMLTimeline {
    /// Room for the lane labels, the last axis label, the alert flags and the lanes.
    static let left = 76.0
    static let right = 24.0
    static let flagRow = 20.0
    static let laneHeight = 22.0
    static let laneGap = 12.0

    /// Plot width in px: 9.5 px per second up to 2 minutes (1 140 px: a call that long is seen whole in a 1366-px
    /// laptop's window, as a row of a long one is), then 2 px per second more, within 480…2400 px (a longer call's page
    /// has the whole call at a glance above it, `overview(_:)`).
    static func plotWidth(seconds: Double) -> Double {
        guard seconds.isFinite, seconds > 0 else { return 480 }
        let width = seconds <= 120 ? seconds * 9.5 : 1140 + (seconds - 120) * 2
        return min(2400, max(480, width))
    }

    /// Axis tick spacing in seconds: the first of 1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10, 15, 30 min that gives at
    /// most 15 intervals (whole hours beyond that).
    static func tickStep(seconds: Double) -> Double {
        guard seconds.isFinite, seconds > 0 else { return 1 }
        let steps: [Double] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800]
        for step in steps where seconds / step <= 15 { return step }
        return 3600 * max(1, min(1e6, (seconds / 15 / 3600).rounded(.up)))
    }

    /// The lanes drawn, top to bottom: the roles present (agent first), or the agent alone.
    static func lanes(of report: Report) -> [Role] {
        let present = Role.allCases.filter { report.roles[$0] != nil }
        return present.isEmpty ? [.agent] : present
    }

    /// Seconds shown: the duration, stretched to cover anything reported after it; at least 1 s.
    static func extent(of report: Report) -> Double {
        var frames = 0
        for segment in report.segments { frames = max(frames, segment.endFrame) }
        for event in report.events { frames = max(frames, event.endFrame) }
        for alert in report.alerts { frames = max(frames, alert.firedFrame) }
        for lost in report.lostCapture { frames = max(frames, lost.upperBound) }
        let duration = report.durationSeconds.isFinite ? report.durationSeconds : 0
        return min(1e7, max(1, duration, FrameClock.seconds(ofFrame: frames)))
    }

    /// Stretches where both parties speak, merged, in frames.
    static func overlaps(_ segments: [Segment]) -> [Range<Int>] {
        let agent = segments.filter { $0.role == .agent }.sorted { $0.startFrame < $1.startFrame }
        let customer = segments.filter { $0.role == .customer }.sorted { $0.startFrame < $1.startFrame }
        var result: [Range<Int>] = []
        var i = 0
        var j = 0
        while i < agent.count && j < customer.count {
            let low = max(agent[i].startFrame, customer[j].startFrame)
            let high = min(agent[i].endFrame, customer[j].endFrame)
            if low < high {
                if let last = result.last, low <= last.upperBound {
                    result[result.count - 1] = min(last.lowerBound, low)..<max(last.upperBound, high)
                } else {
                    result.append(low..<high)
                }
            }
            if agent[i].endFrame < customer[j].endFrame { i += 1 } else { j += 1 }
        }
        return result
    }

    /// The colour key of `report`'s timeline, as HTML: only what the timeline has (a mono call has no customer,
    /// a call without alerts no flag), each alert rule in its own colour.
    static func legend(of report: Report) -> String {
        let item = { (label: String, shape: String) in
            "<span><svg class=\"tl sw\" width=\"18\" height=\"14\" aria-hidden=\"true\">\(shape)</svg>\(label)</span>"
        }
        let twoParties = lanes(of: report).count == 2
        let kinds = Set(report.events.map(\.kind))
        var out =
            "<div class=\"legend\">"
            + item("agent speech", "<rect class=\"sa\" x=\"1\" y=\"3\" width=\"16\" height=\"8\"/>")
        if twoParties {
            out += item("customer speech", "<rect class=\"sc\" x=\"1\" y=\"3\" width=\"16\" height=\"8\"/>")
            out += item("overlap (both speak)", "<rect class=\"ov\" x=\"1\" y=\"3\" width=\"16\" height=\"8\"/>")
        }
        if kinds.contains(.interruption) {
            out += item(
                "interruption (at its start, on the interrupter's lane)",
                "<g class=\"ir\"><path d=\"M4 2H14L9 11Z\"/><rect x=\"1\" y=\"11\" width=\"16\" height=\"3\"/></g>")
        }
        if kinds.contains(.backchannel) {
            out += item("backchannel", "<rect class=\"bc\" x=\"7.5\" y=\"1\" width=\"3\" height=\"12\"/>")
        }
        if kinds.contains(.silenceGap) {
            out += item("silence gap", "<rect class=\"sg\" x=\"1\" y=\"1\" width=\"16\" height=\"12\"/>")
        }
        if !report.lostCapture.isEmpty { out += "<span><i class=\"lcsw\"></i>lost capture</span>" }
        if twoParties && !report.unacknowledged.isEmpty {
            out += item(
                "unacknowledged customer talk (\(ReportText.threshold(report.thresholds.unacknowledgedSeconds)) or more)",
                "<rect class=\"ua\" x=\"1\" y=\"1\" width=\"16\" height=\"12\"/>")
        }
        if report.openingAccount != nil {
            out += item("opening account", "<path class=\"oa\" d=\"M1 3V10H17V3\"/>")
        }
        let rules = Set(report.alerts.map(\.rule))
        for rule in Alert.Rule.allCases where rules.contains(rule) {
            out += item(
                "alert: \(rule.rawValue.replacingOccurrences(of: "_", with: " "))",
                "<g class=\"al a-\(rule.rawValue)\"><line x1=\"3\" y1=\"1\" x2=\"3\" y2=\"14\"/>"
                    + "<path d=\"M3 1L12 5L3 9Z\"/></g>")
        }
        if !rules.isEmpty {
            out += "<span>(an alert's flag: when it fired; its dashes: since when"
            out += rules.contains(.agentDominates) ? ", for agent dominates the window judged)</span>" : ")</span>"
        }
        return out + "</div>"
    }

    /// Styles of the timeline and its legend.
    static let css = """
        svg.tl { display: block; font: 11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        svg.tl.sw { display: inline-block; vertical-align: -3px; margin-right: 5px; }
        .tl .ln { fill: #f2f4f7; }
        .tl .gr { stroke: #e4e7ec; stroke-width: 1; }
        .tl .sg { fill: #cdd2da; }
        .tl .ua { fill: #d9ecf7; opacity: 0.8; }
        .tl .oa { fill: none; stroke: #2e6f9e; stroke-width: 2; }
        .tl .lc { stroke: #c09a62; stroke-width: 1; stroke-dasharray: 3 2; }
        .tl .sa { fill: #4a7fb5; }
        .tl .sc { fill: #4f9d69; }
        .tl .ov { fill: #f2a93b; }
        .tl .bc { fill: #8e5cc2; stroke: #fff; stroke-width: 1; }
        .tl .ir { fill: #d1453b; stroke: #fff; stroke-width: 0.75; }
        .tl .al { --alert: #c2185b; }
        .tl .a-agent_interrupts { --alert: #c4320a; }
        .tl .a-silence_gap { --alert: #1d2939; }
        .tl .a-agent_dominates { --alert: #9e165f; }
        .tl .a-agent_monologue { --alert: #5b3fa0; }
        .tl .a-acknowledge { --alert: #0e7090; }
        .tl .al path { fill: var(--alert); }
        .tl .al line { stroke: var(--alert); stroke-width: 1.5; }
        .tl .al line.since { stroke-width: 1; stroke-dasharray: 2 2; }
        .tl .ax { stroke: #98a2b3; stroke-width: 1; }
        .tl text { fill: #475467; }
        .tl .tk { text-anchor: middle; }
        .tl .lb { text-anchor: end; font-weight: 600; fill: #344054; }
        .tl .sa:hover, .tl .sc:hover, .tl .ov:hover, .tl .bc:hover, .tl .sg:hover { opacity: 0.75; }
        svg.tl.ovw { display: block; margin: 6px 0 2px; border: 1px solid #e4e7ec; border-radius: 4px; }
        .tl .al .af { fill: var(--alert); }
        .tlk { position: sticky; left: 0; width: 0; height: 0; z-index: 1; }
        .tlk span { position: absolute; left: 0; width: \(Int(HTMLTimeline.left) - 4)px; padding-right: 4px; text-align: right;
            line-height: 16px; background: #fff; color: #344054; font: 600 11px system-ui,
            -apple-system, "Segoe UI", Roboto, sans-serif; }
        @media print { .tlk { display: none; } }
        .legend { display: flex; flex-wrap: wrap; gap: 4px 18px; color: #475467; font-size: 12px; margin: 6px 0; }
        .legend .lcsw { display: inline-block; width: 16px; height: 12px; margin: 0 6px 0 1px;
            vertical-align: -2px; background: repeating-linear-gradient(45deg, #f5ead6 0 3px, #c09a62 3px 5px); }
        """

    /// An SVG coordinate, to 0.1 px.
    static func px(_ value: Double) -> String { HTMLReport.fixed(min(max(value, -1e9), 1e9), 1) }
}
