import Foundation
import Testing

@Suite("Help text")
struct HelpTextTests {
    @Test("analyze --help lists every option a user needs")
    func analyzeHelp() throws {
        let result = try EarshotProcess.run(["analyze", "--help"])
        #expect(result.status == 0)
        for option in [
            "--format <format>", "--agent-channel", "--channels", "--silence-gap", "--backchannel-max",
            "--interruption-overlap", "--bridge", "--monologue-alert",
        ] {
            #expect(result.stdout.contains(option), "help is missing \(option)")
        }
        let flat = result.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("(values: text, json, csv, html; default: text)"))
    }

    @Test("the root help names every subcommand")
    func rootHelp() throws {
        let result = try EarshotProcess.run(["--help"])
        #expect(result.status == 0)
        let listed = result.stdout.components(separatedBy: "SUBCOMMANDS:").last ?? ""
        // The lines up to the blank one after the list; a name starts a line two columns in.
        let lines = listed.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().prefix { !$0.isEmpty }
        let names = lines.compactMap { line in
            line.hasPrefix("  ") && !line.hasPrefix("   ") ? line.split(separator: " ").first.map(String.init) : nil
        }
        #expect(names == ["analyze,", "eval", "replay", "live", "devices", "merge"], "\(names)")
    }

    @Test("live and replay help explain recording, exit codes and pacing, without stray line-continuation marks")
    func monitorHelp() throws {
        let live = try EarshotProcess.run(["live", "--help"]).stdout
        let flat = live.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("personal data"))
        #expect(flat.contains("2 a capture device could not be opened"))
        for option in ["--agent-device", "--customer-device", "--record", "--report", "--on-alert", "--json", "--bell"]
        {
            #expect(live.contains(option), "live help is missing \(option)")
        }
        let replay = try EarshotProcess.run(["replay", "--help"]).stdout
        #expect(replay.contains("--speed") && replay.contains("--from") && replay.contains("--play"))
        #expect(!live.contains("\\") && !replay.contains("\\"))
    }

    @Test("usage mistakes a newcomer makes get an error that names the fix, exit 64; 'analyse' is 'analyze'")
    func usageMistakes() throws {
        let cases: [([String], String)] = [
            (["live", "--device", "a", "--agent-device", "b"], "--device is one stereo device"),
            (["live", "--device", "a", "--customer-device", "b"], "--device is one stereo device"),
            (["live", "--agent-device", "b"], "--agent-device and --customer-device go together"),
            (["eval"], "give the folder of hand labels (--labels DIR) or of call truth (--truth DIR)"),
        ]
        for (arguments, message) in cases {
            let result = try EarshotProcess.run(arguments)
            #expect(result.status == 64 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        let sample = EarshotProcess.sample("call-01-calm.wav")
        let british = try EarshotProcess.run(["analyse", sample])
        #expect(british.status == 0, "\(british.stderr)")
        #expect(british.stdout == (try EarshotProcess.run(["analyze", sample])).stdout)
    }
}
