import ArgumentParser
import Glibc

/// The `earshot` command: talk/silence monitoring of two-party phone calls.
@main
struct Earshot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "earshot",
        abstract: "Talk/silence monitor for phone calls: talk share, interruptions, backchannels, dead air.",
        discussion: """
            Channel 0 is the agent and channel 1 the customer unless --agent-channel says otherwise.
            Definitions of every figure: docs/METRICS.md.
            """,
        version: "0.1.0",
        subcommands: [Analyze.self, Eval.self, Replay.self, Live.self, Devices.self, Merge.self])

    /// Usage errors begin as every other error of Earshot's does ("earshot: error: ..."), not with ArgumentParser's
    /// "Error: ", so one pattern finds them all in a cron mail or a log.
    static var _errorPrefix: String { "earshot: error: " }

    /// ArgumentParser writes `--help` and `--version` to standard output itself (through stdio), then exits 0: a help
    /// text that a full disk or a closed stdout swallowed would pass as written. Everything else Earshot writes goes
    /// through `StandardOutput`, which checks its writes; stdio's are checked as the process exits.
    static func main() {
        StandardOutputCheck.begin()  // for every command: a closed pipe is EPIPE, said as an error, not a SIGPIPE
        atexit {
            guard fflush(nil) != 0 else { return }  // stdio's buffers: standard output's is the one in use
            let reason = String(cString: strerror(errno))
            StandardError.print("earshot: error: cannot write to standard output: \(reason)")
            _exit(ExitStatus.outputFailed.rawValue)
        }
        UsageCheck.parseWithoutValueChecks()  // unknown options before what their values would be refused for
        main(nil)
    }
}
