import EarshotCore
import Foundation

/// The batch tables (calls.csv, events.csv, agents.csv), built from the saved call records one at a time.
enum BatchTables {
    static let callsHeader =
        (["file", "call_id", "agent", "agent_channel", "channels", "sample_rate", "duration_s"] + SummaryColumns.keys
        + [longestGapColumn, "flags", "error", "settings"] + thresholdColumns + ["file_modified", "record"])
        .joined(separator: ",") + "\n"

    /// The longest silence gap, seconds (report.html's "longest gap s": the worst dead air; 0 when there is none).
    static let longestGapColumn = "longest_silence_gap_s"

    /// A call's longest silence gap, from its saved events (`nil` for a call that failed).
    static func longestGap(_ r: CallRecord) -> Double? {
        guard let events = r.report?["events"] as? [[String: Any]] else { return nil }
        return longestGap(
            seconds: events.filter { $0["type"] as? String == "silence_gap" }.compactMap { event -> Double? in
                guard let start = event["start"] as? Double, let end = event["end"] as? Double else { return nil }
                return end - start
            })
    }

    /// The longest of silence gaps lasting `seconds`, on the 10 ms grid (without a subtraction's error); 0 for none.
    /// The one definition behind calls.csv, the database and report.html.
    static func longestGap(seconds: [Double]) -> Double {
        let perSecond = Double(FrameClock.framesPerSecond)
        return seconds.map { ($0 * perSecond).rounded() / perSecond }.max() ?? 0
    }

    /// The thresholds a call's counts and flags were made with (the report's `thresholds`): `silence_gaps` counts
    /// gaps of the first or longer, `unacknowledged_stretches_20s` stretches of the second or longer (20 s by
    /// default); the flag `dominant` is an agent share above the third, `monologue` a monologue of the fourth.
    static let thresholdColumns = [
        "silence_gap_threshold_s", "unacknowledged_threshold_s", "dominance_share_threshold", "monologue_threshold_s",
    ]

    /// A call's threshold values (`nil` for a call that failed).
    static func thresholds(_ r: CallRecord) -> [Double?] {
        let thresholds = r.report?["thresholds"] as? [String: Any]
        let keys = ["silence_gap_s", "unacknowledged_s", "dominance_share", "monologue_s"]
        return keys.map { thresholds?[$0] as? Double }
    }

    /// A call's line of calls.csv.
    static func callsRow(_ r: CallRecord) -> String {
        let report = r.report ?? [:]
        let summary = report["summary"] as? [String: Any] ?? [:]
        var row = [
            r.path, r.callID ?? "", r.agent ?? "", String(r.agentChannelUsed), text(report["channels"]),
            text(report["sample_rate"]), text(report["duration_s"]),
        ]
        row += SummaryColumns.keys.map { text(summary[$0]) }
        row += [longestGap(r).map { text($0) } ?? "", r.flags.joined(separator: ";"), r.error ?? "", r.fingerprint]
        row += thresholds(r).map { $0.map { text($0) } ?? "" }
        row += [r.modified != 0 ? utc(r.modified) : "", "calls/" + r.fileName]
        return row.map(ReportCSV.field).joined(separator: ",") + "\n"
    }

    /// Seconds since 1970 as ISO 8601 in UTC, to the second: "2026-12-05T09:30:00Z".
    static func utc(_ seconds: Double) -> String {
        Date(timeIntervalSince1970: seconds.rounded(.down)).formatted(.iso8601)
    }

    static let eventsHeader = "file,call_id,agent,type,by,rule,start,end,t,phase\n"

    /// A call's lines of events.csv: its events, then its alerts.
    static func eventsRows(_ r: CallRecord) -> String {
        guard let report = r.report else { return "" }
        var lines = ""
        for event in report["events"] as? [[String: Any]] ?? [] {
            lines +=
                [
                    r.path, r.callID ?? "", r.agent ?? "", text(event["type"]), text(event["by"]), "",
                    text(event["start"]), text(event["end"]), "", "",
                ].map(ReportCSV.field).joined(separator: ",") + "\n"
        }
        for alert in report["alerts"] as? [[String: Any]] ?? [] {
            lines +=
                [
                    r.path, r.callID ?? "", r.agent ?? "", "alert", "", text(alert["rule"]), text(alert["start"]),
                    "", text(alert["t"]), text(alert["phase"]),
                ].map(ReportCSV.field).joined(separator: ",") + "\n"
        }
        return lines
    }

    /// Per agent (calls without an agent id are grouped as "(none)").
    struct AgentRow {
        var agent: String
        var calls = 0
        var failed = 0
        var mono = 0
        var hours = 0.0
        /// Hours of two-channel calls: the base of the per-hour interruption and backchannel rates (a mono
        /// call has neither).
        var stereoHours = 0.0
        /// Hours of the calls whose silence gaps count: the base of the per-hour silence-gap rate (a call with a
        /// silent channel has none that count: its unheard party's talk reads as silence).
        var gapHours = 0.0
        var shares: [Double] = []
        var interruptions = 0
        var backchannels = 0
        var silenceGaps = 0
        var longestMonologue = 0.0
        /// Σ (nods per customer minute × customer minutes), and those minutes, over the calls with a nod rate.
        var nods = 0.0
        var customerMinutes = 0.0
        var openings = 0
        var interruptedOpenings = 0

        /// Mean agent share over the calls that have one and the talk to judge it (`AgentTally.shareMinTalkSeconds`).
        var meanShare: Double? { shares.isEmpty ? nil : shares.reduce(0, +) / Double(shares.count) }

        /// Sample standard deviation of the agent share (`nil` below two calls with one).
        var shareSpread: Double? {
            guard shares.count >= 2 else { return nil }
            return meanShare.map { m in
                (shares.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(max(1, shares.count - 1))).squareRoot()
            }
        }

        /// Agent nods per minute of customer talk over all the calls' customer talk: each call weighs by its minutes,
        /// so a hang-up's few seconds (3 s of customer talk and one "okay" read 20 a minute) do not swing it.
        var meanNods: Double? { customerMinutes > 0 ? nods / customerMinutes : nil }
        /// Share of the calls with an opening account in which the agent interrupted it.
        var interruptedOpeningShare: Double? { openings == 0 ? nil : Double(interruptedOpenings) / Double(openings) }

        /// Silence gaps per hour of the calls whose gaps count.
        var silenceGapsPerHour: Double? { gapHours > 0 ? Double(silenceGaps) / gapHours : nil }

        /// `count` per hour of two-channel audio (interruptions and backchannels).
        func perStereoHour(_ count: Int) -> Double? { stereoHours > 0 ? Double(count) / stereoHours : nil }

        /// The longest agent monologue, `nil` when no two-party call of the agent could be analysed.
        var longestMonologueIfAny: Double? { stereoHours > 0 ? longestMonologue : nil }
    }

    /// The per-agent rows, built one call at a time.
    struct AgentTally {
        private var rows: [String: AgentRow] = [:]

        /// The talk (agent plus customer) a call needs for its agent share to count in the agent's mean: the talk
        /// `agent_dominates` and the `dominant` flag need (30 s). A hang-up or a voicemail greeting, the agent's
        /// "hello?" alone, is share 1.0 and would lift the mean.
        static let shareMinTalkSeconds = FrameClock.seconds(ofFrame: AlertConfiguration.standard.dominanceMinTalkFrames)

        mutating func add(_ r: CallRecord) {
            let name = r.agent ?? "(none)"
            var row = rows[name] ?? AgentRow(agent: name)
            row.calls += 1
            if r.error != nil {
                row.failed += 1
            } else if let report = r.report, let summary = report["summary"] as? [String: Any] {
                let hours = (report["duration_s"] as? Double ?? 0) / 3_600
                row.hours += hours
                if !r.flags.contains("silent_channel") {
                    row.gapHours += hours
                    row.silenceGaps += summary["silence_gaps"] as? Int ?? 0
                }
                if r.flags.contains("mono") { row.mono += 1 }
                // Who said what is known only on two good channels: a mono call (both voices on one), a channel
                // carrying nothing of its own, or the same audio twice would count the customer as the agent
                // (a muted customer is share 1.0, a copy doubles the interruptions). Such calls add their hours
                // and (but for a silent channel) their silence gaps only.
                guard !r.flags.contains("mono"), !r.flags.contains(where: QualityText.hidingParties.contains) else {
                    rows[name] = row
                    return
                }
                row.stereoHours += hours
                let talk = (summary["agent_talk_s"] as? Double ?? 0) + (summary["customer_talk_s"] as? Double ?? 0)
                if let share = summary["agent_share"] as? Double, talk >= Self.shareMinTalkSeconds {
                    row.shares.append(share)
                }
                row.interruptions += summary["interruptions_by_agent"] as? Int ?? 0
                row.backchannels += summary["backchannels_by_agent"] as? Int ?? 0
                row.longestMonologue = max(row.longestMonologue, summary["longest_agent_monologue_s"] as? Double ?? 0)
                if let rate = summary["agent_nods_per_customer_min"] as? Double {
                    let minutes = (summary["customer_talk_s"] as? Double ?? 0) / 60
                    row.nods += rate * minutes
                    row.customerMinutes += minutes
                }
                if let interrupted = summary["opening_interrupted"] as? Bool {
                    row.openings += 1
                    if interrupted { row.interruptedOpenings += 1 }
                }
            }
            rows[name] = row
        }

        /// The rows, sorted by agent.
        var agents: [AgentRow] { rows.values.sorted { $0.agent < $1.agent } }
    }

    static func agentsCSV(_ tally: AgentTally) -> String {
        var lines = [
            "agent,calls,failed,mono_calls,hours,agent_share_mean,agent_share_sd,interruptions_per_hour,"
                + "backchannels_per_hour,silence_gaps_per_hour,longest_monologue_s,nods_per_customer_min_mean,"
                + "interrupted_opening_share"
        ]
        for a in tally.agents {
            let figure = { (value: Double?, decimals: Int) -> String in
                value.map { JSONValue.format($0, decimals: decimals) } ?? ""
            }
            let counts: [String] = [a.agent, String(a.calls), String(a.failed), String(a.mono)]
            let figures: [String] = [
                figure(a.hours, 4), figure(a.meanShare, 4), figure(a.shareSpread, 4),
                figure(a.perStereoHour(a.interruptions), 2), figure(a.perStereoHour(a.backchannels), 2),
                figure(a.silenceGapsPerHour, 2), figure(a.longestMonologueIfAny, 2), figure(a.meanNods, 3),
                figure(a.interruptedOpeningShare, 3),
            ]
            lines.append(
                (counts + figures).map(ReportCSV.field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A saved report's value as the report wrote it (its figures have at most 6 decimals), so that calls.csv and
    /// `analyze --format csv` give the same figures.
    static func text(_ value: Any?) -> String {
        // JSONSerialization's true and false are numbers that also read as Int: told apart by their type code.
        if let number = value as? NSNumber {
            switch String(cString: number.objCType) {
            case "c": return number.boolValue ? "true" : "false"
            // A JSON 0.0 or 1.0 also reads as Int: written as the JSON and `analyze --format csv` write it.
            case "d", "f": return JSONValue.format(number.doubleValue, decimals: 6)
            default: break
            }
        }
        return switch value {
        case let v as String: v
        case let v as Int: String(v)
        case let v as Double: JSONValue.format(v, decimals: 6)
        case let v as Bool: v ? "true" : "false"
        default: ""
        }
    }
}
