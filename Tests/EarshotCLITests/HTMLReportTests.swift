import EarshotCore
import Foundation
import Testing

@testable import earshot

@Suite("HTML pages")
struct HTMLReportTests {
    /// Elements are properly nested and closed (void elements aside): a structural well-formedness check.
    static func balanced(_ html: String) -> Bool {
        let void: Set<String> = ["meta", "br", "hr", "img", "input", "link", "col", "area", "base", "source", "wbr"]
        var stack: [String] = []
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { return false }
            let tag = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("!") || tag.hasPrefix("?") { continue }
            if tag.hasPrefix("/") {
                let name = tag.dropFirst().split(separator: " ").first.map(String.init)?.lowercased() ?? ""
                guard stack.popLast() == name else { return false }
                continue
            }
            let name =
                tag.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "/" }).first.map(String.init)?.lowercased()
                ?? ""
            if tag.hasSuffix("/") || void.contains(name) { continue }
            stack.append(name)
            if name == "script" || name == "style" {
                guard let end = rest.range(of: "</\(name)>") else { return false }
                rest = rest[end.lowerBound...]
            }
        }
        return stack.isEmpty
    }

    @Test("analyze --format html prints a well-formed page carrying the report's numbers and timeline")
    func callPage() throws {
        let result = try EarshotProcess.run([
            "analyze", "--format", "html", EarshotProcess.sample("call-02-interruptions.wav"),
        ])
        #expect(result.status == 0)
        let html = result.stdout
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(Self.balanced(html))
        let json = try EarshotProcess.run([
            "analyze", "--format", "json", EarshotProcess.sample("call-02-interruptions.wav"),
        ])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let summary = try #require(report["summary"] as? [String: Any])
        // To a tenth, as the batch table gives it: 64.6 (not flagged dominant) and 65.4 (flagged) differ.
        let share = String(format: "%.1f", (summary["agent_share"] as? Double ?? 0) * 100)
        #expect(html.contains(">\(share) %<"), "\(share)")
        let nods = try #require(summary["agent_nods_per_customer_min"] as? Double)
        #expect(html.contains(">\(String(format: "%.1f", nods)) per customer min<"))
        let unheard = try #require(summary["longest_unacknowledged_s"] as? Double)
        #expect(html.contains(">longest \(String(format: "%.1f", unheard)) s; 0 of 20 s or more<"))
        #expect(html.contains("<th scope=\"row\">opening account</th>"))
        // The worst dead air, as the batch table's "longest gap s" gives it: the longest silence_gap event.
        let gaps = (report["events"] as? [[String: Any]] ?? []).filter { $0["type"] as? String == "silence_gap" }
        let longest = gaps.map { ($0["end"] as? Double ?? 0) - ($0["start"] as? Double ?? 0) }.max() ?? 0
        #expect(gaps.count == 1 && longest > 3)
        #expect(html.contains("1 of 3 s or more, the longest \(String(format: "%.1f", longest)) s<"), "\(longest)")
        // Grouped as the text view is: the whole call's figures under their heading, one cell across both parties'
        // columns (under "agent" alone, "silence" read as the agent's), then the agent's listening.
        #expect(html.contains("<tr class=\"group\"><th scope=\"rowgroup\" colspan=\"3\">call</th></tr>"))
        #expect(html.contains("<th scope=\"row\">silence gaps</th><td colspan=\"2\">1 of 3 s or more, the longest "))
        #expect(html.contains("<th scope=\"row\">talk</th><td class=\"n\">24.8 s</td><td class=\"n\">26.9 s</td>"))
        #expect(html.contains("<tr class=\"group\"><th scope=\"rowgroup\" colspan=\"3\">agent listening</th></tr>"))
        #expect(html.contains("<svg"))
        #expect(html.components(separatedBy: "interruption by agent").count - 1 >= 3)
        // The timeline's tooltips give times as the lists do (m:ss.s): the gap of 0:23.1-0:27.1 and its alert at
        // 0:26.2 (the README's text report of this call).
        #expect(html.contains("<title>silence gap 0:23.1-0:27.1 (4.0 s)</title>"), "\(html)")
        // The events list gives each event's length beside its ends (the truth's gap: 23.09-27.09 s).
        #expect(
            html.contains(
                "<td class=\"n\">0:23.1</td><td class=\"n\">0:27.1</td><td class=\"n\">4.0</td><td>silence_gap</td>"),
            "\(html)")
        #expect(html.contains("<title>silence_gap at 0:26.2 (since 0:23.1): dead air</title>"))
        // The alerts list gives each alert the advice the live views gave: the text report's words.
        #expect(
            html.contains(
                "<tr><td class=\"n\">0:26.2</td><td>silence_gap</td><td>since 0:23.1</td><td>dead air</td></tr>"),
            "\(html)")
        #expect(html.contains("<td>let them finish their story</td>"))
        #expect(html.contains("<td>you cut in on the customer</td>"))
        // Each alert rule its own colour, keyed in the legend: only the rules that fired, and what the page has.
        #expect(html.contains("<g class=\"al a-silence_gap\"><title>silence_gap at 0:26.2"))
        #expect(html.contains(">alert: agent interrupts</span>") && html.contains(">alert: silence gap</span>"))
        // What an alert's flag and dashes mean, said once (it followed each rule's key).
        #expect(html.components(separatedBy: "its dashes: since when)").count - 1 == 1)
        #expect(!html.contains("alert: agent dominates") && !html.contains("lost capture</span>"))
        #expect(!html.contains("tl ovw"))  // a minute: no overview, its timeline fits
        // The lanes' names pinned to the timeline box's left edge, for a timeline that scrolls sideways.
        let pinned = try #require(html.firstMatch(of: /<div class="tlk" aria-hidden="true">(.*?)<\/div>/)).output.1
        #expect(pinned.contains(">agent</span>") && pinned.contains(">customer</span>"), "\(pinned)")
        // A link to the recording, to listen to what the page marks.
        let recording = URL(fileURLWithPath: BatchInputs.resolved(EarshotProcess.sample("call-02-interruptions.wav")))
        #expect(html.contains("<a href=\"\(recording.absoluteString)\""), "\(html.prefix(4000))")
        #expect(FileManager.default.fileExists(atPath: recording.path))
        // Its folded lists open to print (a closed <details> prints only its summary line).
        #expect(html.contains("<details") && html.contains("addEventListener('beforeprint'"))
        // Self-contained: nothing loaded from the network (the SVG namespace URI is only a name).
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("url(http"))
    }

    @Test("a call over 2 minutes gets the whole call at a glance above its timeline: every segment, gap and alert")
    func overview() throws {
        let long = Scratch.url("html-long.wav").path
        try SampleAudio.looped("call-02-interruptions.wav", times: 3, to: long)
        let html = try EarshotProcess.run(["analyze", "--format", "html", long]).stdout
        let json = try EarshotProcess.run(["analyze", "--format", "json", long]).stdout
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let strip = try #require(html.firstMatch(of: /<svg class="tl ovw".*?<\/svg>/)).output
        let duration = try #require(report["duration_s"] as? Double)
        #expect(strip.contains("viewBox=\"0 0 \(String(format: "%.2f", duration)) "), "\(strip.prefix(300))")
        let count = { (needle: String) in strip.components(separatedBy: needle).count - 1 }
        #expect(count("<rect class=\"sa\"") + count("<rect class=\"sc\"") == (report["segments"] as? [Any])?.count)
        let gaps = (report["events"] as? [[String: Any]])?.filter { $0["type"] as? String == "silence_gap" }.count
        #expect(count("<rect class=\"sg\"") == gaps)
        #expect(count("<rect class=\"af\"") == (report["alerts"] as? [Any])?.count)
        #expect(Self.balanced(html))
    }

    @Test("the page lists what makes the figures less certain, in the text view's words (crosstalk on call-05)")
    func recordingFindings() throws {
        let file = EarshotProcess.sample("call-05-noisy-crosstalk.wav")
        let html = try EarshotProcess.run(["analyze", "--format", "html", file]).stdout
        let text = try EarshotProcess.run(["analyze", file]).stdout
        let lines = text.split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex(of: "recording"))
        let findings = lines[(start + 1)...].prefix { $0.hasPrefix("  ") }.map { $0.dropFirst(2) }
        try #require(!findings.isEmpty)
        #expect(html.contains("<h2>Recording</h2>"))
        for finding in findings {
            let entities: [Character: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"]
            let escaped = finding.map { entities[$0] ?? String($0) }.joined()
            #expect(html.contains("<li>\(escaped)</li>"), "\(finding)")
        }
        #expect(Self.balanced(html))
    }

    @Test("a mono call's page shows '—' for what needs two parties, and durations to the tenth as the text view")
    func monoPage() throws {
        let mono = Scratch.url("html-mono.wav").path
        try SampleAudio.firstChannel(of: "call-02-interruptions.wav", to: mono)
        let html = try EarshotProcess.run(["analyze", "--format", "html", mono]).stdout
        for row in ["interruptions", "backchannels"] {
            #expect(html.contains("<th scope=\"row\">\(row)</th><td class=\"n\">—</td>"), "\(row)")
        }
        for row in ["overlap", "floor switches"] {  // the whole call's, in one cell
            #expect(html.contains("<th scope=\"row\">\(row)</th><td>—</td>"), "\(row)")
        }
        #expect(!html.contains("agent listening") && !html.contains("customer speech"))
        #expect(html.contains("<div class=\"tlk\" aria-hidden=\"true\"><span style=\"top: 23.0px\">agent</span></div>"))
        // All the speech is in the agent's column: said, and drawn as the recording's, not the agent's conduct.
        #expect(html.contains("<p class=\"err\">One channel: all the speech heard is counted as the agent's"))
        #expect(html.contains("<tr class=\"doubt\"><th scope=\"row\">talk</th>"), "\(html)")
        #expect(
            html.contains(
                "<span class=\"flag f-mono\" title=\"one channel: the voices are not told apart\">mono</span>"))
        let text = try EarshotProcess.run(["analyze", mono]).stdout
        let clock = try #require(text.firstMatch(of: /\d+:\d\d\.\d/)).output
        #expect(html.contains(">\(clock)<"), "\(clock)")
    }

    @Test("a page of a recording with no speech on either channel says both are silent, not one")
    func silentPage() throws {
        let silent = Scratch.url("html-silent.wav").path
        try SampleAudio.silenced("call-01-calm.wav", to: silent)
        let html = try EarshotProcess.run(["analyze", "--format", "html", silent]).stdout
        #expect(html.contains("<p class=\"err\">Both channels are silent (see Recording below): no speech was heard"))
        #expect(!html.contains("A channel is silent"))
    }

    @Test("a call page's share under 30 s of talk says it is too little to judge, as the batch table does")
    func shortCallShare() throws {
        let short = Scratch.url("html-short.wav").path
        try SampleAudio.prefix(of: "call-01-calm.wav", seconds: 8, to: short)
        let html = try EarshotProcess.run(["analyze", "--format", "html", short]).stdout
        #expect(html.contains(" % (under 30 s of talk: too little to judge)</td>"), "\(html)")
        let whole = try EarshotProcess.run(["analyze", "--format", "html", EarshotProcess.sample("call-01-calm.wav")])
        #expect(!whole.stdout.contains("too little to judge"))
    }

    @Test("a message's commands in backticks are set as code on a page, escaped; an unpaired backtick stays")
    func messageProse() {
        #expect(
            HTMLReport.prose("convert it with `sox` or `ffmpeg`")
                == "convert it with <code>sox</code> or <code>ffmpeg</code>")
        #expect(HTMLReport.prose("<x> (`a & b`)") == "&lt;x&gt; (<code>a &amp; b</code>)")
        #expect(HTMLReport.prose("it's `sox` and a ` alone") == "it&#39;s <code>sox</code> and a ` alone")
        #expect(HTMLReport.prose("one ` only") == "one ` only")
        // A backtick in a file name pairs with nothing: the commands after it are still set as code.
        #expect(
            HTMLReport.prose("'take`2.wav': not audio; convert it with `sox` or `ffmpeg`.")
                == "&#39;take`2.wav&#39;: not audio; convert it with <code>sox</code> or <code>ffmpeg</code>.")
    }

    @Test("every flag a call can carry says what it means on the batch page")
    func flagMeanings() {
        for flag in CallRecord.flagNames {
            let meaning = CallRecord.flagMeanings[flag]
            #expect(meaning != nil, "\(flag)")
            #expect(HTMLReport.badges([flag]).contains(" title=\"\(HTMLReport.escape(meaning ?? ""))\">\(flag)<"))
        }
        #expect(CallRecord.flagMeanings.count == CallRecord.flagNames.count)
    }

    @Test("the batch page says when it was written, the thresholds its counts and flags use, and when settings differ")
    func pageSettings() throws {
        let folder = try Scratch.folder("html-settings")
        let output = folder.appendingPathComponent("out").path
        let first = try EarshotProcess.run(["analyze", EarshotProcess.sample("call-01-calm.wav"), "--output", output])
        #expect(first.status == 0, "\(first.stderr)")
        let page = { try String(contentsOf: folder.appendingPathComponent("out/report.html"), encoding: .utf8) }
        let html = try page()
        #expect(Self.balanced(html))
        #expect(
            html.contains(
                "silence gaps: 3 s or more · unacknowledged customer talk: 20 s or more · flagged dominant: agent "
                    + "share above 65 % · monologue: 60 s or more"), "\(html)")
        #expect(!html.contains("different settings"))
        let written = #"· written \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC<"#
        #expect(html.range(of: written, options: .regularExpression) != nil)
        let second = try EarshotProcess.run([
            "analyze", EarshotProcess.sample("call-02-interruptions.wav"), "--output", output, "--silence-gap", "5",
            "--dominance-share", "0.655",
        ])
        #expect(second.status == 0, "\(second.stderr)")
        let mixed = try page()
        #expect(mixed.contains("silence gaps: 3 s, 5 s or more"), "\(mixed)")
        #expect(mixed.contains("flagged dominant: agent share above 65 %, 65.5 %"), "\(mixed)")
        // Each row's silence-gap count says its length when it is not the default (call-02's at 5 s).
        let rows = mixed.split(separator: "\n").filter { $0.hasPrefix("<tr") }
        let call02 = try #require(rows.first { $0.contains("call-02-interruptions") })
        let call01 = try #require(rows.first { $0.contains("call-01-calm") })
        #expect(call02.contains(" <small>(5 s or more)</small></td>"), "\(call02)")
        #expect(!call01.contains("<small>("), "\(call01)")
        // A record saved before the flags' thresholds were (an earlier Earshot): said to be unknown, not the default.
        let calls = folder.appendingPathComponent("out/calls")
        for name in try FileManager.default.contentsOfDirectory(atPath: calls.path)
        where name.hasPrefix("call-01") && name.hasSuffix(".json") {
            let record = calls.appendingPathComponent(name)
            var text = try String(contentsOf: record, encoding: .utf8)
            text.replace(/"dominance_share": *[0-9.]+,\s*/, with: "")
            text.replace(/,\s*"monologue_s": *[0-9.]+/, with: "")
            try text.write(to: record, atomically: true, encoding: .utf8)
        }
        let merged = folder.appendingPathComponent("merged").path
        let merge = try EarshotProcess.run(["merge", folder.appendingPathComponent("out").path, "--output", merged])
        #expect(merge.status == 0, "\(merge.stderr)")
        let old = try String(contentsOf: folder.appendingPathComponent("merged/report.html"), encoding: .utf8)
        #expect(
            old.contains(
                "agent share above 65.5 % (unknown for calls saved by an earlier Earshot) · monologue: 60 s or more "
                    + "(unknown for calls saved by an earlier Earshot)"),
            "\(old)")
        #expect(mixed.contains("analysed with 2 different settings"))
    }

    @Test("file names are escaped in the batch page, whose table has the coach's column")
    func escaping() throws {
        let folder = try Scratch.folder("html")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("in"), withIntermediateDirectories: true)
        let odd = folder.appendingPathComponent("in/a<b>&\"c\".wav").path
        try FileManager.default.copyItem(atPath: EarshotProcess.sample("call-01-calm.wav"), toPath: odd)
        let result = try EarshotProcess.run([
            "analyze", folder.appendingPathComponent("in").path, "--output", folder.appendingPathComponent("out").path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOf: folder.appendingPathComponent("out/report.html"), encoding: .utf8)
        #expect(Self.balanced(html))
        #expect(html.contains("a&lt;b&gt;&amp;"))
        #expect(html.contains(">nods per cust. min<"))
        #expect(!html.contains("a<b>"))
        // The filter box, and what its script looks for on the page: the box, its count and the calls table.
        #expect(html.contains("<input type=\"search\" id=\"call-filter\""))
        #expect(html.contains("getElementById('call-filter')") && html.contains("getElementById('call-filter-count')"))
        #expect(html.contains("<span id=\"call-filter-count\"></span>"))
        #expect(html.contains("querySelector('table.calls')") && html.contains("<table class=\"sortable calls\">"))
        // The table scrolls in its own box, never the page (at 800-1280 px the whole page scrolled sideways).
        #expect(html.contains("<div class=\"wide\"><table class=\"sortable calls\">"))
        #expect(html.contains(".wide { overflow: auto; max-height: calc(100vh - 24px);"))
    }

    @Test("a saved report read back for the batch pages keeps every summary figure, the coach's included")
    func savedReportRoundTrip() throws {
        for sample in ["call-01-calm.wav", "call-03-monologue.wav", "call-05-noisy-crosstalk.wav"] {
            let result = try EarshotProcess.run(["analyze", "--format", "json", EarshotProcess.sample(sample)])
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let report = try #require(ReportDecoder.report(from: object))
            let again = try #require(
                try JSONSerialization.jsonObject(with: Data(ReportJSON.summary(report.summary).rendered().utf8))
                    as? NSDictionary)
            #expect(again == object["summary"] as? NSDictionary, "\(sample)")
        }
    }

    @Test("the page rounds as the text view rounds, and its legend names the unacknowledged-talk length used")
    func roundingAndLegend() throws {
        // 15.15 s computed as 15.149999…: both views show 15.2.
        let value = 15.149_999_999_999_999
        #expect(HTMLReport.fixed(value, 1) == ReportText.fixed(value))
        #expect(ReportText.fixed(value) == "15.2")
        // call-04's customer talks 7.5 s at most without a sound from the agent: keyed at 5 s, not at 20 s (none).
        let page = try EarshotProcess.run([
            "analyze", "--format", "html", "--nod-after", "5", EarshotProcess.sample("call-04-noisy.wav"),
        ])
        #expect(page.stdout.contains("unacknowledged customer talk (5 s or more)"))
        #expect(!page.stdout.contains("20 s+"))
        let plain = try EarshotProcess.run(["analyze", "--format", "html", EarshotProcess.sample("call-04-noisy.wav")])
        #expect(!plain.stdout.contains("unacknowledged customer talk"))
    }
}
