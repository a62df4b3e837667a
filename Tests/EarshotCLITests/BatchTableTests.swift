import Foundation
import Testing

@testable import earshot

@Suite("Batch tables")
struct BatchTableTests {
    @Test("agents.csv: interruptions per hour of two-channel audio (a mono call adds hours, not interruptions)")
    func agentRates() throws {
        let input = try Scratch.folder("inputs-rates")
        try FileManager.default.copyItem(
            atPath: EarshotProcess.sample("call-02-interruptions.wav"),
            toPath: input.appendingPathComponent("stereo.wav").path)
        // The agent channel of call-03 alone, as a mono file of 88.6 s.
        try SampleAudio.firstChannel(of: "call-03-monologue.wav", to: input.appendingPathComponent("mono.wav").path)
        let output = try Scratch.folder("out-rates")
        let result = try EarshotProcess.run(["analyze", input.path, "--output", output.path, "--agent", "ann"])
        #expect(result.status == 0, "\(result.stderr)")
        let agents = output.appendingPathComponent("agents.csv")
        let rate = try #require(Double(BatchFixture.column("interruptions_per_hour", of: agents)[0]))
        // call-02: 3 agent interruptions in 62.5 s of stereo audio.
        #expect(abs(rate - 3 / (62.5 / 3_600)) < 1)
        #expect(try BatchFixture.column("mono_calls", of: agents) == ["1"])
        // One call with an agent share: no spread to give.
        #expect(try BatchFixture.column("agent_share_sd", of: agents) == [""])
        let events = try String(contentsOf: output.appendingPathComponent("events.csv"), encoding: .utf8)
        #expect(events.hasPrefix("file,call_id,agent,type,by,rule,start,end,t,phase\n"))
        // The mono call (the agent's 88.6 s alone, one long "monologue") is not the agent's longest monologue, and
        // a copy of the stereo call with the customer muted (flagged silent_channel) adds no share of 1.0.
        try SampleAudio.mutedCustomer(
            "call-02-interruptions.wav", to: input.appendingPathComponent("muted.wav").path)
        let again = try EarshotProcess.run(["analyze", input.path, "--output", output.path, "--agent", "ann"])
        #expect(again.status == 0, "\(again.stderr)")
        let stereo = try EarshotProcess.run([
            "analyze", "--format", "json", input.appendingPathComponent("stereo.wav").path,
        ])
        let summary = try #require(
            (try JSONSerialization.jsonObject(with: Data(stereo.stdout.utf8)) as? [String: Any])?["summary"]
                as? [String: Any])
        let share = try #require(summary["agent_share"] as? Double)
        let monologue = try #require(summary["longest_agent_monologue_s"] as? Double)
        let mean = try #require(Double(BatchFixture.column("agent_share_mean", of: agents)[0]))
        #expect(abs(mean - share) < 0.0001, "mean \(mean), the stereo call's \(share)")
        let longest = try #require(Double(BatchFixture.column("longest_monologue_s", of: agents)[0]))
        #expect(abs(longest - monologue) < 0.01, "\(longest) against the stereo call's \(monologue)")
        #expect(try BatchFixture.column("calls", of: agents) == ["3"])
        // The muted copy's customer talks unheard: its silence gaps are not dead air, and the silence-gap rate is
        // the other two calls' gaps over their hours.
        let flags = Dictionary(
            uniqueKeysWithValues: zip(
                try BatchFixture.column("file", of: output.appendingPathComponent("calls.csv")).map {
                    ($0 as NSString).lastPathComponent
                }, try BatchFixture.column("flags", of: output.appendingPathComponent("calls.csv"))))
        #expect(flags["muted.wav"]?.contains("silent_channel") == true, "\(flags)")
        #expect(flags["muted.wav"]?.contains("dead_air") == false, "\(flags)")
        var gaps = 0
        var hours = 0.0
        for name in ["stereo.wav", "mono.wav", "muted.wav"] {
            let one = try EarshotProcess.run(["analyze", "--format", "json", input.appendingPathComponent(name).path])
            let report = try #require(try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [String: Any])
            let callGaps = try #require((report["summary"] as? [String: Any])?["silence_gaps"] as? Int)
            if name == "muted.wav" {
                #expect(callGaps > 0, "the muted call's gaps would count")
                continue
            }
            gaps += callGaps
            hours += try #require(report["duration_s"] as? Double) / 3_600
        }
        let gapRate = try #require(Double(BatchFixture.column("silence_gaps_per_hour", of: agents)[0]))
        #expect(abs(gapRate - Double(gaps) / hours) < 0.01, "\(gapRate) against \(Double(gaps) / hours)")
        // A call with under 30 s of talk (the first 25 s of call-03, 20.6 s of talk in its truth, share 0.80: an
        // agent-heavy stub, as a hang-up would be) leaves the mean share as it was; report.html shows its share as too
        // little to judge.
        try SampleAudio.prefix(
            of: "call-03-monologue.wav", seconds: 25, to: input.appendingPathComponent("stub.wav").path)
        let third = try EarshotProcess.run([
            "analyze", input.path, "--output", output.path, "--agent", "ann", "--db",
            output.appendingPathComponent("db").path,
        ])
        #expect(third.status == 0, "\(third.stderr)")
        #expect(try BatchFixture.column("calls", of: agents) == ["4"])
        let callsTable = output.appendingPathComponent("calls.csv")
        let stubIndex = try #require(
            try BatchFixture.column("file", of: callsTable).firstIndex { $0.hasSuffix("stub.wav") })
        let stubShare = try #require(Double(try BatchFixture.column("agent_share", of: callsTable)[stubIndex]))
        #expect(stubShare - share > 0.2, "the stub's share \(stubShare), the stereo call's \(share)")
        #expect(try BatchFixture.column("agent_share_mean", of: agents) == [JSONValue.format(mean, decimals: 4)])
        let stored = try SQLiteQuery.rows(
            output.appendingPathComponent("db").path, "SELECT agent_share_mean FROM agents")
        let storedMean = try #require(stored.first?.first.flatMap { $0 }.flatMap(Double.init), "\(stored)")
        #expect(abs(storedMean - share) < 0.0001, "\(storedMean) against the stereo call's \(share)")
        let page = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        let stubRow = try #require(
            page.split(separator: "\n").first { $0.hasPrefix("<tr") && $0.contains("/stub.wav") })
        #expect(stubRow.contains("title=\"under 30 s of talk: too little to judge\""), "\(stubRow)")
        // The share to a tenth (0.647 is not "65", beside a flag for shares above 0.65); the response gap mean to a
        // tenth, as on the call's page.
        #expect(stubRow.contains(">(\(HTMLReport.fixed(stubShare * 100, 1)))</span>"), "\(stubRow)")
        let stereoPageRow = try #require(
            page.split(separator: "\n").first { $0.hasPrefix("<tr") && $0.contains("/stereo.wav") })
        let gapMean = try #require(summary["response_gap_mean_s"] as? Double)
        #expect(stereoPageRow.contains(">\(HTMLReport.fixed(gapMean, 1))</td>"), "\(stereoPageRow)")
        // The longest silence gap, as report.html gives it, is in calls.csv and the database.
        let stereoReport = try #require(
            try JSONSerialization.jsonObject(with: Data(stereo.stdout.utf8)) as? [String: Any])
        let longestGap =
            (stereoReport["events"] as? [[String: Any]] ?? []).filter { $0["type"] as? String == "silence_gap" }
            .map { ($0["end"] as? Double ?? 0) - ($0["start"] as? Double ?? 0) }.max() ?? 0
        #expect(longestGap > 1, "call-02 has a silence gap")
        let stereoIndex = try #require(
            try BatchFixture.column("file", of: callsTable).firstIndex { $0.hasSuffix("stereo.wav") })
        let csvGap = try #require(Double(try BatchFixture.column("longest_silence_gap_s", of: callsTable)[stereoIndex]))
        #expect(abs(csvGap - longestGap) < 0.001, "\(csvGap) against \(longestGap)")
        let storedGap = try SQLiteQuery.rows(
            output.appendingPathComponent("db").path,
            "SELECT longest_silence_gap_s FROM calls WHERE path LIKE '%/stereo.wav'")
        #expect(storedGap.first?.first.flatMap { $0 }.flatMap(Double.init).map { abs($0 - longestGap) < 0.001 } == true)
        // The agent's nods per customer minute are over all the two-party calls' customer talk: each call weighs by
        // its minutes (the stub's few seconds of customer talk do not count as much as the whole call's).
        var nods = 0.0
        var minutes = 0.0
        let rates = try BatchFixture.column("agent_nods_per_customer_min", of: callsTable)
        let customerTalk = try BatchFixture.column("customer_talk_s", of: callsTable)
        for (index, flags) in try BatchFixture.column("flags", of: callsTable).enumerated()
        where !flags.contains("mono") && !flags.contains("silent_channel") {
            let callMinutes = try #require(Double(customerTalk[index])) / 60
            nods += try #require(Double(rates[index])) * callMinutes
            minutes += callMinutes
        }
        let pooled = try #require(Double(BatchFixture.column("nods_per_customer_min_mean", of: agents)[0]))
        #expect(minutes > 0 && abs(pooled - nods / minutes) < 0.002, "\(pooled) against \(nods / minutes)")
        let storedNods = try SQLiteQuery.rows(
            output.appendingPathComponent("db").path, "SELECT nods_per_customer_min_mean FROM agents")
        let storedPooled = try #require(storedNods.first?.first.flatMap { $0 }.flatMap(Double.init), "\(storedNods)")
        #expect(abs(storedPooled - nods / minutes) < 0.002, "\(storedPooled) against \(nods / minutes)")
        // calls.csv writes each call's figures as `analyze --format csv` does.
        let csv = try EarshotProcess.run([
            "analyze", "--format", "csv", input.appendingPathComponent("stereo.wav").path,
        ])
        let lines = csv.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        try #require(lines.count == 2, "\(csv.stdout)")
        let calls = output.appendingPathComponent("calls.csv")
        let stereoRow = try #require(
            try BatchFixture.column("file", of: calls).firstIndex { $0.hasSuffix("stereo.wav") })
        for (name, value) in zip(lines[0], lines[1]).dropFirst() {
            let column = try BatchFixture.column(String(name), of: calls)
            #expect(column.count > stereoRow && column[stereoRow] == value, "\(name)")
        }
    }

    @Test("report.html's agents table is folded under its heading when it has more than 12 rows")
    func agentTableFold() {
        for (count, open) in [(HTMLAgentTable.unfoldedAgents, true), (HTMLAgentTable.unfoldedAgents + 1, false)] {
            var tally = BatchTables.AgentTally()
            for i in 0..<count {
                tally.add(
                    CallRecord(
                        path: "/calls/\(i).wav", resolvedPath: "/calls/\(i).wav", size: 0, modified: 0, fingerprint: "",
                        agent: "agent\(i)", callID: nil, agentChannel: 0, channels: nil, report: nil,
                        error: "unreadable",
                        flags: []))
            }
            let html = HTMLAgentTable.html(tally)
            #expect(
                html.hasPrefix("<details class=\"agents\"\(open ? " open" : "")><summary><h2>Agents</h2>"), "\(count)")
            #expect(html.contains("<span class=\"count\">(\(count))</span>"))
            #expect(html.components(separatedBy: "<tr>").count - 1 == count + 1, "a header row and one row an agent")
            #expect(html.hasSuffix("</table></div>\n</details>\n"))
        }
    }

    @Test("a field starting with a line break before a formula is text too; a NUL is dropped")
    func fieldEdges() {
        #expect(ReportCSV.field("\n=2+2") == "\"'\n=2+2\"")
        #expect(ReportCSV.field("a\0=b") == "a=b")
        #expect(ReportCSV.field("\r=2+2") == "\"'\r=2+2\"")
        #expect(ReportCSV.field("\r\n=2+2") == "\"'\r\n=2+2\"")
        #expect(ReportCSV.field("-7") == "-7")
    }

    @Test("a file or agent name a spreadsheet would run as a formula is written as text in every table")
    func formulaNames() throws {
        let input = try Scratch.folder("inputs-formula")
        try FileManager.default.copyItem(
            atPath: EarshotProcess.sample("call-02-interruptions.wav"),
            toPath: input.appendingPathComponent("@SUM(1+1).wav").path)
        let output = try Scratch.folder("out-formula")
        let result = try EarshotProcess.run([
            "analyze", input.appendingPathComponent("@SUM(1+1).wav").path, "--output", output.path,
            "--agent", "=2+3",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let calls = output.appendingPathComponent("calls.csv")
        #expect(try BatchFixture.column("agent", of: calls) == ["'=2+3"])
        #expect(
            try BatchFixture.column("agent", of: output.appendingPathComponent("agents.csv")).first
                == "'=2+3")
        let events = output.appendingPathComponent("events.csv")
        #expect(try BatchFixture.column("agent", of: events).allSatisfy { $0 == "'=2+3" })
        // No field of any table starts a formula; negative numbers stay numbers.
        for table in [calls, events, output.appendingPathComponent("agents.csv")] {
            for field in try BatchFixture.csv(table).joined() {
                if let first = field.first, "=+-@".contains(first) { #expect(Double(field) != nil, "\(field)") }
            }
        }
        let csv = try EarshotProcess.run(
            ["analyze", "--format", "csv", "@SUM(1+1).wav"], workingDirectory: input.path)
        #expect(csv.stdout.split(separator: "\n").last?.hasPrefix("'@SUM(1+1).wav,") == true, "\(csv.stdout)")
    }

    /// Puts a folder where the first record in `calls` whose name `matches` goes: the next save cannot replace it.
    private static func blockRecord(in calls: URL, where matches: (String) -> Bool) throws {
        let record = try #require(try FileManager.default.contentsOfDirectory(atPath: calls.path).first(where: matches))
        try FileManager.default.removeItem(at: calls.appendingPathComponent(record))
        try FileManager.default.createDirectory(
            at: calls.appendingPathComponent(record).appendingPathComponent("in-the-way"),
            withIntermediateDirectories: true)
    }

    @Test("a call whose result cannot be saved shows as failed in the tables, not as its earlier analysis")
    func unsavedResult() throws {
        let output = try Scratch.folder("unsaved")
        let file = EarshotProcess.sample("call-01-calm.wav")
        #expect(try EarshotProcess.run(["analyze", file, "--output", output.path]).status == 0)
        let calls = output.appendingPathComponent("calls")
        try Self.blockRecord(in: calls) { $0.hasSuffix(".json") }
        let again = try EarshotProcess.run(["analyze", file, "--output", output.path, "--silence-gap", "2"])
        #expect(again.status == 3)
        #expect(again.stderr.contains("analysed, but its result could not be saved"), "\(again.stderr)")
        #expect(try BatchFixture.column("flags", of: output.appendingPathComponent("calls.csv")) == ["failed"])
        // A file that failed, whose failure cannot be saved either, keeps its own reason.
        let text = output.deletingLastPathComponent().appendingPathComponent("unsaved-notes.wav")
        try Data("meeting notes, not audio\n".utf8).write(to: text)
        #expect(try EarshotProcess.run(["analyze", text.path, "--output", output.path]).status == 1)
        try Self.blockRecord(in: calls) { $0.hasPrefix("unsaved-notes") }
        let blocked = try EarshotProcess.run(["analyze", text.path, "--output", output.path])
        #expect(blocked.status == 3)
        let error = try #require(blocked.stderr.split(separator: "\n").first { $0.contains("unsaved-notes.wav") })
        #expect(error.contains("and this failure could not be saved"), "\(blocked.stderr)")
        #expect(!error.contains("analysed, but"), "\(blocked.stderr)")
    }

    @Test("calls.csv writes whole-number figures as the JSON does: seconds 0.0, counts 3")
    func wholeNumbers() throws {
        let out = try BatchFixture.folder("whole-numbers")
        let result = try EarshotProcess.run([
            "analyze", EarshotProcess.sample("call-02-interruptions.wav"), "--output", out.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let calls = out.appendingPathComponent("calls.csv")
        #expect(try BatchFixture.column("response_gap_median_s", of: calls) == ["0.0"])  // the median gap is 0
        #expect(try BatchFixture.column("interruptions_by_agent", of: calls) == ["3"])
    }
}
