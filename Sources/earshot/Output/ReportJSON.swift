import EarshotCore

/// The `analyze --format json` shape of a report (a contract: see README).
enum ReportJSON {
    /// The line `analyze --format json` writes for a file it could not analyse among several (JSON Lines): its
    /// `file`, the flag `failed` and its `error`, as a batch's failed call record has them.
    static func failedLine(file: String, error: String) -> String {
        JSONValue.object([("file", .string(file)), ("flags", .array([.string("failed")])), ("error", .string(error))])
            .rendered()
    }

    /// - Parameters:
    ///   - offsetSeconds: added to every media time (a replay started part-way reports times from the start of
    ///     the file).
    ///   - flags: the call's QA flags (`CallRecord.flags(for:alerts:)`), written last; `nil` leaves them out (a
    ///     batch's record adds its own after `source`).
    static func value(_ report: Report, file: String, offsetSeconds: Double = 0, flags: [String]? = nil) -> JSONValue {
        let seconds = { (frame: Int) in JSONValue.seconds(FrameClock.seconds(ofFrame: frame) + offsetSeconds) }
        var roles: [(String, JSONValue)] = [("agent", .int(report.roles[.agent] ?? 0))]
        roles.append(("customer", report.roles[.customer].map { .int($0) } ?? .null))
        // Segments and events are made one by one as they are written (a long call has tens of thousands).
        let segments = JSONValue.lazyArray(count: report.segments.count) { index in
            let segment = report.segments[index]
            return .object([
                ("channel", .int(segment.channel)), ("role", .string(segment.role.rawValue)),
                ("start", seconds(segment.startFrame)), ("end", seconds(segment.endFrame)),
            ])
        }
        let events = JSONValue.lazyArray(count: report.events.count) { index in
            let event = report.events[index]
            var pairs: [(String, JSONValue)] = [("type", .string(event.kind.rawValue))]
            if let by = event.by { pairs.append(("by", .string(by.rawValue))) }
            pairs += [("start", seconds(event.startFrame)), ("end", seconds(event.endFrame))]
            return .object(pairs)
        }
        let alerts = report.alerts.map { alert($0, offsetSeconds: offsetSeconds) }
        var pairs: [(String, JSONValue)] = [
            ("file", .string(file)),
            ("duration_s", .seconds(report.durationSeconds)),
            ("sample_rate", .int(report.sampleRate)),
            ("channels", .int(report.channelCount)),
            ("roles", .object(roles)),
            ("segments", segments),
            ("events", events),
            ("alerts", .array(alerts)),
            ("summary", summary(report.summary)),
            (
                "thresholds",
                .object([
                    ("silence_gap_s", .seconds(report.thresholds.silenceGapSeconds)),
                    ("unacknowledged_s", .seconds(report.thresholds.unacknowledgedSeconds)),
                    ("dominance_share", .number(report.thresholds.dominanceShare, decimals: 4)),
                    ("monologue_s", .seconds(report.thresholds.monologueSeconds)),
                ])
            ),
            ("start_offset_s", .seconds(offsetSeconds)),
            (
                "unacknowledged",
                .array(
                    report.unacknowledged.map {
                        .object([("start", seconds($0.lowerBound)), ("end", seconds($0.upperBound))])
                    })
            ),
            (
                "opening_account",
                report.openingAccount.map {
                    .object([("start", seconds($0.lowerBound)), ("end", seconds($0.upperBound))])
                } ?? .null
            ),
            ("quality", QualityText.json(report.quality, sharing: report.summary.agentShare != nil)),
            (
                "lost_capture",
                .array(
                    report.lostCapture.map {
                        .object([("start", seconds($0.lowerBound)), ("end", seconds($0.upperBound))])
                    })
            ),
        ]
        if let flags { pairs.append(("flags", .array(flags.map { .string($0) }))) }
        return .object(pairs)
    }

    /// One alert, as in the report's `alerts` and in `--json` lines; with `advice`, also the view's words (the live
    /// streams: JSON Lines and `--on-alert`'s input).
    static func alert(_ alert: Alert, offsetSeconds: Double = 0, advice: Bool = false) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("type", .string("alert")), ("rule", .string(alert.rule.rawValue)),
            ("t", .seconds(FrameClock.seconds(ofFrame: alert.firedFrame) + offsetSeconds)),
            ("start", .seconds(FrameClock.seconds(ofFrame: alert.startFrame) + offsetSeconds)),
        ]
        if let phase = alert.phase { pairs.append(("phase", .string(phase.rawValue))) }
        if advice { pairs.append(("advice", .string(ReportText.advice(alert)))) }
        return .object(pairs)
    }

    static func summary(_ s: Summary) -> JSONValue {
        let optional = { (value: Double?, decimals: Int) in
            value.map { JSONValue.number($0, decimals: decimals) } ?? .null
        }
        return .object([
            ("agent_talk_s", .seconds(s.agentTalkSeconds)),
            ("customer_talk_s", .seconds(s.customerTalkSeconds)),
            ("overlap_s", .seconds(s.overlapSeconds)),
            ("silence_s", .seconds(s.silenceSeconds)),
            ("agent_share", optional(s.agentShare, 6)),
            ("interruptions_by_agent", .int(s.interruptionsByAgent)),
            ("interruptions_by_customer", .int(s.interruptionsByCustomer)),
            ("backchannels_by_agent", .int(s.backchannelsByAgent)),
            ("backchannels_by_customer", .int(s.backchannelsByCustomer)),
            ("silence_gaps", .int(s.silenceGaps)),
            ("longest_agent_monologue_s", .seconds(s.longestAgentMonologueSeconds)),
            ("longest_customer_monologue_s", .seconds(s.longestCustomerMonologueSeconds)),
            ("response_gap_mean_s", optional(s.responseGapMeanSeconds, 4)),
            ("response_gap_median_s", optional(s.responseGapMedianSeconds, 4)),
            ("switches_per_min", .number(s.switchesPerMinute, decimals: 4)),
            ("agent_nods_per_customer_min", optional(s.agentNodsPerCustomerMinute, 4)),
            ("longest_unacknowledged_s", .seconds(s.longestUnacknowledgedSeconds)),
            ("unacknowledged_stretches_20s", .int(s.unacknowledgedStretches)),
            ("opening_account_s", optional(s.openingAccountSeconds, 3)),
            ("opening_interrupted", s.openingInterrupted.map { .bool($0) } ?? .null),
            ("opening_nods", s.openingNods.map { .int($0) } ?? .null),
        ])
    }
}
