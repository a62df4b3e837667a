import EarshotCore
import Foundation

/// Reads a saved report (the `analyze --format json` shape) back into a `Report`, for the pages built
/// from saved call records.
enum ReportDecoder {
    static func report(from object: [String: Any]) -> Report? {
        guard let rate = object["sample_rate"] as? Int, let channels = object["channels"] as? Int,
            let duration = object["duration_s"] as? Double, let summary = object["summary"] as? [String: Any],
            rate > 0, channels > 0
        else { return nil }
        // Times far out of range (a hand-edited 1e300) are held to ±10^12 frames rather than trapping.
        let perSecond = Double(FrameClock.framesPerSecond)
        let frame = { (seconds: Any?) in Int(max(-1e12, min(1e12, ((seconds as? Double) ?? 0) * perSecond)).rounded()) }
        // A span whose end lies before its start (a record edited by hand) is read as empty, not as a trap.
        let span = { (s: [String: Any]) in frame(s["start"])..<max(frame(s["start"]), frame(s["end"])) }
        var roles: [Role: Int] = [:]
        if let r = object["roles"] as? [String: Any] {
            for role in Role.allCases { if let channel = r[role.rawValue] as? Int { roles[role] = channel } }
        }
        let segments = (object["segments"] as? [[String: Any]] ?? []).compactMap { s -> Segment? in
            guard let role = (s["role"] as? String).flatMap(Role.init(rawValue:)) else { return nil }
            let frames = span(s)
            return Segment(
                role: role, channel: s["channel"] as? Int ?? 0, startFrame: frames.lowerBound,
                endFrame: frames.upperBound)
        }
        let events = (object["events"] as? [[String: Any]] ?? []).compactMap { e -> ConversationEvent? in
            guard let kind = (e["type"] as? String).flatMap(ConversationEvent.Kind.init(rawValue:)) else { return nil }
            let frames = span(e)
            return ConversationEvent(
                kind: kind, by: (e["by"] as? String).flatMap(Role.init(rawValue:)), startFrame: frames.lowerBound,
                endFrame: frames.upperBound)
        }
        let alerts = (object["alerts"] as? [[String: Any]] ?? []).compactMap { a -> Alert? in
            guard let rule = (a["rule"] as? String).flatMap(Alert.Rule.init(rawValue:)) else { return nil }
            return Alert(
                rule: rule, firedFrame: frame(a["t"]), startFrame: frame(a["start"]),
                phase: (a["phase"] as? String).flatMap(Alert.Phase.init(rawValue:)))
        }
        let spans = { (key: String) in (object[key] as? [[String: Any]] ?? []).map(span) }
        let lost = spans("lost_capture")
        let opening = (object["opening_account"] as? [String: Any]).map(span)
        let number = { (key: String) in summary[key] as? Double ?? 0 }
        let count = { (key: String) in summary[key] as? Int ?? 0 }
        var figures = Summary(
            agentTalkSeconds: number("agent_talk_s"), customerTalkSeconds: number("customer_talk_s"),
            overlapSeconds: number("overlap_s"), silenceSeconds: number("silence_s"),
            agentShare: summary["agent_share"] as? Double, interruptionsByAgent: count("interruptions_by_agent"),
            interruptionsByCustomer: count("interruptions_by_customer"),
            backchannelsByAgent: count("backchannels_by_agent"),
            backchannelsByCustomer: count("backchannels_by_customer"),
            silenceGaps: count("silence_gaps"), longestAgentMonologueSeconds: number("longest_agent_monologue_s"),
            longestCustomerMonologueSeconds: number("longest_customer_monologue_s"),
            responseGapMeanSeconds: summary["response_gap_mean_s"] as? Double,
            responseGapMedianSeconds: summary["response_gap_median_s"] as? Double,
            switchesPerMinute: number("switches_per_min"))
        // The listening coach's figures (every one of them: a page built from saved records shows them).
        figures.agentNodsPerCustomerMinute = summary["agent_nods_per_customer_min"] as? Double
        figures.longestUnacknowledgedSeconds = number("longest_unacknowledged_s")
        figures.unacknowledgedStretches = count("unacknowledged_stretches_20s")
        figures.openingAccountSeconds = summary["opening_account_s"] as? Double
        figures.openingInterrupted = summary["opening_interrupted"] as? Bool
        figures.openingNods = summary["opening_nods"] as? Int
        return Report(
            sampleRate: rate, channelCount: channels,
            sampleCount: Int(max(0, min(1e15, duration * Double(rate))).rounded()),
            roles: roles, segments: segments, events: events, alerts: alerts, summary: figures,
            lostCapture: lost, unacknowledged: spans("unacknowledged"), openingAccount: opening,
            thresholds: thresholds(object["thresholds"] as? [String: Any]))
    }

    /// The thresholds a report was made with; the defaults for a report saved before they were written.
    private static func thresholds(_ object: [String: Any]?) -> CountThresholds {
        let standard = CountThresholds.standard
        return CountThresholds(
            silenceGapSeconds: object?["silence_gap_s"] as? Double ?? standard.silenceGapSeconds,
            unacknowledgedSeconds: object?["unacknowledged_s"] as? Double ?? standard.unacknowledgedSeconds,
            dominanceShare: object?["dominance_share"] as? Double ?? standard.dominanceShare,
            monologueSeconds: object?["monologue_s"] as? Double ?? standard.monologueSeconds)
    }
}
