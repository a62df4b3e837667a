import Foundation
import Testing

/// Usage errors of every subcommand: exit 64, the usage shown, the rule named.
@Suite("Usage errors")
struct UsageErrorTests {
    @Test("usage errors exit 64 and show usage")
    func usageError() throws {
        let result = try EarshotProcess.run([
            "analyze", "--agent-channel", "2", EarshotProcess.sample("call-01-calm.wav"),
        ])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--agent-channel must be 0 or 1"))
        #expect(result.stderr.contains("Usage:"))
        // Worded as Earshot's other errors are, so one pattern finds them all.
        #expect(result.stderr.hasPrefix("earshot: error: --agent-channel"), "\(result.stderr)")
        // Options that would be silently ignored are usage errors too.
        let file = EarshotProcess.sample("call-01-calm.wav")
        let ignored: [([String], String)] = [
            (["analyze", "--jobs", "2", file], "need --output DIR"),
            (["analyze", "--agent", "ann", file], "need --output DIR"),
            (["analyze", "--format", "json", "--output", Scratch.url("format-batch").path, file], "--format is for"),
            (["live", "--device", "x", "--agent-device", "a", "--customer-device", "c"], "leave it out"),
        ]
        for (arguments, message) in ignored {
            let refused = try EarshotProcess.run(arguments)
            #expect(refused.status == 64, "\(arguments)")
            #expect(refused.stderr.contains(message), "\(arguments): \(refused.stderr)")
            #expect(refused.stderr.hasPrefix("earshot: error: "), "\(arguments): \(refused.stderr)")
        }
        // ArgumentParser's own errors (an unknown option, a subcommand that does not exist) too.
        for arguments in [["analyze", "--bogus", file], ["frob"]] {
            let refused = try EarshotProcess.run(arguments)
            #expect(refused.status == 64, "\(arguments)")
            #expect(refused.stderr.hasPrefix("earshot: error: "), "\(arguments): \(refused.stderr)")
            #expect(!refused.stderr.contains("Error:"), "\(arguments): \(refused.stderr)")
        }
        // A mistyped option is named as such, not taken for the one it misses (ArgumentParser checks values first).
        let mistyped: [([String], String)] = [
            (["analyze", "--bogus"], "--bogus"),
            (["analyze", "--ouput", Scratch.url("typo").path, "--jobs", "2", file], "--ouput"),
            (["replay", "--sped", "2"], "--sped"),
            (["eval", "--truht", Scratch.url("none").path], "--truht"),
            (["merge", "--output", Scratch.url("merged").path, "--dbb", "x.db"], "--dbb"),
            (["live", "--devcie", "x"], "--devcie"),
        ]
        for (arguments, option) in mistyped {
            let refused = try EarshotProcess.run(arguments)
            #expect(refused.status == 64, "\(arguments)")
            #expect(refused.stderr.hasPrefix("earshot: error: Unknown option '\(option)'"), "\(refused.stderr)")
        }
        // A file named with a leading '-' is no cluster of short flags: '-hold.wav' printed the help (its -h) and
        // exited 0, analysing nothing, into a stream a script reads as CSV or JSON.
        let clusters = [
            ["analyze", "-hold.wav"], ["analyze", file, "-ch2.wav", "--format", "csv"], ["replay", "--json", "-h1"],
        ]
        for arguments in clusters {
            let refused = try EarshotProcess.run(arguments)
            #expect(refused.status == 64 && refused.stdout.isEmpty, "\(arguments): \(refused.stdout)")
            #expect(refused.stderr.contains("starts with '-' goes after '--': earshot \(arguments[0]) --"))
        }
        for help in [["analyze", "-h"], ["analyze", "-help"]] {
            #expect(try EarshotProcess.run(help).stdout.contains("USAGE: earshot analyze"), "\(help)")
        }
    }

    @Test("a negative or huge number is refused with the option's own rule, not taken for an option or a crash")
    func negativeValues() throws {
        let file = EarshotProcess.sample("call-01-calm.wav")
        let refused: [([String], String)] = [
            (["analyze", "--silence-gap", "-1", file], "--silence-gap must be 0.1 ... 600 s, got -1.0"),
            (["analyze", "--bridge", "6", file], "--bridge must be 0 ... 5 s, got 6.0"),
            (["analyze", "--monologue-alert", "0.5", file], "--monologue-alert must be 1 ... 36000 s, got 0.5"),
            (["analyze", "--agent-channel", "-1", file], "--agent-channel must be 0 or 1, got -1"),
            (["analyze", "--channels", "-1,0", file], "--channels takes one or two different channel numbers"),
            (["eval", "--labels", ".", "--channel", "-1"], "--channel must be 0 or more, got -1"),
            (["analyze", "--jobs", "-2", "--output", Scratch.url("negative-jobs").path, file], "--jobs must be"),
            (["replay", "--from", "-5", file], "--from must be 0 or more seconds"),
            (["replay", "--speed", "-2", file], "--speed takes a number from 0.05 to 100000, or max; got '-2'"),
            (["live", "--duration", "-3"], "--duration must be a positive number of seconds"),
            // Out of range the other way: values that would overflow a frame count or a sleep.
            (["replay", "--from", "1e19", file], "--from must be 0 or more seconds, less than 1e9"),
            (["replay", "--from", "inf", file], "--from takes seconds (90, 2.5) or a time as shown (1:30, 1:02:05.5)"),
            (["replay", "--from", "1:60", file], "--from takes seconds (90, 2.5) or a time as shown"),
            (["replay", "--from", "1:75:00", file], "--from takes seconds (90, 2.5) or a time as shown"),
            (["replay", "--from", "1::5", file], "--from takes seconds (90, 2.5) or a time as shown"),
            (["replay", "--speed", "1e-300", file], "--speed takes a number from 0.05"),
            (["live", "--duration", "1e15"], "--duration must be a positive number of seconds, at most 1e8"),
            // In the option's own terms, not the engine setting derived from it.
            (["analyze", "--dominance-window", "5", file], "--dominance-window must be 30 ... 3600 s"),
            (["analyze", "--dominance-share", "0.05", file], "--dominance-share must be 0.2 ... 0.99, got 0.05"),
            // Under 0.2 the alert could never re-arm (0.1 below the threshold is a share under 0).
            (["analyze", "--dominance-share", "0.1", file], "--dominance-share must be 0.2 ... 0.99, got 0.1"),
            (["analyze", "--output", Scratch.url("shard").path, "--shard", "-1/4", file], "--shard takes K/N"),
            (["analyze", "--output", Scratch.url("shard").path, "--shard", "+1/+4", file], "--shard takes K/N"),
        ]
        for (arguments, message) in refused {
            let result = try EarshotProcess.run(arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Missing value"), "\(arguments)")
        }
    }

    @Test("numbers are decimal: hexadecimal (Swift's Double reads 0x10 as 16) is refused, decimal forms are taken")
    func decimalNumbers() throws {
        let file = EarshotProcess.sample("call-01-calm.wav")
        let refused: [[String]] = [
            ["analyze", "--silence-gap", "0x10", file], ["analyze", "--nod-after", "0x1p4", file],
            ["analyze", "--dominance-share", "0x.Bp0", file], ["replay", "--from", "0x10", file],
            ["replay", "--speed", "0x10", file], ["live", "--duration=0x10"], ["live", "--ring-seconds", "0x10"],
            ["analyze", "--bridge", "nan", file],
        ]
        for arguments in refused {
            let result = try EarshotProcess.run(arguments)
            #expect(result.status == 64, "\(arguments)")
            let option = arguments[1].split(separator: "=")[0]
            let said =
                ["--speed": "--speed takes a number", "--from": "--from takes seconds"][String(option)]
                ?? "\(option) takes a decimal number"
            #expect(result.stderr.contains(said), "\(arguments): \(result.stderr)")
        }
        for value in ["16", "16.", "1.6e1", "+16", "016"] {
            let taken = try EarshotProcess.run(["analyze", "--silence-gap", value, file])
            #expect(taken.status == 0, "\(value): \(taken.stderr)")
            #expect(taken.stdout.contains("of 16 s or more"), "\(value): \(taken.stdout)")
        }
    }

    @Test("a bridge longer than the silence gap is refused: a pause it joins would be talk and a gap at once")
    func bridgeAgainstSilenceGap() throws {
        let file = EarshotProcess.sample("call-02-interruptions.wav")
        let refused: [([String], String)] = [
            (["analyze", "--bridge", "5", file], "--bridge (5.0 s) must not be longer than --silence-gap (3.0 s)"),
            (
                ["analyze", "--silence-gap", "0.2", file],
                "--bridge (0.3 s by default) must not be longer than --silence-gap"
            ),
            (["analyze", "--bridge", "2.5", "--silence-gap", "2", file], "--bridge (2.5 s) must not be longer"),
            (["replay", "--speed", "max", "--bridge", "3.5", file], "--bridge (3.5 s) must not be longer"),
        ]
        for (arguments, message) in refused {
            let result = try EarshotProcess.run(arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        // Equal is consistent: a pause of exactly the bridge is not bridged, and is a gap.
        for (bridge, gap) in [("0.1", "0.2"), ("3", "3")] {
            let accepted = try EarshotProcess.run(["analyze", "--bridge", bridge, "--silence-gap", gap, file])
            #expect(accepted.status == 0, "\(accepted.stderr)")
        }
    }

    @Test("--channels names two different channels, agent first, and does not go with --agent-channel")
    func channelChoice() throws {
        let file = EarshotProcess.sample("call-01-calm.wav")
        for bad in [["--channels", "1,1"], ["--channels", "1,0", "--agent-channel", "1"], ["--channels", "x"]] {
            let result = try EarshotProcess.run(["analyze"] + bad + [file])
            #expect(result.status == 64, "\(bad)")
            #expect(result.stderr.contains("--channels"), "\(bad)")
        }
        // Agent first: picking 1,0 on a stereo file is the same as --agent-channel 1.
        let picked = try EarshotProcess.run(["analyze", "--format", "csv", "--channels", "1,0", file])
        let swapped = try EarshotProcess.run(["analyze", "--format", "csv", "--agent-channel", "1", file])
        #expect(picked.status == 0 && swapped.status == 0)
        #expect(picked.stdout == swapped.stdout)
    }
}
