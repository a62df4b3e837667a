import EarshotCore
import Foundation

/// Self-contained HTML5 pages (inline CSS and SVG, no network): one call, and the parts of the batch page
/// (`HTMLBatchPage`).
enum HTMLReport {
    /// The single-call page (`earshot analyze FILE --format html`, and each call's page beside a batch's
    /// report.html, which `back` links to): summary table and timeline.
    static func callPage(_ call: HTMLCall, back: String? = nil) -> String {
        var body = back.map { "<nav><a href=\"\(escape($0))\">all calls</a></nav>\n" } ?? ""
        let listen = call.recording.map {
            " · <a href=\"\(escape(URL(fileURLWithPath: $0).absoluteString))\" title=\"\(escape($0))\">recording</a>"
        }
        body += "<header><h1>\(escape(call.file))</h1><p class=\"meta\">\(meta(call))\(listen ?? "")</p></header>\n"
        guard let report = call.report else {
            body += "<p class=\"err\">\(escape(call.error ?? "The call could not be analysed."))</p>\n"
            return page(title: "Earshot: \(call.file)", body: body, sortable: false)
        }
        if let error = call.error { body += "<p class=\"err\">\(prose(error))</p>\n" }
        body += "<h2>Summary</h2>\n" + summaryTable(report, call: call)
        // The text view's `recording` lines: why a figure may surprise (a saved report read back gives its words).
        let sentences =
            call.warnings.isEmpty
            ? QualityText.sentences(report.quality, sharing: report.summary.agentShare != nil) : call.warnings
        if !sentences.isEmpty {
            body += "<h2>Recording</h2>\n<ul class=\"quality\">\n"
            for sentence in sentences { body += "<li>\(prose(sentence))</li>\n" }
            body += "</ul>\n"
        }
        body += "<h2>Timeline</h2>\n"
        body += HTMLTimeline.legend(of: report) + "\n"
        let overview = HTMLTimeline.overview(report)
        if !overview.isEmpty {
            let below =
                HTMLTimeline.rowSeconds(of: HTMLTimeline.extent(of: report)).map {
                    "to scale, in rows of \(Int($0 / 60)) minutes"
                } ?? "to scale (it scrolls sideways)"
            body += overview + "\n<p class=\"hint\">Above, the whole call; below, \(below).</p>\n"
        }
        body += timeline(report, id: "t0")
        body += eventLists(report)
        return page(title: "Earshot: \(call.file)", body: body, sortable: false)
    }

    // MARK: - Parts

    /// "1:02 · 8000 Hz · stereo · agent A12" and the flags, as HTML.
    static func meta(_ call: HTMLCall) -> String {
        var parts: [String] = []
        if let report = call.report {
            parts.append(ReportText.clock(finite(report.durationSeconds)))
            parts.append("\(report.sampleRate) Hz")
            parts.append(report.roles[.customer] == nil ? "mono" : "stereo")
            if !report.lostCapture.isEmpty {
                parts.append("\(length(ReportText.seconds(of: report.lostCapture))) lost capture")
            }
        }
        if let agent = call.agent { parts.append("agent \(agent)") }
        if let id = call.callID { parts.append("call \(id)") }
        let text = parts.map { escape($0) }.joined(separator: " · ")
        let flags = Self.flags(of: call)
        return flags.isEmpty ? text : text + (text.isEmpty ? "" : " ") + badges(flags)
    }

    /// A line of the call page's table: a party figure (one cell per party), a figure of the whole call (one cell
    /// across), or the heading of a group of them.
    private enum SummaryLine {
        case parties(String, agent: String, customer: String)
        case call(String, String)
        case heading(String)

        var name: String {
            switch self {
            case .parties(let name, _, _), .call(let name, _), .heading(let name): name
            }
        }
    }

    /// The call page's table, grouped as the text view is: the parties' figures (one column each, the customer's
    /// only when present), then the whole call's, then the agent's listening (two parties only), each of the
    /// last two a cell across the columns, under its heading.
    private static func summaryTable(_ report: Report, call: HTMLCall) -> String {
        let s = report.summary
        let stereo = report.roles[.customer] != nil
        let seconds = length
        let gap = { (value: Double?) in value.map { "\(fixed($0, 1)) s" } ?? "—" }
        // Under the talk a share needs to be judged (a hang-up): said, as report.html's table draws it in parentheses.
        let shareNote = shareTooLittleTalk(s).map { " (\($0))" } ?? ""
        // A mono file has one speaker: nobody to interrupt, overlap or nod to ("—", as in the text view).
        var lines: [SummaryLine] = [
            .parties("talk", agent: seconds(s.agentTalkSeconds), customer: seconds(s.customerTalkSeconds)),
            .parties(
                "interruptions", agent: stereo ? "\(s.interruptionsByAgent)" : "—",
                customer: "\(s.interruptionsByCustomer)"),
            .parties(
                "backchannels", agent: stereo ? "\(s.backchannelsByAgent)" : "—",
                customer: "\(s.backchannelsByCustomer)"
            ),
            .parties(
                "longest monologue", agent: seconds(s.longestAgentMonologueSeconds),
                customer: seconds(s.longestCustomerMonologueSeconds)),
            .heading("call"),
            .call("agent id", call.agent ?? "—"),
            .call("duration", ReportText.clock(finite(report.durationSeconds))),
            .call("agent share", s.agentShare.map { "\(fixed(finite($0) * 100, 1)) %" + shareNote } ?? "—"),
            .call("overlap", stereo ? seconds(s.overlapSeconds) : "—"),
            .call("silence", seconds(s.silenceSeconds)),
            .call(
                "silence gaps",
                "\(s.silenceGaps) of \(ReportText.threshold(report.thresholds.silenceGapSeconds)) or more"
                    + (s.silenceGaps > 0 ? ", the longest \(length(longestGapSeconds(report)))" : "")),
            .call("response gap mean", gap(s.responseGapMeanSeconds)),
            .call("response gap median", gap(s.responseGapMedianSeconds)),
            .call("floor switches", stereo ? "\(fixed(s.switchesPerMinute, 1)) per min" : "—"),
        ]
        if stereo { lines += [.heading("agent listening")] + coachLines(report) }
        // A recording whose channels cannot tell the parties apart: its who-said-what figures are drawn as
        // doubtful, as in report.html's table, with the reason above them.
        let conduct: Set<String> = [
            "talk", "agent share", "interruptions", "backchannels", "longest monologue", "overlap",
            "response gap mean", "response gap median", "floor switches", "verbal nods", "unacknowledged talk",
            "opening account",
        ]
        // A silent channel's party may talk unheard: the silence and its gaps are the recording's, as report.html's
        // table draws them.
        let silentChannel = call.flags.contains("silent_channel")
        let silence: Set<String> = ["silence", "silence gaps"]
        var out =
            call.partiesUnknown
            ? "<p class=\"err\">The channels do not tell the parties apart (see Recording below): who said what in "
                + "the figures drawn grey is the recording's, not the parties' conduct.</p>\n" : ""
        // One channel: all speech heard is the agent's column, both voices where the recording mixes them (as
        // report.html's table draws it: in parentheses, "the speakers are not told apart").
        if !stereo {
            out +=
                "<p class=\"err\">One channel: all the speech heard is counted as the agent's, both voices if the "
                + "recording mixes them; the figures drawn grey are the recording's, not the agent's conduct.</p>\n"
        }
        if silentChannel {
            let silent = report.quality.findings.count { if case .silentChannel = $0 { true } else { false } }
            out +=
                (silent > 1
                    ? "<p class=\"err\">Both channels are silent (see Recording below): no speech was heard, so "
                    : "<p class=\"err\">A channel is silent (see Recording below): its party's talk reads as silence, so ")
                + "the silence figures drawn grey are the recording's.</p>\n"
        }
        out += "<table class=\"summary\">\n<thead><tr><th></th><th class=\"n\" scope=\"col\">agent</th>"
        out += (stereo ? "<th class=\"n\" scope=\"col\">customer</th>" : "") + "</tr></thead>\n<tbody>\n"
        let across = stereo ? " colspan=\"2\"" : ""
        for line in lines {
            let doubt =
                ((call.partiesUnknown || !stereo) && conduct.contains(line.name))
                || (silentChannel && silence.contains(line.name))
            let open = "<tr\(doubt ? " class=\"doubt\"" : "")><th scope=\"row\">\(line.name)</th>"
            switch line {
            case .parties(_, let agent, let customer):
                out += open + "<td class=\"n\">\(escape(agent))</td>"
                out += stereo ? "<td class=\"n\">\(escape(customer))</td></tr>\n" : "</tr>\n"
            case .call(_, let value):
                out += open + "<td\(across)>\(escape(value))</td></tr>\n"
            case .heading(let name):
                out += "<tr class=\"group\"><th scope=\"rowgroup\" colspan=\"\(stereo ? 3 : 2)\">\(name)</th></tr>\n"
            }
        }
        let flags = Self.flags(of: call)
        out += "<tr><th scope=\"row\">flags</th><td\(across)>"
        out += (flags.isEmpty ? "—" : badges(flags)) + "</td></tr>\n"
        return out + "</tbody>\n</table>\n"
    }

    /// A length as the text view words it ("18.9 s", "26 min 44.5 s"); a value no engine gives (a report edited by hand)
    /// in seconds as it is ("—" when not finite).
    static func length(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        let length = max(value, 0)  // as `finite(_:)`: no length is negative
        return length < 1e9 ? ReportText.duration(length) : "\(fixed(length, 1)) s"
    }

    /// The listening coach's lines: the agent's verbal nods, the customer's talk that went unacknowledged and
    /// the opening account (docs/METRICS.md), in the text view's words.
    private static func coachLines(_ report: Report) -> [SummaryLine] {
        let s = report.summary
        let thresholds = report.thresholds
        let clock = { (frame: Int) in ReportText.clock(FrameClock.seconds(ofFrame: frame)) }
        let span = report.openingAccount.map { " (\(clock($0.lowerBound))-\(clock($0.upperBound)))" } ?? ""
        let opening = s.openingAccountSeconds.map {
            let cut = s.openingInterrupted == true ? "interrupted by the agent" : "not interrupted"
            return "\(length($0))\(span), \(cut), \(s.openingNods ?? 0) nod(s)"
        }
        return [
            .call(
                "verbal nods", s.agentNodsPerCustomerMinute.map { "\(fixed(finite($0), 1)) per customer min" } ?? "—"),
            .call(
                "unacknowledged talk",
                "longest \(length(s.longestUnacknowledgedSeconds)); \(s.unacknowledgedStretches) of "
                    + "\(ReportText.threshold(thresholds.unacknowledgedSeconds)) or more"),
            .call("opening account", opening ?? "none"),
        ]
    }

    /// The call page's lists of events and alerts (open when short).
    private static func eventLists(_ report: Report) -> String {
        var out = ""
        if !report.events.isEmpty {
            out += "<details class=\"list\"\(report.events.count <= 40 ? " open" : "")>"
            out += "<summary>Events (\(report.events.count))</summary>\n<table class=\"list\">"
            out += "<thead><tr><th class=\"n\">from</th><th class=\"n\">to</th><th class=\"n\">length s</th>"
            out += "<th>event</th><th>by</th></tr></thead>\n"
            out += "<tbody>\n"
            for event in report.events {
                out += "<tr><td class=\"n\">\(frameClock(event.startFrame))</td>"
                out += "<td class=\"n\">\(frameClock(event.endFrame))</td>"
                // Its length from the frames: the ends, each to a tenth, can differ from it by a tenth.
                out +=
                    "<td class=\"n\">\(fixed(FrameClock.seconds(ofFrame: event.endFrame - event.startFrame), 1))</td>"
                out += "<td>\(event.kind.rawValue)</td>"
                out += "<td>\(event.by?.rawValue ?? "")</td></tr>\n"
            }
            out += "</tbody>\n</table>\n</details>\n"
        }
        if !report.alerts.isEmpty {
            out += "<details class=\"list\"\(report.alerts.count <= 40 ? " open" : "")>"
            out += "<summary>Alerts (\(report.alerts.count))</summary>\n<table class=\"list\">"
            out +=
                "<thead><tr><th class=\"n\">at</th><th>alert</th><th>since (or the window judged)</th>"
                + "<th>advice</th></tr></thead>\n"
            out += "<tbody>\n"
            let words = ReportText.adviceInReport(report)
            for alert in report.alerts {
                out += "<tr><td class=\"n\">\(frameClock(alert.firedFrame))</td><td>\(alert.rule.rawValue)</td>"
                out += "<td>\(ReportText.span(alert, clock: frameClock))</td>"
                out += "<td>\(HTMLReport.escape(words(alert)))</td></tr>\n"
            }
            out += "</tbody>\n</table>\n</details>\n"
        }
        return out
    }

    static func timeline(_ report: Report, id: String) -> String {
        "<div class=\"timeline\">" + HTMLTimeline.pinnedAndSVG(report, id: id) + "</div>\n"
    }

    /// The call's flags, without repeats, with "failed" when it has no report.
    static func flags(of call: HTMLCall) -> [String] {
        var result: [String] = []
        for flag in call.flags + (call.report == nil ? ["failed"] : []) where !result.contains(flag) {
            result.append(flag)
        }
        return result
    }

    /// `flags` as chips, each with its meaning as its tooltip unless `titled` is false (the batch page's rows: their
    /// tooltips are set by its script from one list, so that the page stays small for thousands of calls).
    static func badges(_ flags: [String], titled: Bool = true) -> String {
        flags.map { flag in
            let name = String(flag.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
            let meaning = titled ? CallRecord.flagMeanings[flag].map { " title=\"\(escape($0))\"" } ?? "" : ""
            return "<span class=\"flag f-\(name)\"\(meaning)>\(escape(flag))</span>"
        }.joined(separator: " ")
    }

    private static func page(title: String, body: String, sortable: Bool) -> String {
        pageStart(title: title) + body + pageEnd(sortable: sortable, foldedLists: body.contains("<details"))
    }

    /// A page's head, styles and `<body>` tag.
    static func pageStart(title: String) -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        out += "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
        out += "<title>\(escape(title))</title>\n<style>\n\(HTMLPageStyle.css)\n\(HTMLTimeline.css)\n</style>\n"
        return out + "</head>\n<body>\n"
    }

    /// A page's end, with the script that sorts its tables when `sortable`, the one that filters the calls table
    /// when `filter`, and the one that unfolds its lists to print when it has any.
    static func pageEnd(sortable: Bool, filter: Bool = false, foldedLists: Bool = false) -> String {
        (sortable ? "<script>\n\(HTMLPageStyle.script)\n</script>\n" : "")
            + (filter ? "<script>\n\(HTMLPageStyle.filterScript)\n</script>\n" : "")
            + (foldedLists ? "<script>\n\(HTMLPageStyle.printScript)\n</script>\n" : "") + "</body>\n</html>\n"
    }
}
