import ArgumentParser
import Foundation
import Testing

@testable import earshot

/// Every option takes one value: given twice, the parser would keep the last unsaid (`--shard 2/2 --shard 1/2`
/// analysing another shard than the script meant), so it is a usage error; so is an empty path.
@Suite("Repeated and empty options")
struct RepeatedOptionTests {
    /// The options `command`'s help lists with a value ("--name <value>", aliases as "--a, --b <value>").
    private static func valueOptions(in command: any ParsableCommand.Type) throws -> [[String]] {
        let option = try Regex("^ +(--[a-z][a-z-]*)(?:, (--[a-z][a-z-]*))? <")
        return command.helpMessage(columns: 1_000).split(separator: "\n").compactMap { line in
            guard let match = String(line).firstMatch(of: option) else { return nil }
            return [match.output[1].substring, match.output[2].substring].compactMap { $0.map(String.init) }
        }
    }

    @Test("each command's one-value list holds every option its help shows with a value")
    func listsComplete() throws {
        let lists: [(any ParsableCommand.Type, [[String]])] = [
            (Analyze.self, Analyze.valueOptions + EngineOptions.valueOptions),
            (Eval.self, Eval.valueOptions + EngineOptions.valueOptions),
            (Replay.self, Replay.valueOptions + MonitorOptions.valueOptions + EngineOptions.valueOptions),
            (Live.self, Live.valueOptions + MonitorOptions.valueOptions + EngineOptions.valueOptions),
            (Merge.self, Merge.valueOptions),
        ]
        for (command, list) in lists {
            let shown = try Self.valueOptions(in: command)
            #expect(shown.count >= 2, "\(command): \(shown)")
            #expect(Set(shown) == Set(list), "\(command): help \(shown), list \(list)")
        }
    }

    @Test("an option given twice, under either name or as --name=value, is refused; after -- it is an argument")
    func checkFindsRepeats() throws {
        let options = [["--labels", "--truth"], ["--shard"]]
        for arguments in [
            ["earshot", "eval", "--truth", "a", "--labels", "b"],
            ["earshot", "analyze", "--shard=2/2", "--shard", "1/2"],
        ] {
            #expect(throws: ValidationError.self, "\(arguments)") { try SingleUse.check(options, in: arguments) }
        }
        try SingleUse.check(options, in: ["earshot", "analyze", "--shard", "1/2", "--", "--shard"])
        try SingleUse.check(options, in: ["earshot", "eval", "--truth", "a", "--shard", "1/2"])
    }

    @Test("the built tool exits 64 naming the repeated option, and names an empty path or device")
    func refusedEndToEnd() throws {
        let file = EarshotProcess.sample("call-01-calm.wav")
        let output = Scratch.url("repeated-shard").path
        let refused: [([String], String)] = [
            (
                ["analyze", file, "--output", output, "--shard", "2/2", "--shard", "1/2"],
                "--shard is given more than once"
            ),
            (["eval", "--truth", "/tmp", "--labels", "/tmp"], "--labels / --truth is given more than once"),
            (["replay", file, "--report", "a.json", "--report", "b.json"], "--report is given more than once"),
            (["analyze", "--format", "json", "--format", "csv", file], "--format is given more than once"),
            (["live", "--bridge", "0.2", "--bridge", "0.3"], "--bridge is given more than once"),
            (["eval", "--labels", ""], "--labels / --truth is empty"),
            (["eval", "--labels", "/tmp", "--detections", ""], "--detections is empty"),
            (["replay", file, "--play", ""], "--play needs a device name"),
        ]
        for (arguments, message) in refused {
            let result = try EarshotProcess.run(arguments)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: output), "nothing written")
    }
}
