import ArgumentParser
import EarshotCore
import Foundation

/// Options shared by `live` and `replay`: how the running call is shown and what is kept.
struct MonitorOptions: ParsableArguments {
    /// The names of these options that take a value, one each (`SingleUse`).
    static let valueOptions: [[String]] = [["--report"], ["--on-alert"]]

    @Flag(
        help:
            "JSON Lines on stdout instead of the view: every event and alert as it happens, a status line every second."
    )
    var json = false

    @Option(
        help: ArgumentHelp(
            "When the session ends (replay: the end of the file; live: --duration; either: Ctrl-C, SIGTERM or SIGHUP), "
                + "write the full report here (analyze --format json shape).")
    )
    var report: String?

    @Flag(help: "Ring the terminal bell on alerts (at most once in 2 s).")
    var bell = false

    @Option(
        name: .customLong("on-alert"),
        help: ArgumentHelp(
            "Run this shell command for each alert, with the alert as JSON on its stdin.",
            discussion: "Example: --on-alert 'notify-send Earshot \"$(jq -r .rule)\"'"))
    var onAlert: String?

    /// Fails at once, before the session, when `--report` could not be written at its end.
    func checkReportPath() throws {
        guard let report else { return }
        do {
            try AtomicFile.checkWritable(report)
        } catch {
            StandardError.print("earshot: error: \(error)")
            throw ExitStatus.outputFailed
        }
    }

    /// The output for this session: JSON Lines, the terminal view, or plain lines when stdout is not a
    /// terminal or the terminal cannot move its cursor (`TERM=dumb`). Colour unless `NO_COLOR` is set to
    /// something (no-color.org); ASCII outside a UTF-8 locale. `alerts`: the view's bar turns yellow over the
    /// dominance alert's share, once the call has the talk that alert needs.
    func makeOutput(alerts: AlertConfiguration) -> any MonitorOutput {
        if json { return JSONLinesOutput() }
        let environment = ProcessInfo.processInfo.environment
        if isatty(STDOUT_FILENO) == 1 && environment["TERM"] != "dumb" {
            return TerminalView(
                colour: (environment["NO_COLOR"] ?? "").isEmpty, bell: bell,
                unicode: TerminalView.localeIsUTF8(environment), dominanceShare: alerts.dominanceShare,
                dominanceMinTalkSeconds: FrameClock.seconds(ofFrame: alerts.dominanceMinTalkFrames))
        }
        return PlainLinesOutput()
    }
}
