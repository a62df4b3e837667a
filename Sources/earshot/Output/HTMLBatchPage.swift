import EarshotCore
import Foundation

/// The batch page (report.html), built one call at a time: a sortable table of every call with its flags, then
/// each call's timeline in a closed `<details>` element, so that thousands of calls stay usable. The table rows
/// and the timelines wait in scratch files beside the page (the header's totals come first on the page but are
/// known last), so memory does not grow with the number of calls.
final class HTMLBatchPage {
    private let rows: ScratchFile
    private let timelines: ScratchFile
    private var count = 0
    private var failed = 0
    private var audioSeconds = 0.0
    private var unacknowledgedSeconds = Set<Double>()

    /// - Throws: `OutputError` when the scratch files cannot be made in `folder`.
    init(scratchFolder folder: String) throws {
        rows = try ScratchFile(in: folder)
        timelines = try ScratchFile(in: folder)
    }

    /// Adds a call's row and timeline.
    func add(_ call: HTMLCall) {
        let index = count
        count += 1
        rows.append(HTMLReport.row(call, index: index))
        let head =
            "<span class=\"file\">\(HTMLReport.escape(call.file))</span> "
            + "<span class=\"meta\">\(HTMLReport.meta(call))</span>"
        if let report = call.report {
            audioSeconds += HTMLReport.finite(report.durationSeconds)
            unacknowledgedSeconds.insert(report.thresholds.unacknowledgedSeconds)
            timelines.append("<details class=\"call\" id=\"call-\(index)\"><summary>\(head)</summary>\n")
            // What makes its figures less certain, in words (the flags name it only).
            if !call.warnings.isEmpty {
                timelines.append(
                    "<ul class=\"warn\">" + call.warnings.map { "<li>\(HTMLReport.escape($0))</li>" }.joined()
                        + "</ul>\n")
            }
            timelines.append(HTMLReport.timeline(report, id: "t\(index)") + "</details>\n")
        } else {
            failed += 1
            timelines.append("<div class=\"call failed\" id=\"call-\(index)\">\(head)")
            timelines.append("<div class=\"err\">\(HTMLReport.escape(call.error ?? "failed"))</div></div>\n")
        }
    }

    /// Writes the page, whole or not at all, with the table of `agents` above the calls'. - Throws: `OutputError`
    /// naming `path`.
    func write(title: String, agents: BatchTables.AgentTally, to path: String) throws {
        let page = try AtomicFileWriter(path: path)
        page.append(HTMLReport.pageStart(title: title))
        var header = "<header><h1>\(HTMLReport.escape(title))</h1><p class=\"meta\">"
        header += "\(count) call\(count == 1 ? "" : "s") · \(failed) failed · "
        header += "\(HTMLReport.hours(audioSeconds)) of audio</p></header>\n"
        header += "<p class=\"hint\">Click a column header to sort, a file name for its timeline.</p>\n"
        let agentTable = HTMLAgentTable.html(agents)
        header += agentTable + (agentTable.isEmpty ? "" : "<h2>Calls</h2>\n")
        header += "<table class=\"sortable calls\">\n<thead><tr>"
        for column in HTMLReport.columns {
            header += "<th\(column.numeric ? " class=\"n\"" : "") title=\"\(HTMLReport.escape(column.help))\" "
            header += "scope=\"col\">\(HTMLReport.escape(column.name))</th>"
        }
        page.append(header + "</tr></thead>\n<tbody>\n")
        page.append(rows)
        page.append("</tbody>\n</table>\n<h2>Timelines</h2>\n")
        let legend = unacknowledgedSeconds.count == 1 ? unacknowledgedSeconds.first : nil
        page.append(HTMLTimeline.legend(unacknowledgedSeconds: legend) + "\n")
        page.append(timelines)
        page.append(HTMLReport.pageEnd(sortable: true))
        try page.commit()
    }
}
