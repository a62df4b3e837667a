import EarshotCore
import Foundation
import Testing

@testable import earshot

/// The pages of recordings whose faults (one party only, the same audio on both channels) make the figures
/// say nothing of the agent's conduct.
extension HTMLReportTests {
    @Test(
        "a recording that cannot tell the parties apart is not ranked as the agent's conduct; each call has its own page"
    )
    func recordingFaults() throws {
        let folder = try Scratch.folder("html-faults")
        let input = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: EarshotProcess.sample("call-02-interruptions.wav"),
            toPath: input.appendingPathComponent("a.wav").path)
        try SampleAudio.sameOnBoth("call-02-interruptions.wav", to: input.appendingPathComponent("same.wav").path)
        try SampleAudio.mutedCustomer("call-03-monologue.wav", to: input.appendingPathComponent("muted.wav").path)
        let output = folder.appendingPathComponent("out")
        let result = try EarshotProcess.run(["analyze", input.path, "--output", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        let calls = output.appendingPathComponent("calls.csv")
        let flags = Dictionary(
            uniqueKeysWithValues: zip(
                try BatchFixture.column("file", of: calls).map { ($0 as NSString).lastPathComponent },
                try BatchFixture.column("flags", of: calls)))
        #expect(flags["a.wav"]?.contains("interrupts") == true, "\(flags)")
        #expect(flags["same.wav"]?.contains("same_audio") == true && flags["same.wav"]?.contains("interrupts") == false)
        #expect(
            flags["muted.wav"]?.contains("silent_channel") == true && flags["muted.wav"]?.contains("dominant") == false
                && flags["muted.wav"]?.contains("monologue") == false,
            "\(flags)")
        let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(Self.balanced(html))
        // Its who-said-what cells are in parentheses and sort last (an empty key); its timeline says why.
        let rows = html.split(separator: "\n").filter { $0.hasPrefix("<tr") }
        let row = try #require(rows.first { $0.contains("/<wbr>same.wav</a>") })
        #expect(row.contains("data-v=\"\"><span class=\"doubt\""), "\(row)")
        // What the flags mean is said once, above the table, for the flags the calls have; not in every row.
        let sameAudio = HTMLReport.escape(try #require(CallRecord.flagMeanings["same_audio"]))
        #expect(html.contains("<summary>What the flags mean</summary>") && html.contains("<dd>\(sameAudio)</dd>"))
        #expect(!html.contains("<dd>\(HTMLReport.escape(try #require(CallRecord.flagMeanings["clipping"])))</dd>"))
        #expect(row.contains("<span class=\"flag f-same_audio\">same_audio</span>"), "\(row)")
        let ordinary = try #require(rows.first { $0.contains("/<wbr>a.wav</a>") })
        #expect(!ordinary.contains("doubt"))
        // The longest silence gap, to rank the calls by their worst dead air: call-02's one gap, 0:23.1-0:27.1 in
        // its truth, sorts by its seconds; the muted call's silence is its recording's, in parentheses.
        let report = try #require(
            try JSONSerialization.jsonObject(
                with: Data(
                    EarshotProcess.run(["analyze", "--format", "json", input.appendingPathComponent("a.wav").path])
                        .stdout.utf8))
                as? [String: Any])
        let gap = try #require((report["events"] as? [[String: Any]])?.first { $0["type"] as? String == "silence_gap" })
        let seconds = try #require(gap["end"] as? Double) - (try #require(gap["start"] as? Double))
        #expect(abs(seconds - 4.0) < 0.3, "\(gap)")
        #expect(
            ordinary.contains(
                "<td class=\"n\" data-v=\"\(HTMLReport.fixed(seconds, 3))\">\(HTMLReport.fixed(seconds, 1))</td>"),
            "\(ordinary)")
        let muted = try #require(rows.first { $0.contains("/<wbr>muted.wav</a>") })
        #expect(muted.contains("title=\"a channel is silent: its party&#39;s talk reads as silence\""), "\(muted)")
        // Each call's own page, linked from its row, says why in words (the table names flags only).
        let link = try #require(row.firstMatch(of: try Regex("href=\"(calls/[^\"]+\\.html)\"")), "\(row)")
        let pagePath = String(row[link.range].dropFirst("href=\"".count).dropLast())
        let page = try String(contentsOf: output.appendingPathComponent(pagePath), encoding: .utf8)
        #expect(Self.balanced(page))
        #expect(page.contains("<h2>Recording</h2>\n<ul class=\"quality\">\n<li>both channels carry the same audio"))
        #expect(page.contains("<a href=\"../report.html\">all calls</a>"))
        let recording = URL(fileURLWithPath: BatchInputs.resolved(input.appendingPathComponent("same.wav").path))
        #expect(page.contains("<a href=\"\(recording.absoluteString)\""), "\(page.prefix(4000))")
        #expect(page.contains("do not tell the parties apart"))
        // Its who-said-what rows are drawn as doubtful, the rest (silence, duration) as usual.
        #expect(page.contains("<tr class=\"doubt\"><th scope=\"row\">interruptions</th>"), "\(page)")
        #expect(page.contains("<tr><th scope=\"row\">silence</th>"))
        let ordinaryLink = try #require(ordinary.firstMatch(of: try Regex("href=\"(calls/[^\"]+\\.html)\"")))
        let ordinaryPath = String(ordinary[ordinaryLink.range].dropFirst("href=\"".count).dropLast())
        let ordinaryPage = try String(contentsOf: output.appendingPathComponent(ordinaryPath), encoding: .utf8)
        #expect(!ordinaryPage.contains("class=\"doubt\"") && !ordinaryPage.contains("do not tell the parties apart"))
        #expect(!ordinaryPage.contains("A channel is silent"))
        // The muted call's page draws its silence figures grey with the reason, as report.html's table does.
        let mutedLink = try #require(muted.firstMatch(of: try Regex("href=\"(calls/[^\"]+\\.html)\"")))
        let mutedPath = String(muted[mutedLink.range].dropFirst("href=\"".count).dropLast())
        let mutedPage = try String(contentsOf: output.appendingPathComponent(mutedPath), encoding: .utf8)
        #expect(mutedPage.contains("A channel is silent (see Recording below)"), "\(mutedPage.prefix(3000))")
        #expect(mutedPage.contains("<tr class=\"doubt\"><th scope=\"row\">silence gaps</th>"))
        #expect(mutedPage.contains("<tr class=\"doubt\"><th scope=\"row\">silence</th>"))
        #expect(mutedPage.contains("<tr><th scope=\"row\">duration</th>"))
        // A run with nothing new leaves the pages as they are (thousands of them would be rewritten for nothing);
        // a call that fails since loses its page, which would show figures the tables no longer have.
        let pageURL = output.appendingPathComponent(pagePath)
        let written = try FileManager.default.attributesOfItem(atPath: pageURL.path)[.modificationDate] as? Date
        let resumed = try EarshotProcess.run(["analyze", input.path, "--output", output.path, "--resume"])
        #expect(resumed.stderr.contains("0 analysed, 3 already done"), "\(resumed.stderr)")
        #expect(try FileManager.default.attributesOfItem(atPath: pageURL.path)[.modificationDate] as? Date == written)
        try Data("RIFF....WAVEbroken".utf8).write(to: input.appendingPathComponent("same.wav"))
        let broken = try EarshotProcess.run(["analyze", input.path, "--output", output.path])
        #expect(broken.status == 1)
        #expect(!FileManager.default.fileExists(atPath: pageURL.path), "the failed call's page is gone")
        // The failed call's row comes first (same.wav after a.wav and muted.wav by name): it needs someone to act.
        let brokenPage = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        let callRows = brokenPage.split(separator: "\n").filter {
            $0.hasPrefix("<tr") && $0.contains("<td class=\"file\"")
        }
        #expect(callRows.count == 3)
        #expect(
            callRows.first?.hasPrefix("<tr class=\"failed\" ") == true && callRows.first?.contains("/same.wav") == true)
        #expect(callRows.dropFirst().allSatisfy { $0.hasPrefix("<tr data-agent=") }, "\(callRows)")
        // The timeline's axis reads times from an hour on as the text report does.
        #expect(HTMLReport.clock(65) == "1:05" && HTMLReport.clock(3_599.6) == "1:00:00")
        #expect(HTMLReport.clock(4_205) == "1:10:05")
        #expect(HTMLReport.hours(300) == "0:05:00" && HTMLReport.hours(605.4) == "0:10:05")
        #expect(HTMLReport.hours(4_205) == "1:10:05" && HTMLReport.hours(3_599.6) == "1:00:00")
        // The batch page itself holds no timelines: it stays small for thousands of calls. (This page of three calls
        // is some 20 KB, nearly all its style and script; a timeline would add some 10 KB a call.)
        #expect(!html.contains("<svg class=\"tl\"") && html.utf8.count < 25_000, "\(html.utf8.count) bytes")
    }
}
