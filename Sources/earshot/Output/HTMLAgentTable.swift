/// report.html's table of agents: the figures of agents.csv, sortable, so that a QA lead sees every agent at once
/// before reading calls.
enum HTMLAgentTable {
    /// The columns: name, help (a header's tooltip), whether numeric.
    static let columns: [HTMLReport.Column] = [
        ("agent", "agent id (calls without one are under (none))", false),
        ("calls", "calls of the agent", true),
        ("failed", "calls that could not be analysed", true),
        ("hours", "hours of audio analysed", true),
        (
            "agent share %",
            "mean agent share over the agent's two-party calls with "
                + "\(ReportText.threshold(BatchTables.AgentTally.shareMinTalkSeconds)) of talk or more", true
        ),
        ("interr. / h", "the agent's interruptions per hour of two-party audio", true),
        ("backch. / h", "the agent's backchannels per hour of two-party audio", true),
        ("silence gaps / h", "silence gaps per hour of audio", true),
        ("longest monologue s", "the agent's longest monologue, seconds", true),
        ("nods per cust. min", "the agent's verbal nods per minute of all the calls' customer talk", true),
        (
            "interrupted openings %", "share of the calls with an opening account in which the agent interrupted it",
            true
        ),
    ]

    /// Agents shown unfolded; a longer table is folded under its heading, so that the calls' table stays on the
    /// first screen (a click, or printing, opens it).
    static let unfoldedAgents = 12

    /// The table under its heading, or nothing when no call has an agent id (one anonymous row says nothing the
    /// calls do not).
    static func html(_ tally: BatchTables.AgentTally) -> String {
        let agents = tally.agents
        guard agents.contains(where: { $0.agent != "(none)" }) else { return "" }
        let open = agents.count <= unfoldedAgents ? " open" : ""
        var out =
            "<details class=\"agents\"\(open)><summary><h2>Agents</h2> <span class=\"count\">"
            + "(\(agents.count))</span></summary>\n<div class=\"wide\">"
            + HTMLReport.sortableTableStart(class: "agents", columns: columns)
        for a in agents {
            let figure = { (value: Double?, decimals: Int) -> (String, String) in
                (value.map { HTMLReport.fixed($0, decimals) } ?? "—", value.map { HTMLReport.fixed($0, 4) } ?? "")
            }
            let cells: [(String, String)] = [
                (HTMLReport.escape(a.agent), a.agent), ("\(a.calls)", "\(a.calls)"), ("\(a.failed)", "\(a.failed)"),
                figure(a.hours, 2), figure(a.meanShare.map { $0 * 100 }, 0),
                figure(a.perStereoHour(a.interruptions), 1), figure(a.perStereoHour(a.backchannels), 1),
                figure(a.silenceGapsPerHour, 1), figure(a.longestMonologueIfAny, 1), figure(a.meanNods, 1),
                figure(a.interruptedOpeningShare.map { $0 * 100 }, 0),
            ]
            out += "<tr>"
            for (column, cell) in zip(columns, cells) {
                let cls = column.numeric ? " class=\"n\"" : ""
                out += "<td\(cls) data-v=\"\(HTMLReport.escape(cell.1))\">\(cell.0)</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table></div>\n</details>\n"
    }
}
