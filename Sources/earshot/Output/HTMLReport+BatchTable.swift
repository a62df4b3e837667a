import EarshotCore
import Foundation

/// The batch table's columns and rows (`HTMLBatchPage`).
extension HTMLReport {
    /// A sortable table's column: its header, the header's tooltip, and whether it holds numbers (right-aligned).
    typealias Column = (name: String, help: String, numeric: Bool)

    /// The batch table's columns (`HTMLBatchPage`).
    static let columns: [Column] = [
        ("file", "the recording, as given", false),
        ("agent", "agent id", false),
        ("duration", "length of the call (m:ss.s)", true),
        ("agent share %", "agent talk / (agent + customer talk)", true),
        ("interr. agent", "interruptions by the agent", true),
        ("interr. customer", "interruptions by the customer", true),
        ("backch. agent", "backchannels by the agent", true),
        ("backch. customer", "backchannels by the customer", true),
        ("silence gaps", "stretches of silence between speech of at least the silence-gap threshold", true),
        ("longest gap s", "the longest silence gap, seconds (the worst dead air; 0 when there is none)", true),
        ("longest agent monologue s", "longest agent monologue, seconds", true),
        ("response gap mean s", "mean time the agent took to answer a customer turn, seconds", true),
        ("nods per cust. min", "the agent's verbal nods (backchannels) per minute of customer talk", true),
        ("flags", "QA flags", false),
    ]

    /// Why a call's agent share is not one to rank by, when its talk is under what the agents' mean needs (a hang-up, a
    /// voicemail greeting): "under 30 s of talk: too little to judge"; `nil` when it has that talk.
    static func shareTooLittleTalk(_ s: Summary) -> String? {
        let needed = BatchTables.AgentTally.shareMinTalkSeconds
        guard s.agentTalkSeconds + s.customerTalkSeconds < needed else { return nil }
        return "under \(ReportText.threshold(needed)) of talk: too little to judge"
    }

    /// The longest silence gap of `report`, in seconds (0 when it has none): the worst dead air.
    static func longestGapSeconds(_ report: Report) -> Double {
        BatchTables.longestGap(
            seconds: report.events.filter { $0.kind == .silenceGap }.map {
                FrameClock.seconds(ofFrame: $0.endFrame - $0.startFrame)
            })
    }

    /// A sortable table's opening, head and `<tbody>`: a header per column, its help as the tooltip.
    static func sortableTableStart(class name: String, columns: [Column]) -> String {
        var out = "<table class=\"sortable \(name)\">\n<thead><tr>"
        for column in columns {
            out += "<th\(column.numeric ? " class=\"n\"" : "") title=\"\(escape(column.help))\" "
            out += "scope=\"col\">\(escape(column.name))</th>"
        }
        return out + "</tr></thead>\n<tbody>\n"
    }

    /// A silence-gap count cell, saying its threshold when it is not the default (a folder can mix settings: each
    /// row's count is then read at its own length).
    private static func gapCount(_ cell: (html: String, key: String), threshold: Double?) -> (html: String, key: String)
    {
        guard let threshold, threshold != CountThresholds.standard.silenceGapSeconds, cell.key != "" else {
            return cell
        }
        return (cell.html + " <small>(\(escape(ReportText.threshold(threshold))) or more)</small>", cell.key)
    }

    /// One row of the batch table, its file linked to `page` (the call's own page) when there is one; every cell
    /// carries its sort key in `data-v` ("" sorts last).
    static func row(_ call: HTMLCall, page: String?) -> String {
        let s = call.report?.summary
        let count = { (value: Int?) in (value.map(String.init) ?? "—", value.map(String.init) ?? "") }
        let decimal = { (value: Double?, decimals: Int) in
            (value.map { fixed($0, decimals) } ?? "—", value.map { fixed($0, 3) } ?? "")
        }
        // A long path breaks after its slashes first (`<wbr>`), not anywhere in a name, in a narrow column.
        let name = escape(call.file).replacingOccurrences(of: "/", with: "/<wbr>")
        var file = page.map { "<a href=\"\(escape($0))\">\(name)</a>" } ?? name
        if let id = call.callID { file += "<div>call \(escape(id))</div>" }
        if let error = call.error ?? (call.report == nil ? "failed" : nil) {
            file += "<div class=\"err\">\(prose(error))</div>"
        }
        let duration = call.report.map { finite($0.durationSeconds) }
        let stereo = call.report?.roles[.customer] != nil
        let share = s?.agentShare.map { finite($0) * 100 }
        let flags = Self.flags(of: call)
        // A recording whose channels cannot tell the parties apart, or a mono one (often both voices mixed): its
        // who-said-what figures are shown in parentheses and sort last, so that sorting by them ranks agents'
        // conduct, not wiring faults.
        let mono = call.report != nil && !stereo
        let doubt = { (cell: (html: String, key: String), title: String) -> (html: String, key: String) in
            cell.key == "" ? cell : ("<span class=\"doubt\" title=\"\(escape(title))\">(\(cell.html))</span>", "")
        }
        let conduct = { (cell: (html: String, key: String)) -> (html: String, key: String) in
            guard call.partiesUnknown || mono else { return cell }
            let title =
                mono ? "one channel: the speakers are not told apart" : "the channels do not tell the parties apart"
            return doubt(cell, title)
        }
        let judged = { (cell: (html: String, key: String)) -> (html: String, key: String) in
            // Channels that do not tell the parties apart say so first: that is the doubt that matters.
            guard let s, !call.partiesUnknown, !mono, let reason = shareTooLittleTalk(s) else { return conduct(cell) }
            return doubt(cell, reason)
        }
        // A silent channel's party may talk unheard: its silence gaps are the recording's (not flagged dead_air).
        let gaps = { (cell: (html: String, key: String)) -> (html: String, key: String) in
            call.flags.contains("silent_channel")
                ? doubt(cell, "a channel is silent: its party's talk reads as silence") : cell
        }
        let longestGap = call.report.map(longestGapSeconds)
        let cells: [(html: String, key: String)] = [
            (file, call.file),
            (escape(call.agent ?? "(none)"), call.agent ?? ""),  // as the agents' table names the calls without one
            (duration.map { ReportText.clock($0) } ?? "—", duration.map { fixed($0, 2) } ?? ""),
            judged(decimal(share, 1)),  // a tenth: 64.7 beside the flag "dominant" above 65
            conduct(count(stereo ? s?.interruptionsByAgent : nil)),
            conduct(count(stereo ? s?.interruptionsByCustomer : nil)),
            conduct(count(stereo ? s?.backchannelsByAgent : nil)),
            conduct(count(stereo ? s?.backchannelsByCustomer : nil)),
            gaps(gapCount(count(s?.silenceGaps), threshold: call.report?.thresholds.silenceGapSeconds)),
            gaps(decimal(longestGap, 1)),
            conduct(decimal(s?.longestAgentMonologueSeconds, 1)),
            conduct(decimal(s?.responseGapMeanSeconds, 1)),  // as on the call's page
            conduct(decimal(s?.agentNodsPerCustomerMinute, 1)),
            (badges(flags, titled: false), flags.joined(separator: " ")),
        ]
        // The agent and call id for the filter, which matches them whole (`HTMLPageStyle.filterScript`).
        var out = "<tr\(call.report == nil ? " class=\"failed\"" : "") data-agent=\"\(escape(call.agent ?? "(none)"))\""
        out += call.callID.map { " data-call=\"\(escape($0))\">" } ?? ">"
        for (column, cell) in zip(columns, cells) {
            let cls = column.name == "file" ? " class=\"file\"" : column.numeric ? " class=\"n\"" : ""
            out += "<td\(cls) data-v=\"\(escape(cell.key))\">\(cell.html)</td>"
        }
        return out + "</tr>\n"
    }
}
