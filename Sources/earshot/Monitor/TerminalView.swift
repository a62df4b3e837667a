import EarshotCore
import Foundation

/// The live view on a terminal, redrawn in place a few times a second: who speaks, agent share (call
/// and recent) as bars, event counts, elapsed time and the latest alerts, highlighted in colour.
final class TerminalView: MonitorOutput {
    private let colour: Bool
    private let bell: Bool
    private let unicode: Bool
    private var lastBell = -Double.infinity
    private var drawnLines = 0
    private var lastDraw = 0.0
    private var latest: MonitorSnapshot?
    private var alertCount = 0
    private let dominanceShare: Double
    private let dominanceMinTalkSeconds: Double
    var offsetSeconds = 0.0

    /// - Parameters:
    ///   - colour: use ANSI colours (off when `NO_COLOR` is set).
    ///   - bell: ring the terminal bell on alerts (at most once in 2 s: a replay at full speed would ring on).
    ///   - unicode: draw with ● ○ █ ░ · (a UTF-8 locale), else with ASCII.
    ///   - dominanceShare: a share bar over this is drawn in the warning colour (`--dominance-share`)...
    ///   - dominanceMinTalkSeconds: ...once the call has this much talk, as the alert needs (100 % in a call's
    ///     first second is no warning).
    init(
        colour: Bool, bell: Bool, unicode: Bool = true, dominanceShare: Double = 0.65,
        dominanceMinTalkSeconds: Double = FrameClock.seconds(
            ofFrame: AlertConfiguration.standard.dominanceMinTalkFrames)
    ) {
        self.dominanceShare = dominanceShare
        self.dominanceMinTalkSeconds = dominanceMinTalkSeconds
        self.colour = colour
        self.bell = bell
        self.unicode = unicode
    }

    /// Whether the locale's character set is UTF-8 (`LC_ALL`, else `LC_CTYPE`, else `LANG`; none set is "C").
    static func localeIsUTF8(_ environment: [String: String]) -> Bool {
        let name = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? "C"
        let lowered = name.lowercased()
        return lowered.contains("utf-8") || lowered.contains("utf8")
    }

    var drawsInPlace: Bool { true }

    /// Prints `line` where the view is and draws the view again below it: lines written to the terminal
    /// behind the view's back would be drawn over by its next redraw, and leave old frames above. A line wider
    /// than the terminal is wrapped by it, not cut (it stays above the view, which counts only its own rows).
    func note(_ line: String) {
        var out = drawnLines > 0 ? "\u{1B}[\(drawnLines)A\u{1B}[J" : ""  // up over the frame, clear below
        out += ReportText.printable(line) + "\n"
        StandardOutput.write(out)
        drawnLines = 0
        if let latest { draw(latest, force: true) }
    }

    func event(_ event: ConversationEvent, mediaSeconds: Double) {}

    func alert(_ alert: Alert) {
        alertCount += 1
        let now = Date().timeIntervalSince1970
        if bell && now - lastBell >= 2 {
            lastBell = now
            StandardOutput.write("\u{07}")
        }
        // The list and the counts include the new alert at once, not from the next status.
        guard var latest else { return }
        latest.add(alert)
        self.latest = latest
        draw(latest, force: true)
    }

    func status(_ snapshot: MonitorSnapshot) {
        latest = snapshot
        draw(snapshot, force: false)
    }

    func finish(_ report: Report, file: String, stats: CaptureStats?) {
        if let latest { draw(latest, force: true) }
        StandardOutput.line("")
        StandardOutput.line(ReportText.render(report, file: file, offsetSeconds: offsetSeconds, newest: true))
    }

    private func draw(_ s: MonitorSnapshot, force: Bool) {
        let now = Date().timeIntervalSince1970
        guard force || now - lastDraw >= 0.25 else { return }
        lastDraw = now
        let columns = Self.terminalSize().columns - 1
        // Each line is cut to the terminal's width, and the frame to its height: a line that wrapped would take
        // two rows, and a row scrolled off the top cannot be reached again, so the next redraw, moving up one row
        // per line, would leave the top of this frame behind.
        let shown = Self.fit(frame(s, columns: columns), rows: Self.terminalSize().rows - 1)
        var out = drawnLines > 0 ? "\u{1B}[\(drawnLines)A" : ""
        for line in shown { out += "\u{1B}[2K" + Self.cut(line, toColumns: columns) + "\n" }
        drawnLines = shown.count
        StandardOutput.write(out)
    }

    /// The lines of the frame for `s` on a terminal `columns` wide, each with its rank: in a terminal too short for
    /// the frame, the highest ranks are left out first.
    func frame(_ s: MonitorSnapshot, columns: Int) -> [ViewLine] {
        var lines: [ViewLine] = []
        func add(_ text: String, _ rank: Int, continues: Bool = false) {
            lines.append(ViewLine(text, text.isEmpty ? 10 : rank, continues: continues))
        }
        // A line of words too long for the terminal goes on over more lines (indented), painted piece by piece.
        func addWrapped(_ text: String, _ rank: Int, colour: Int? = nil) {
            for (index, wrapped) in Self.wrap(text, toColumns: columns).enumerated() {
                let piece = String(wrapped.map { $0 == Self.glue ? " " : $0 })
                add(colour.map { paint(piece, $0) } ?? piece, rank, continues: index > 0)
            }
        }
        let g = Self.glue
        let (on, off) = unicode ? ("●", "○") : ("*", "o")
        // With no audio coming (a device gone or silent), nobody is heard: the last state would stand frozen.
        let hearing = s.stats?.isHearing ?? true
        let agentNow = s.agentSpeaking && hearing ? paint("\(on) agent speaking", 32) : "\(off) agent"
        // A mono recording has one speaker: no customer to show.
        let customerNow =
            !s.twoParties
            ? "" : s.customerSpeaking && hearing ? paint("\(on) customer speaking", 36) : "\(off) customer"
        let clock = ReportText.clock(s.mediaSeconds + offsetSeconds)
        let header = "\(paint("earshot", 1))  \(clock)   \(agentNow)   \(customerNow)"
        if Self.cut(header, toColumns: columns) == header {  // it fits
            add(header, 0)
        } else {  // a narrow terminal: both parties' state before anything else
            let agent = s.agentSpeaking && hearing ? paint("\(on) agent", 32) : "\(off) agent"
            let customer = s.customerSpeaking && hearing ? paint("\(on) customer", 36) : "\(off) customer"
            add("\(clock) \(agent)\(s.twoParties ? " " + customer : "")", 0)
        }
        if let warning = s.unheardWarning, hearing { addWrapped(warning, 1, colour: 31) }
        let m = s.summary
        let talk = m.agentTalkSeconds + m.customerTalkSeconds
        // The bars shrink to the terminal's width (a bar cut short would read as a smaller share); under 34 columns
        // their labels shorten to leave a bar of 5 or more.
        let narrow = columns < 34
        let barWidth = narrow ? max(3, min(20, columns - 16)) : min(20, columns - 29)
        let (call, recent) = narrow ? ("share  ", "recent ") : ("agent share  call   ", "             recent ")
        add(call + bar(m.agentShare, talkSeconds: talk, width: barWidth), 2)
        add(recent + bar(s.recentAgentShare, talkSeconds: s.recentTalkSeconds, width: barWidth), 7)
        // A cut-in and a dead air count from their alerts on, not only once they have ended (`MonitorSnapshot`).
        let gaps = s.silenceGapsShown
        if s.twoParties {
            let interruptions = s.agentInterruptionsShown
            addWrapped(
                "interruptions  agent\(g)\(interruptions)  customer\(g)\(m.interruptionsByCustomer)   "
                    + "silence\(g)gaps\(g)\(gaps)", 2)
            addWrapped("backchannels   agent\(g)\(m.backchannelsByAgent)  customer\(g)\(m.backchannelsByCustomer)", 5)
        } else {  // one speaker: nobody to interrupt or acknowledge
            addWrapped("interruptions  -   silence\(g)gaps\(g)\(gaps)", 2)
            add("backchannels   -", 5)
        }
        if let quiet = s.agentQuietSecondsWhileCustomerTalks, hearing, !s.closing {
            // The customer's talk since they began or since the agent's last sound, whichever came later; not on the
            // closing frame: the call is over, and the report's longest unacknowledged stretch leaves the last
            // pause out.
            addWrapped("customer talking \(ReportText.duration(quiet)) without a word from you", 8, colour: 34)
        } else {
            add("", 10)
        }
        add("alerts (\(alertCount)):", 4)
        for (age, alert) in s.recentAlerts.suffix(3).reversed().enumerated() {
            // Hints in a calm cyan, cut-ins in red, the rest in yellow.
            let colour = alert.rule == .acknowledge ? 36 : alert.rule == .agentInterrupts ? 31 : 33
            addWrapped("  " + describe(alert, columns: columns - 2), [3, 6, 9][age], colour: colour)
        }
        for _ in s.recentAlerts.suffix(3).count..<3 { add("", 10) }
        if let stats = s.stats {
            for line in captureLines(stats, columns: columns) {
                for (index, piece) in line.enumerated() { add(piece, 1, continues: index > 0) }
            }
        }
        return lines
    }

    /// Live capture's line: the device's state first, then its counts (in a narrow terminal, each a line of its own,
    /// wrapped: each line's pieces).
    private func captureLines(_ stats: CaptureStats, columns: Int) -> [[String]] {
        // Of two devices, whose: the party's device ("NO AUDIO (customer device) for 3 s").
        let whose = stats.quietParty.map { " (\($0) device\($0.contains(" and ") ? "s" : ""))" } ?? ""
        let state =
            stats.deviceLost
            ? "DEVICE LOST\(whose), retrying"
            : stats.secondsWithoutAudio >= CaptureStats.noAudioSeconds
                ? "NO AUDIO\(whose) for \(Int(stats.secondsWithoutAudio)) s" : ""
        let lost = ReportText.duration(stats.lostSeconds)
        let counts = "overruns \(stats.overruns), dropped \(stats.droppedFrames) frames, lost \(lost)"
        let whole = "capture: \(state.isEmpty ? "" : state + "  ")\(counts)"
        guard whole.count > columns else {
            return [["capture: " + (state.isEmpty ? "" : paint(state, 31) + "  ") + counts]]
        }
        // A narrow terminal: the state on lines of its own, then the counts.
        let stateLines = state.isEmpty ? [] : [Self.wrap("capture: \(state)", toColumns: columns).map { paint($0, 31) }]
        return stateLines + [Self.wrap((state.isEmpty ? "capture: " : "    ") + counts, toColumns: columns)]
    }

    /// At most `rows` of `lines` (at least the first), in their order: while there are too many, the one of the
    /// highest rank goes, the last of equals (blank lines, then the older alerts and lesser figures; the state of
    /// the parties and of capture stay).
    static func fit(_ lines: [ViewLine], rows: Int) -> [String] {
        // A line wrapped over more lines goes whole: half an alert read as another advice ("let them finish their"),
        // half a warning as another warning.
        var group = 0
        var kept = lines.enumerated().map { index, line in
            if index > 0 && !line.continues { group += 1 }
            return (text: line.text, rank: line.rank, group: group)
        }
        while kept.count > max(1, rows), let highest = kept.dropFirst().map(\.rank).max(),
            let worst = kept.lastIndex(where: { $0.rank == highest })
        {
            let (whole, header, count) = (kept[worst].group, kept[0].group, kept.count)
            kept.removeAll { $0.group == whole && $0.group != header }
            if kept.count == count { kept.remove(at: worst) }
        }
        return kept.map(\.text)
    }

    /// The size of the terminal on `descriptor` (stdout by default); 80 columns and 24 rows for what cannot be told.
    static func terminalSize(of descriptor: Int32 = STDOUT_FILENO) -> (columns: Int, rows: Int) {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0 else { return (80, 24) }
        return (size.ws_col > 0 ? Int(size.ws_col) : 80, size.ws_row > 0 ? Int(size.ws_row) : 24)
    }

    /// A space that `wrap` does not break at (a label and its figure stay on one line), drawn as a space.
    static let glue: Character = "\u{1F}"

    /// `text` (no colour escapes) in lines of at most `columns` characters, broken at spaces; the lines after the
    /// first indented by four. A word longer than a line is left for `cut(_:toColumns:)`.
    static func wrap(_ text: String, toColumns columns: Int) -> [String] {
        guard text.count > columns else { return [text] }
        let leading = text.prefix { $0 == " " }
        let indent = String(repeating: " ", count: leading.count + 4)
        var lines: [String] = []
        var line = String(leading)
        var hasWord = false
        var spaces = 0  // a run of spaces between two words is kept as it is
        for word in text.dropFirst(leading.count).split(separator: " ", omittingEmptySubsequences: false) {
            guard !word.isEmpty else {
                spaces += 1
                continue
            }
            let gap = String(repeating: " ", count: spaces + 1)
            spaces = 0
            if !hasWord {
                line += word
            } else if line.count + gap.count + word.count <= columns {
                line += gap + word
            } else {
                lines.append(line)
                line = indent + word
            }
            hasWord = true
        }
        lines.append(line)
        return lines
    }

    /// `line` cut to `columns` visible characters; colour escapes are kept and not counted, and a colour cut
    /// off in the middle is reset.
    static func cut(_ line: String, toColumns columns: Int) -> String {
        var out = ""
        var visible = 0
        var inEscape = false
        var wasCut = false
        for character in line {
            if character == "\u{1B}" {
                inEscape = true
            } else if !inEscape {
                guard visible < columns else {
                    wasCut = true
                    break
                }
                visible += 1
            }
            out.append(character)
            if inEscape && character.isLetter { inEscape = false }
        }
        return wasCut && out.contains("\u{1B}") ? out + "\u{1B}[0m" : out
    }

    /// The alert's time, rule, since when and advice; without the since in fewer than `columns`.
    private func describe(_ alert: Alert, columns: Int) -> String {
        let clock = { (frame: Int) in ReportText.clock(FrameClock.seconds(ofFrame: frame) + self.offsetSeconds) }
        let t = clock(alert.firedFrame)
        let words = ReportText.advice(alert)
        let whole = "\(t)  \(alert.rule.rawValue) \(ReportText.span(alert, clock: clock)): \(words)"
        return whole.count <= columns ? whole : "\(t)  \(alert.rule.rawValue): \(words)"
    }

    /// Whether a share bar is drawn in the warning colour: over the alert's share, once the call has the talk the
    /// alert needs.
    static func shareWarns(
        _ share: Double, talkSeconds: Double, dominanceShare: Double, minTalkSeconds: Double
    )
        -> Bool
    {
        share > dominanceShare && talkSeconds >= minTalkSeconds
    }

    /// The share, then its bar of `width` cells.
    private func bar(_ share: Double?, talkSeconds: Double, width: Int) -> String {
        let (none, full, empty) = unicode ? ("·", "█", "░") : (".", "#", "-")
        guard let share else { return "  - % [" + String(repeating: none, count: width) + "]" }
        let filled = Int((share * Double(width)).rounded())
        let percent = String(Int((share * 100).rounded()))
        let text =
            String(repeating: " ", count: max(0, 3 - percent.count)) + percent + " % ["
            + String(repeating: full, count: filled) + String(repeating: empty, count: width - filled) + "]"
        let warns = Self.shareWarns(
            share, talkSeconds: talkSeconds, dominanceShare: dominanceShare, minTalkSeconds: dominanceMinTalkSeconds)
        return warns ? paint(text, 33) : text
    }

    private func paint(_ text: String, _ code: Int) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
