import EarshotCore

/// `analyze --format text`: a short table for people, then the events and alerts.
enum ReportText {
    /// - Parameters:
    ///   - offsetSeconds: added to every event and alert time (a replay started part-way shows the file's times).
    ///   - newest: list the last `listed` events and alerts, not the first (the end of a live or replay session,
    ///     where the latest matter).
    static func render(_ report: Report, file: String, offsetSeconds: Double = 0, newest: Bool = false) -> String {
        let time = { (frame: Int) in clock(FrameClock.seconds(ofFrame: frame) + offsetSeconds) }
        let s = report.summary
        let mono = report.channelCount == 1
        // A replay started part-way: the stretch of the file it covers, in the file's times.
        let length =
            offsetSeconds > 0
            ? "\(clock(offsetSeconds))-\(clock(offsetSeconds + report.durationSeconds))" : clock(report.durationSeconds)
        var lines = ["\(printable(file))  \(length)  \(report.sampleRate) Hz  \(mono ? "mono" : "stereo")"]
        let share = s.agentShare.map { "\(Int(($0 * 100).rounded())) %" } ?? "-"
        // Each party's figures side by side; then the call's, then the agent's listening: one column each, so no
        // call-level figure reads as the agent's.
        let parties: [(String, String, String)] = [
            ("talk", duration(s.agentTalkSeconds), mono ? "" : duration(s.customerTalkSeconds)),
            ("interruptions", mono ? "-" : "\(s.interruptionsByAgent)", mono ? "" : "\(s.interruptionsByCustomer)"),
            ("backchannels", mono ? "-" : "\(s.backchannelsByAgent)", mono ? "" : "\(s.backchannelsByCustomer)"),
            (
                "longest monologue", duration(s.longestAgentMonologueSeconds),
                mono ? "" : duration(s.longestCustomerMonologueSeconds)
            ),
        ]
        // The agent's column as wide as its longest value needs ("1 h 05 min 18 s"), at least 14.
        let width = max(14, (parties.map(\.1.count).max() ?? 0) + 2)
        lines.append(row("", pad("agent", width) + (mono ? "" : "customer")))
        for (name, agent, customer) in parties { lines.append(row(name, pad(agent, width) + customer)) }
        lines += ["", "call"]
        lines.append(row("agent share", share))
        lines.append(row("overlap", mono ? "-" : duration(s.overlapSeconds)))
        lines.append(row("silence", duration(s.silenceSeconds)))
        lines.append(
            row("silence gaps", "\(s.silenceGaps) of \(threshold(report.thresholds.silenceGapSeconds)) or more"))
        let responseGap = s.responseGapMeanSeconds.map { mean in
            "mean \(fixed(mean)) s" + (s.responseGapMedianSeconds.map { ", median \(fixed($0)) s" } ?? "")
        }
        lines.append(row("response gap", responseGap ?? "-"))
        lines.append(row("floor switches", mono ? "-" : "\(fixed(s.switchesPerMinute)) per min"))
        if !mono {
            lines += ["", "agent listening"]
            lines.append(
                row("verbal nods", s.agentNodsPerCustomerMinute.map { "\(fixed($0)) per customer min" } ?? "-"))
            lines.append(
                row(
                    "unacknowledged",
                    "longest \(duration(s.longestUnacknowledgedSeconds)); \(s.unacknowledgedStretches) of "
                        + "\(threshold(report.thresholds.unacknowledgedSeconds)) or more"))
            // Where it lies (review C: the account can be the customer's third turn, which the length alone hides).
            let span = report.openingAccount.map { " (\(time($0.lowerBound))-\(time($0.upperBound)))" } ?? ""
            let opening = s.openingAccountSeconds.map {
                let cut = s.openingInterrupted == true ? "interrupted by the agent" : "not interrupted"
                return "\(duration($0))\(span), \(cut), \(s.openingNods ?? 0) nod(s)"
            }
            lines.append(row("opening account", opening ?? "none"))
        }
        if !report.quality.findings.isEmpty {
            lines.append("")
            lines.append("recording")
            let sharing = s.agentShare != nil
            for sentence in QualityText.sentences(report.quality, sharing: sharing) { lines.append("  " + sentence) }
        }
        if !report.lostCapture.isEmpty { lines += lostCapture(report.lostCapture, time: time) }
        lines += section(
            "events", report.events, newest: newest,
            line: { event in
                let who = event.by.map { " by \($0.rawValue)" } ?? ""
                return "  \(time(event.startFrame))-\(time(event.endFrame))  \(event.kind.rawValue)\(who)"
            })
        let words = adviceInReport(report)
        lines += section(
            "alerts", report.alerts, newest: newest,
            line: { alert in
                "  \(time(alert.firedFrame))  \(alert.rule.rawValue) (\(span(alert, clock: time))): \(words(alert))"
            })
        return lines.joined(separator: "\n")
    }

    /// A titled list of up to `listed` items (the first, or with `newest` the last), and a line for the rest.
    private static func section<Item>(
        _ title: String, _ items: [Item], newest: Bool, line: (Item) -> String
    ) -> [String] {
        guard !items.isEmpty else { return [] }
        let rest = items.count - listed
        if newest {
            return ["", title] + (rest > 0 ? ["  \(rest) earlier not shown (a --report file holds them all)"] : [])
                + items.suffix(listed).map(line)
        }
        return ["", title] + items.prefix(listed).map(line)
            + (rest > 0 ? ["  and \(rest) more (--format json lists them all)"] : [])
    }

    /// What an alert tells the agent, in the live views and the reports: "you cut in on the customer", "dead air";
    /// a cut-in on the customer's opening account, "let them finish their story".
    static func advice(_ alert: Alert) -> String {
        switch alert.rule {
        case .agentInterrupts: alert.phase == .opening ? "let them finish their story" : "you cut in on the customer"
        case .acknowledge: "a short \"mm-hm\" shows you are listening"
        case .agentDominates: "you are doing most of the talking"
        case .silenceGap: "dead air"
        case .agentMonologue: "long monologue: let the customer speak"
        }
    }

    /// An alert's advice as a report lists it: a `silence_gap` alert with no silence gap of the report's beside it (the
    /// silence after the last word, which no speech ended: docs/METRICS.md) says it is not counted, so that it does not
    /// read against "silence gaps 0" (review C: 21 of 42 reports listed such an alert).
    static func adviceInReport(_ report: Report) -> (Alert) -> String {
        let gaps = Set(report.events.filter { $0.kind == .silenceGap }.map(\.startFrame))
        return { alert in
            advice(alert)
                + (alert.rule == .silenceGap && !gaps.contains(alert.startFrame)
                    ? " (the silence at the end: no gap counted)" : "")
        }
    }

    /// What an alert's start is, in words, its times through `clock`: "since 0:12.6" (the cut-in, the silence, the
    /// turn began then), and for `agent_dominates` the window its share was judged over, "over 0:00.0-2:00.0" (its
    /// start is the window's, not when the agent began to dominate).
    static func span(_ alert: Alert, clock: (Int) -> String) -> String {
        alert.rule == .agentDominates
            ? "over \(clock(alert.startFrame))-\(clock(alert.firedFrame))" : "since \(clock(alert.startFrame))"
    }

    /// `clause` as a sentence of its own: its first letter a capital, a full stop at its end (a warning's words on
    /// a page).
    static func sentence(_ clause: String) -> String {
        clause.prefix(1).uppercased() + clause.dropFirst() + "."
    }

    /// `names` quoted and joined, the first `shown` of them, then "and N more": for a warning that lists files.
    /// `unquoted` for a closing line of failed inputs, `restSaid` says where the rest can be read.
    static func someOf(_ names: [String], shown: Int = 5, unquoted: Bool = false, restSaid: String = "") -> String {
        names.prefix(shown).map { unquoted ? $0 : "'\($0)'" }.joined(separator: ", ")
            + (names.count > shown ? " and \(names.count - shown) more\(restSaid)" : "")
    }

    /// Failed inputs a closing line names before "and N more": a folder of bad files (or a night's batch on a share
    /// gone bad) must not make one endless line; each is said on its own line, or in calls.csv.
    static let failuresNamed = 20

    /// Events and alerts listed in the text report before "and N more": a long call's would scroll the table
    /// out of sight (a 1-hour call has some 300 events).
    static let listed = 50

    /// `text` with control characters (escape sequences, line breaks in a file name) and the bidirectional
    /// controls that reorder what is shown (a name that shows as another: overrides, isolates, marks) shown as `?`:
    /// a name is printed, never obeyed by the terminal.
    static func printable(_ text: String) -> String {
        String(
            text.unicodeScalars.map {
                let v = $0.value
                let hidden =
                    v < 0x20 || (0x7F..<0xA0).contains(v) || (0x202A...0x202E).contains(v)
                    || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
                return hidden ? "?" : Character($0)
            })
    }

    /// The length of `spans` of frames, in seconds (a report's lost capture).
    static func seconds(of spans: [Range<Int>]) -> Double {
        FrameClock.seconds(ofFrame: spans.reduce(0) { $0 + $1.count })
    }

    /// Stretches of a live session's timeline that were never captured (overruns, a device gone, a full
    /// ring): their total, then the first 10 of them.
    static func lostCapture(_ spans: [Range<Int>], time: (Int) -> String) -> [String] {
        let total = seconds(of: spans)
        let shown = 10
        var lines = [
            "",
            "lost capture  \(duration(total)) in \(spans.count) stretch\(spans.count == 1 ? "" : "es"), not analysed",
        ]
        for span in spans.prefix(shown) { lines.append("  \(time(span.lowerBound))-\(time(span.upperBound))") }
        if spans.count > shown { lines.append("  and \(spans.count - shown) more") }
        return lines
    }

    /// m:ss.s, and h:mm:ss.s from an hour on.
    static func clock(_ seconds: Double) -> String {
        let tenths = tenthsOf(seconds)
        let minutes = tenths / 600
        let rest = tenths % 600
        let secs = String(rest / 10)
        let two = { (text: String) in text.count < 2 ? "0" + text : text }
        let shown = minutes >= 60 ? "\(minutes / 60):\(two(String(minutes % 60)))" : "\(minutes)"
        return "\(shown):\(two(secs)).\(rest % 10)"
    }

    /// A threshold in seconds as set: "3 s", "1.5 s", "0.25 s" (on the 10 ms grid, so two decimals at most).
    static func threshold(_ seconds: Double) -> String {
        let hundredths = Int((seconds * 100).rounded())
        var text = "\(hundredths / 100)"
        if hundredths % 100 != 0 {
            let fraction = hundredths % 100
            text += "." + (fraction % 10 == 0 ? "\(fraction / 10)" : (fraction < 10 ? "0\(fraction)" : "\(fraction)"))
        }
        return text + " s"
    }

    /// A length for people: "18.9 s" under a minute, "26 min 44.5 s" under an hour, "1 h 05 min 18 s" from one (a
    /// long call's talk in seconds alone had to be divided by 60 to be read).
    static func duration(_ seconds: Double) -> String {
        let tenths = tenthsOf(seconds)
        guard tenths >= 600 else { return "\(fixed(seconds)) s" }
        guard tenths >= 36_000 else { return length(wholeSeconds: tenths / 10, fraction: "\(tenths % 10)") }
        // From the value: 3600.45 s is 1 h 00 min 00 s.
        return length(wholeSeconds: Int((seconds * (1 + 1e-12)).rounded()))
    }

    /// `wholeSeconds` (0 or more) as "ss s", "m min ss s" or "h h mm min ss s", with `fraction`'s digits after the
    /// seconds' point when it has any.
    static func length(wholeSeconds whole: Int, fraction: String = "") -> String {
        let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        let point = fraction.isEmpty ? "" : "." + fraction
        guard whole >= 60 else { return "\(whole)\(point) s" }
        let seconds = "\(two(whole % 60))\(point) s"
        guard whole >= 3_600 else { return "\(whole / 60) min \(seconds)" }
        return "\(whole / 3_600) h \(two(whole % 3_600 / 60)) min \(seconds)"
    }

    static func fixed(_ value: Double) -> String {
        let tenths = tenthsOf(value)
        return "\(tenths < 0 ? "-" : "")\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }

    /// `value` in tenths, rounded half away from zero. Times on the 10 ms grid such as 16.55 s are held as
    /// 16.549999…, which would round down; a nudge of one part in 10^12 away from zero rounds them as written
    /// (16.6, as the JSON's 16.55 reads) and changes no other value's tenths.
    static func tenthsOf(_ value: Double) -> Int {
        Int((value * 10 * (1 + 1e-12)).rounded())
    }

    /// A table line: the name in a 20-character column, then the value, without trailing spaces.
    static func row(_ name: String, _ value: String) -> String {
        var line = pad(name, 20) + value
        while line.last == " " { line.removeLast() }
        return line
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
