import EarshotCore

/// The summary as named columns: the JSON report's `summary`, same keys, same figures, same order, so a CSV
/// row and a JSON report never disagree. Used by `analyze --format csv` and the batch's tables and database.
enum SummaryColumns {
    /// The keys of the JSON report's `summary`, in report order.
    static let keys = [
        "agent_talk_s", "customer_talk_s", "overlap_s", "silence_s", "agent_share", "interruptions_by_agent",
        "interruptions_by_customer", "backchannels_by_agent", "backchannels_by_customer", "silence_gaps",
        "longest_agent_monologue_s", "longest_customer_monologue_s", "response_gap_mean_s", "response_gap_median_s",
        "switches_per_min", "agent_nods_per_customer_min", "longest_unacknowledged_s", "unacknowledged_stretches_20s",
        "opening_account_s", "opening_interrupted", "opening_nods",
    ]

    /// The CSV columns: the call's duration, then the summary.
    static var names: [String] { ["duration_s"] + keys }

    /// One value per name, written as in the JSON report; a figure the report leaves `null` is empty.
    static func values(_ report: Report) -> [String] {
        let summary = ReportJSON.summary(report.summary)
        guard case .object(let pairs) = summary, pairs.map(\.0) == keys else {
            preconditionFailure("SummaryColumns.keys must list the JSON summary's keys in order")
        }
        return [text(.seconds(report.durationSeconds))] + pairs.map { text($0.1) }
    }

    private static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: ""
        case .string(let string): string
        default: value.rendered()
        }
    }
}
