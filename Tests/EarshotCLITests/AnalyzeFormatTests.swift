import Foundation
import Testing

/// `earshot analyze`'s report formats: the JSON contract, text and CSV.
@Suite("earshot analyze: report formats")
struct AnalyzeFormatTests {
    @Test("--format json prints the documented contract")
    func jsonContract() throws {
        let result = try EarshotProcess.run([
            "analyze", "--format", "json", EarshotProcess.sample("call-02-interruptions.wav"),
        ])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        // Every key the README's contract names, and no other: a key renamed or dropped, or one added without
        // its documentation, fails here.
        let (documented, documentedSummary) = try Self.contractKeys()
        #expect(Set(object.keys) == documented)
        #expect(Set((object["summary"] as? [String: Any] ?? [:]).keys) == documentedSummary)
        #expect(object["sample_rate"] as? Int == 8_000)
        #expect(object["channels"] as? Int == 2)
        #expect((object["roles"] as? [String: Int]) == ["agent": 0, "customer": 1])
        let segment = try #require((object["segments"] as? [[String: Any]])?.first)
        #expect(Set(segment.keys) == ["channel", "role", "start", "end"])
        let events = try #require(object["events"] as? [[String: Any]])
        for event in events {
            let type = try #require(event["type"] as? String)
            #expect(["interruption", "backchannel", "silence_gap"].contains(type))
            #expect((event["by"] == nil) == (type == "silence_gap"))
        }
        let alerts = try #require(object["alerts"] as? [[String: Any]])
        #expect(alerts.count == 4)
        // The first cut-in falls in the customer's opening account: its alert says so with `phase`.
        #expect(
            alerts.map { Set($0.keys) } == [["type", "rule", "t", "start", "phase"]]
                + Array(repeating: ["type", "rule", "t", "start"], count: 3))
        #expect(alerts.first?["phase"] as? String == "opening")
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["interruptions_by_agent"] as? Int == 3)
    }

    @Test(
        "a single report's flags are the batch's and replay's, following each sample's truth: cut-ins, gap, monologue, leak"
    )
    func jsonFlags() throws {
        // call-02's truth has three agent cut-ins and a silence gap; call-05's a customer voice leaking into the
        // agent's channel; call-03's a 67 s agent monologue.
        for name in ["call-02-interruptions", "call-05-noisy-crosstalk", "call-03-monologue"] {
            let truth = try #require(try EarshotProcess.sampleTruth(name)["summary"] as? [String: Any])
            let result = try EarshotProcess.run(["analyze", "--format", "json", EarshotProcess.sample(name + ".wav")])
            #expect(result.status == 0, "\(result.stderr)")
            let flags = try #require(try JSONFile.object(from: result.stdout)["flags"] as? [String])
            #expect(
                flags.contains("interrupts") == ((truth["interruptions_by_agent"] as? Int ?? 0) >= 2),
                "\(name) \(flags)")
            #expect(flags.contains("dead_air") == ((truth["silence_gaps"] as? Int ?? 0) > 0), "\(name) \(flags)")
            #expect(
                flags.contains("monologue") == ((truth["longest_agent_monologue_s"] as? Double ?? 0) >= 60),
                "\(name) \(flags)")
            #expect(flags.contains("crosstalk") == (name == "call-05-noisy-crosstalk"), "\(name) \(flags)")
            // The same call in a batch: the same flags in calls.csv.
            let input = try BatchFixture.folder("inputs-flags-\(name)")
            try FileManager.default.copyItem(
                atPath: EarshotProcess.sample(name + ".wav"), toPath: input.appendingPathComponent("a.wav").path)
            let output = try Scratch.folder("out-flags-\(name)")
            #expect(try EarshotProcess.run(["analyze", input.path, "--output", output.path]).status == 0)
            let batch = try BatchFixture.column("flags", of: output.appendingPathComponent("calls.csv"))
            #expect(batch == [flags.joined(separator: ";")])
            // And replay's report: the same flags.
            let report = Scratch.url("flags-\(name).json").path
            let replay = try EarshotProcess.run([
                "replay", "--speed", "max", "--json", "--report", report, EarshotProcess.sample(name + ".wav"),
            ])
            #expect(replay.status == 0, "\(replay.stderr)")
            #expect(try JSONFile.object(at: report)["flags"] as? [String] == flags, "\(name)")
        }
    }

    /// The top-level and summary keys of the JSON contract block in README.md: the quoted names followed by
    /// `:` at the block's first level, and the quoted names inside `"summary": {...}`.
    static func contractKeys() throws -> (Set<String>, Set<String>) {
        let readme = try String(contentsOf: EarshotProcess.root.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "```\n{\"file\": str"))
        let block = readme[start.upperBound...].prefix { $0 != "`" }
        let text = "{\"file\": str" + block
        var top = Set<String>()
        var depth = 0
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "{" || character == "[" { depth += 1 }
            if character == "}" || character == "]" { depth -= 1 }
            if character == "\"", let close = text[text.index(after: index)...].firstIndex(of: "\"") {
                let name = String(text[text.index(after: index)..<close])
                if depth == 1 && text[text.index(after: close)...].hasPrefix(":") { top.insert(name) }
                index = text.index(after: close)
                continue
            }
            index = text.index(after: index)
        }
        let summaryStart = try #require(text.range(of: "\"summary\": {"))
        let summaryBlock = text[summaryStart.upperBound...].prefix { $0 != "}" }
        let summary = Set(
            summaryBlock.split(separator: "\"", omittingEmptySubsequences: false).enumerated().filter {
                $0.offset % 2 == 1
            }.map { String($0.element) })
        return (top, summary)
    }

    @Test("text output shows the table and the events")
    func text() throws {
        let result = try EarshotProcess.run(["analyze", EarshotProcess.sample("call-01-calm.wav")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("agent share"))
        #expect(result.stdout.contains("backchannel by agent"))
        #expect(result.stdout.contains("silence_gap"))
    }

    @Test("csv output has a header and one row per file")
    func csv() throws {
        let result = try EarshotProcess.run([
            "analyze", "--format", "csv", EarshotProcess.sample("call-01-calm.wav"),
            EarshotProcess.sample("call-03-monologue.wav"),
        ])
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix("file,duration_s,agent_talk_s") == true)
        let columns = lines[0].split(separator: ",", omittingEmptySubsequences: false).count
        #expect(
            lines.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == columns }
        )
    }

    @Test("a csv row carries the JSON report's summary, coach figures included, column for column, and its flags")
    func csvMatchesJSON() throws {
        let file = EarshotProcess.sample("call-02-interruptions.wav")
        let csv = try EarshotProcess.run(["analyze", "--format", "csv", file]).stdout.split(separator: "\n")
        let json = try EarshotProcess.run(["analyze", "--format", "json", file]).stdout
        let report = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let summary = try #require(report["summary"] as? [String: Any])
        let names = csv[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let values = csv[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(names.prefix(2) == ["file", "duration_s"] && names.suffix(2) == ["flags", "error"])
        #expect(values.count == names.count)
        #expect(Set(names.dropFirst(2).dropLast(2)) == Set(summary.keys))
        // The flags of the JSON report (call-02: interrupts and dead air), joined as calls.csv joins them; no error.
        let flags = try #require(report["flags"] as? [String])
        #expect(flags.contains("interrupts") && values.suffix(2) == [flags.joined(separator: ";"), ""], "\(values)")
        for (name, value) in zip(names.dropFirst().dropLast(2), values.dropFirst().dropLast(2)) {
            let expected = name == "duration_s" ? report[name] : summary[name]
            switch expected {
            case is NSNull, nil: #expect(value == "", "\(name)")
            case let flag as Bool where value == "true" || value == "false": #expect(value == String(flag), "\(name)")
            case let number as NSNumber: #expect(Double(value) == number.doubleValue, "\(name): \(value)")
            default: Issue.record("\(name): unexpected JSON value")
            }
        }
    }
}
