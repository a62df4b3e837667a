import EarshotCore

/// The summary as named columns, in report order: shared by the CSV and text outputs.
enum SummaryColumns {
    static let names = [
        "duration_s", "agent_talk_s", "customer_talk_s", "overlap_s", "silence_s", "agent_share",
        "interruptions_by_agent", "interruptions_by_customer", "backchannels_by_agent", "backchannels_by_customer",
        "silence_gaps", "longest_agent_monologue_s", "longest_customer_monologue_s", "response_gap_mean_s",
        "response_gap_median_s", "switches_per_min",
    ]

    static func values(_ report: Report) -> [String] {
        let s = report.summary
        let f = { (value: Double?, decimals: Int) in value.map { JSONValue.format($0, decimals: decimals) } ?? "" }
        return [
            f(report.durationSeconds, 2), f(s.agentTalkSeconds, 2), f(s.customerTalkSeconds, 2), f(s.overlapSeconds, 2),
            f(s.silenceSeconds, 2), f(s.agentShare, 3), String(s.interruptionsByAgent),
            String(s.interruptionsByCustomer),
            String(s.backchannelsByAgent), String(s.backchannelsByCustomer), String(s.silenceGaps),
            f(s.longestAgentMonologueSeconds, 2), f(s.longestCustomerMonologueSeconds, 2),
            f(s.responseGapMeanSeconds, 2),
            f(s.responseGapMedianSeconds, 2), f(s.switchesPerMinute, 2),
        ]
    }
}
