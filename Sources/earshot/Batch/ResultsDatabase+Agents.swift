import CSQLite
import Foundation

extension ResultsDatabase {
    /// Recomputes the agents table over every call in the database (this batch's and earlier ones).
    static func rebuildAgents(_ db: OpaquePointer, path: String) throws(Failure) {
        let query = try compile(
            db,
            "SELECT agent, error, flags, duration_s, agent_share, interruptions_by_agent, backchannels_by_agent, "
                + "silence_gaps, longest_agent_monologue_s, agent_nods_per_customer_min, opening_interrupted, "
                + "agent_talk_s, customer_talk_s FROM calls",
            path: path)
        defer { sqlite3_finalize(query) }
        let text = { (column: Int32) -> String? in
            sqlite3_column_text(query, column).map { String(cString: $0) }
        }
        let number = { (column: Int32) -> Double? in
            sqlite3_column_type(query, column) == SQLITE_NULL ? nil : sqlite3_column_double(query, column)
        }
        var tally = BatchTables.AgentTally()
        while sqlite3_step(query) == SQLITE_ROW {
            var summary: [String: Any] = [:]
            summary["agent_share"] = number(4)
            summary["interruptions_by_agent"] = number(5).map { Int($0) }
            summary["backchannels_by_agent"] = number(6).map { Int($0) }
            summary["silence_gaps"] = number(7).map { Int($0) }
            summary["longest_agent_monologue_s"] = number(8)
            summary["agent_nods_per_customer_min"] = number(9)
            summary["opening_interrupted"] = number(10).map { $0 != 0 }
            summary["agent_talk_s"] = number(11)
            summary["customer_talk_s"] = number(12)
            let error = text(1)
            tally.add(
                CallRecord(
                    path: "", resolvedPath: "", size: 0, modified: 0, fingerprint: "", agent: text(0), callID: nil,
                    agentChannel: 0, channels: nil,
                    report: error == nil ? ["duration_s": number(3) ?? 0, "summary": summary] : nil, error: error,
                    flags: (text(2) ?? "").split(separator: ";").map(String.init)))
        }
        try exec(db, "DELETE FROM agents;", path: path)
        let agentInsert = try compile(db, "INSERT INTO agents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", path: path)
        defer { sqlite3_finalize(agentInsert) }
        for a in tally.agents {
            try run(
                agentInsert,
                [
                    a.agent, a.calls, a.failed, a.mono, a.hours, a.meanShare, a.shareSpread,
                    a.perStereoHour(a.interruptions), a.perStereoHour(a.backchannels), a.silenceGapsPerHour,
                    a.longestMonologueIfAny, a.meanNods,
                    a.interruptedOpeningShare,
                ], db: db, path: path)
        }
    }
}
