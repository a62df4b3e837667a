import EarshotCore
import Foundation

/// The batch page (report.html), built one call at a time: a sortable table of the agents and one of every call
/// with its flags, each call linked to its own page (timeline and lists) beside it, so that the page stays small
/// for thousands of calls (a timeline is some 10 KB). The table rows wait in a scratch file beside the page (the
/// header's totals come first on the page but are known last), so memory does not grow with the number of calls.
/// The failed calls' rows come first (they need someone to act), then the others, each in the order added.
final class HTMLBatchPage {
    private let rows: ScratchFile
    private let failedRows: ScratchFile
    private var count = 0
    private var failed = 0
    private var audioSeconds = 0.0
    /// The settings fingerprints and the count and flag thresholds of the calls analysed (in the order of
    /// `BatchTables.thresholdColumns`; `nil`: a call saved before that threshold was recorded).
    private var settings: Set<String> = []
    /// The flags some call has, for the header's list of what they mean.
    private var flags: Set<String> = []
    private var thresholds = [Set<Double?>](repeating: [], count: BatchTables.thresholdColumns.count)

    /// - Throws: `OutputError` when the scratch file cannot be made in `folder`.
    init(scratchFolder folder: String) throws {
        rows = try ScratchFile(in: folder)
        failedRows = try ScratchFile(in: folder)
    }

    /// Adds a call's row, linked to `page`, the call's own page (relative to report.html), if it has one;
    /// `settings`: the fingerprint of the settings it was analysed with; `thresholds`: those its record holds
    /// (`BatchTables.thresholds`).
    func add(_ call: HTMLCall, page: String?, settings fingerprint: String, thresholds values: [Double?]) {
        count += 1
        (call.report == nil ? failedRows : rows).append(HTMLReport.row(call, page: page))
        flags.formUnion(HTMLReport.flags(of: call))
        if let report = call.report {
            audioSeconds += HTMLReport.finite(report.durationSeconds)
            settings.insert(fingerprint)
            for (index, value) in values.enumerated() where index < thresholds.count { thresholds[index].insert(value) }
        } else {
            failed += 1
        }
    }

    /// Writes the page, whole or not at all, with `notices` (what the run left out: recordings not started, not
    /// readable) under its heading and the table of `agents` above the calls'. - Throws: `OutputError` naming `path`.
    func write(title: String, agents: BatchTables.AgentTally, notices: [String] = [], to path: String) throws {
        let page = try AtomicFileWriter(path: path)
        page.append(HTMLReport.pageStart(title: title))
        var header = "<header><h1>\(HTMLReport.escape(title))</h1><p class=\"meta\">"
        header += "\(count) call\(count == 1 ? "" : "s") · \(failed) failed · "
        header += "\(HTMLReport.hours(audioSeconds)) of audio · written \(Self.utc(Date()))</p>\n"
        let thresholds = thresholdsLine
        header += (thresholds.isEmpty ? "" : "<p class=\"meta\">\(HTMLReport.escape(thresholds))</p>")
        header += flagList + "</header>\n"
        for notice in notices { header += "<p class=\"notice\">\(HTMLReport.escape(notice))</p>\n" }
        header += "<p class=\"hint\">Click a column header to sort, a file name for the call's timeline.</p>\n"
        let agentTable = HTMLAgentTable.html(agents)
        header += agentTable + (agentTable.isEmpty ? "" : "<h2>Calls</h2>\n")
        header +=
            "<p class=\"filter\"><input type=\"search\" id=\"call-filter\" aria-label=\"Filter the calls\" "
            + "placeholder=\"Filter: agent, flag, file, call id\"> <span id=\"call-filter-count\"></span></p>\n"
        header += "<div class=\"wide\">" + HTMLReport.sortableTableStart(class: "calls", columns: HTMLReport.columns)
        page.append(header)
        page.append(failedRows)
        page.append(rows)
        page.append("</tbody>\n</table></div>\n")
        page.append(HTMLReport.pageEnd(sortable: true, filter: true))
        try page.commit()
    }

    /// What the counts and flags mean (their thresholds) and whether the calls were analysed alike.
    private var thresholdsLine: String {
        // Each threshold's values, then `after` ("or more"); calls saved before it was recorded are said to be unknown.
        let list = { (index: Int, text: (Double) -> String, after: String) in
            let values = self.thresholds[index]
            let known = values.compactMap { $0 }.sorted().map(text).joined(separator: ", ")
            let said = known.isEmpty ? "" : known + after
            guard values.contains(nil) else { return said }
            return (said.isEmpty ? "" : said + " ") + "(unknown for calls saved by an earlier Earshot)"
        }
        let seconds = ReportText.threshold
        let share = { (share: Double) in "\(ReportText.threshold(share * 100).dropLast(2)) %" }
        var line =
            "silence gaps: \(list(0, seconds, " or more")) · unacknowledged customer talk: "
            + "\(list(1, seconds, " or more")) · flagged dominant: agent share above \(list(2, share, "")) · monologue: "
            + "\(list(3, seconds, " or more"))"
        if settings.count > 1 {
            line += " · the calls were analysed with \(settings.count) different settings (calls.csv's settings column)"
        }
        return settings.isEmpty ? "" : line
    }

    /// What each flag some call has means, folded under the header: the flags in the table are chips of a word.
    private var flagList: String {
        let named = CallRecord.flagNames.filter(flags.contains)
        guard !named.isEmpty else { return "" }
        var out = "<details class=\"flags\"><summary>What the flags mean</summary><dl>"
        for flag in named {
            out += "<dt>\(HTMLReport.badges([flag], titled: false))</dt>"
            out += "<dd>\(HTMLReport.escape(CallRecord.flagMeanings[flag] ?? ""))</dd>"
        }
        return out + "</dl></details>\n"
    }

    private static func utc(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: date)
    }
}
