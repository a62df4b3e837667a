import ArgumentParser

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
}
