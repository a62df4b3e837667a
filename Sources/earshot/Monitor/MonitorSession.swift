import EarshotAudio
import EarshotCore
import Foundation

/// One monitored call, for `live` and `replay`: feeds blocks to the engine and publishes what it finds
/// (events, alerts, status) to the chosen output, the `--on-alert` command and the recorder; at the
/// end it writes the report. The recorder writes on a thread of its own (`BackgroundRecorder`).
final class MonitorSession {
    let engine: Engine
    private let output: any MonitorOutput
    private let onAlert: AlertCommandRunner?
    private let recorder: BackgroundRecorder?
    /// Set when writing `--record` failed (disk full): recording stopped, monitoring went on.
    private(set) var recordingFailed = false
    private var alertsPublished = 0
    private var eventsPublished = 0
    private var lastStatusWall = 0.0
    private var lastStatusMedia = -1.0
    /// Whether any speech has been heard so far (`MonitorSnapshot.someoneHeard`).
    private var someoneHeard = false
    var stats: (() -> CaptureStats)?
    /// Media time of the first sample fed (replay from part-way); reported times include it.
    var offsetSeconds = 0.0 {
        didSet { output.offsetSeconds = offsetSeconds }
    }

    init(engine: Engine, output: any MonitorOutput, onAlert: String?, recorder: BackgroundRecorder?) {
        self.engine = engine
        self.output = output
        // Under the live view a command's output is shown through it (above the view), not written over by it.
        let shown: ((String) -> Void)? =
            output.drawsInPlace ? { [weak output] line in output?.note(line) } : nil
        // Earshot's own warnings: above the live view (drawn straight to the terminal, the view's next redraw
        // would draw over them), else on stderr; and on stderr too when that is not a terminal (`2>> shift.log`
        // keeps every warning).
        // Those for stderr go through a queue of their own (`BackgroundWarnings`).
        let warnings = BackgroundWarnings()
        let warning: (String) -> Void
        if output.drawsInPlace {
            warning = { [weak output] line in
                output?.note(line)
                if !StandardError.isTerminal { warnings.say(line) }
            }
        } else {
            warning = { line in warnings.say(line) }
        }
        self.warnings = warnings
        self.warning = warning
        self.onAlert = onAlert.map { AlertCommandRunner(command: $0, output: shown, warn: warning) }
        self.recorder = recorder
    }

    private let warning: (String) -> Void
    private let warnings: BackgroundWarnings

    /// Shows one of Earshot's own warnings while the session runs (see `init`).
    func warn(_ line: String) { warning(line) }

    /// When a stop signal ended the session, says that its report is being finished, and how to end at once
    /// without it (finishing can take seconds: a device stuck in a read, a hung `--on-alert` command, a stuck
    /// standard output).
    func sayStoppingIfSignalled() {
        guard StopSignal.wasSignalled else { return }
        warn("earshot: stopping: finishing the report (a second stop signal, Ctrl-C, ends at once, without it)")
    }

    var mediaSeconds: Double { Double(engine.samplesProcessed) / Double(engine.format.sampleRate) }

    /// Analyses one block and publishes what changed.
    func feed(_ samples: UnsafeBufferPointer<Float>) {
        engine.process(samples)
        recorder?.append(samples)
        publish()
    }

    /// Fills in `frames` of lost capture (device gone, periods dropped): the engine marks them lost, and the
    /// recording gets as many frames of zeros, so its times stay those of the report.
    func skipLost(frames: Int) {
        engine.skipLost(frames: frames)
        recorder?.appendSilence(frames: frames)
    }

    /// Reports a failed write to `--record` (disk full), once: recording stopped, monitoring goes on. `ended`:
    /// the session's output has finished (no view left to show it above).
    private func checkRecording(ended: Bool = false) {
        guard let failure = recorder?.takeFailure() else { return }
        let line =
            "earshot: error: recording stopped at \(ReportText.clock(failure.seconds + offsetSeconds)): "
            + "\(failure.message); the session goes on without it"
        if ended { StandardError.print(line) } else { warn(line) }
        recordingFailed = true
    }

    /// Publishes new events and alerts, and the status when due (every 0.25 s of wall time and in each new
    /// second of media). `force`: the closing status, after the engine finished.
    func publish(force: Bool = false) {
        checkRecording()
        let alerts = engine.alerts
        while alertsPublished < alerts.count {
            let alert = alerts[alertsPublished]
            alertsPublished += 1
            output.alert(alert)
            onAlert?.run(alert, offsetSeconds: offsetSeconds)
        }
        let events = engine.events
        while eventsPublished < events.count {
            // A silence gap over lost capture is no event (the report leaves it out too).
            if engine.notLost(events[eventsPublished]) {
                let known = FrameClock.seconds(ofFrame: engine.eventKnownFrames[eventsPublished])
                output.event(events[eventsPublished], mediaSeconds: known)
            }
            eventsPublished += 1
        }
        let now = Date().timeIntervalSince1970
        let media = mediaSeconds + offsetSeconds  // the file's time (replay --from)
        // Every second of media has its status (a step of 1 s from the last would drift past some seconds: blocks of
        // 1.024 s skip one in 25).
        let newSecond = media.rounded(.down) > lastStatusMedia.rounded(.down)
        guard force || now - lastStatusWall >= 0.25 || newSecond else { return }
        lastStatusWall = now
        lastStatusMedia = media
        output.status(snapshot(closing: force))
    }

    private func snapshot(closing: Bool) -> MonitorSnapshot {
        let speaking = engine.speakingNow
        let summary = engine.summarySoFar()
        let talkingNow = (speaking?.agentActive ?? false) || (speaking?.customerActive ?? false)
        someoneHeard = someoneHeard || talkingNow || summary.agentTalkSeconds + summary.customerTalkSeconds > 0
        // Until the call is as long as the dominance window, the window is the whole call: show the call's
        // share (the window's also counts the newest, not yet final, decisions, and early on those move it by
        // several points, two different figures for the same stretch).
        let windowSeconds = FrameClock.seconds(ofFrame: engine.configuration.alerts.dominanceWindowFrames)
        let early = mediaSeconds < windowSeconds
        let recent = early ? summary.agentShare : engine.recentAgentShare
        let recentTalk = early ? summary.agentTalkSeconds + summary.customerTalkSeconds : engine.recentTalkSeconds
        return MonitorSnapshot(
            mediaSeconds: mediaSeconds, agentSpeaking: speaking?.agentActive ?? false,
            customerSpeaking: speaking?.customerActive ?? false, twoParties: engine.format.channelCount == 2,
            summary: summary, recentAgentShare: recent, recentTalkSeconds: recentTalk,
            recentAlerts: Array(engine.alerts.suffix(3)),
            agentInterruptionsAlerted: engine.alerts.count { $0.rule == .agentInterrupts },
            deadAirPending: Self.deadAirPending(engine),
            agentQuietSecondsWhileCustomerTalks: engine.agentQuietSecondsWhileCustomerTalks,
            unheard: engine.unheardParty,
            stats: stats?(), closing: closing, someoneHeard: someoneHeard)
    }

    /// Whether `engine`'s newest dead-air alert came after the last settled silence gap had ended: its silence goes on,
    /// or has not settled yet.
    private static func deadAirPending(_ engine: Engine) -> Bool {
        guard let alert = engine.alerts.last(where: { $0.rule == .silenceGap }) else { return false }
        guard let gap = engine.events.last(where: { $0.kind == .silenceGap }) else { return true }
        return alert.startFrame >= gap.endFrame
    }

    /// Ends the session: the report (with `findings` about the input listed first) goes, when asked, to
    /// `reportPath` (written whole), then to the output, and only then are `--on-alert` commands waited for.
    /// In that order: neither a standard output that no longer moves (a reader that stopped, a paused
    /// terminal) nor a command that hangs can keep the report from being written.
    @discardableResult
    func finish(reportPath: String?, file: String, findings: [RecordingQuality.Finding] = []) throws -> Report {
        var report = engine.finish()
        report.quality.findings.insert(contentsOf: findings, at: 0)
        publish(force: true)
        // From here a stderr that takes nothing for 10 s is given up (its lines lost): it holds up what follows the
        // report, as a stalled stdout may, not the report, and not the end of the process; a slow one loses nothing.
        StandardError.limitWaits()
        defer {
            onAlert?.drain()
            // A command that failed while it was waited for said so through the queue: said before the process ends.
            warnings.flush(until: .now() + StandardError.stallSeconds + 2)
        }
        var failure: (any Error)?
        if let reportPath {
            (output as? BackgroundOutput)?.waitForQueued(seconds: 2)
            var json = ReportJSON.value(
                report, file: file, offsetSeconds: offsetSeconds,
                flags: CallRecord.flags(for: report, alerts: engine.configuration.alerts))
            if let stats = stats?(), case .object(var pairs) = json {
                pairs.append(("capture", .object(CaptureStatsJSON.closingPairs(stats))))
                json = .object(pairs)
            }
            do {
                try AtomicFile.write(json.rendered(indent: 1) + "\n", to: reportPath)
                StopSignal.noteReportWritten()
            } catch {
                failure = error
            }
        }
        // The session's warnings before the lines written straight to stderr from here on (2 s at most: a stderr
        // that takes nothing then waits beside the stdout's 10 s, not before them).
        warnings.flush(until: .now() + 2)
        finishRecording()
        output.finish(report, file: file, stats: stats?())
        if let failure { throw failure }
        return report
    }

    /// Waits for the recording to be written (after the report: a stalled disk cannot hold that up) and says
    /// what it lacks.
    private func finishRecording() {
        guard let recorder else { return }
        if !recorder.finish() {
            StandardError.print(
                "earshot: error: the recording's disk has taken nothing for 10 s; the recording is left unfinished "
                    + "(its end, and the length in its header, may be missing)")
            recordingFailed = true
            return
        }
        checkRecording(ended: true)
        if let start = recorder.overflowStartSeconds, !recordingFailed {
            let seconds = Double(recorder.overflowFrames) / Double(engine.format.sampleRate)
            StandardError.print(
                "earshot: warning: the disk was too slow for --record: \(ReportText.duration(seconds)) of the "
                    + "recording from \(ReportText.clock(start + offsetSeconds)) on are silence in place of the audio "
                    + "(the analysis has all of it)")
        }
    }
}
