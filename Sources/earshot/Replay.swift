import ArgumentParser
import EarshotAudio
import EarshotCore
import Foundation

/// `earshot replay`: a recording through the live engine and view, paced like a live call.
struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay a recording through the live view and alerts, at real time or faster.",
        discussion: """
            Exit status: 0 done (also when stopped with Ctrl-C, SIGTERM or SIGHUP: the report is still \
            written), 1 the file could not be read, has no channel --channels names, is shorter than --from, \
            or the --play device failed during the replay (the report is still written), 2 the --play device could not be opened, 3 the report or standard output \
            could not be written, 64 usage error, 130 a second Ctrl-C (no report; 143 or 129 for SIGTERM or SIGHUP \
            after another stop signal).
            """)

    @Argument(help: "The recording (channel 0 agent, channel 1 customer by default).")
    var file: String

    @Option(
        parsing: .unconditional,
        help: "Media seconds per second of wall time: 1 (real time), 0.05 ... 100000, or max (as fast as possible).")
    var speed: String = "1"

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Start this far into the recording: seconds (90) or a time as shown (1:30, 1:02:05.5); to the 10 ms, "
                + "rounded down.", valueName: "time"))
    var from: String = "0"

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(ChannelChoice.help, valueName: "A,C"))
    var channels: String?

    @Option(
        name: .customLong("play"),
        help: ArgumentHelp(
            "Also play the audio through this ALSA playback device, in step with the view (e.g. default).",
            valueName: "device"))
    var playDevice: String?

    @OptionGroup var monitor: MonitorOptions
    @OptionGroup var engine: EngineOptions

    var pace: Double? { speed == "max" ? nil : DecimalArgument.value(speed) }

    /// `--from` on the 10 ms grid of every reported time (rounded down; a hair of slack keeps 0.07 at 0.07).
    var start: Double {
        let perSecond = Double(FrameClock.framesPerSecond)
        return ((ClockArgument.seconds(from) ?? 0) * perSecond + 1e-6).rounded(.down) / perSecond
    }

    /// The names of this command's own options, each taking one value (`SingleUse`).
    static let valueOptions: [[String]] = [["--speed"], ["--from"], ["--channels"], ["--play"]]

    mutating func validate() throws {
        guard UsageCheck.checksValues else { return }  // the first parse (UsageCheck)
        try SingleUse.check(Self.valueOptions + MonitorOptions.valueOptions + EngineOptions.valueOptions)
        try SingleUse.checkNotEmpty([(monitor.report, "--report")])
        if playDevice == "" { throw ValidationError("--play needs a device name (see `aplay -L`)") }
        guard speed == "max" || (DecimalArgument.value(speed).map { (0.05...100_000).contains($0) } ?? false) else {
            throw ValidationError("--speed takes a number from 0.05 to 100000, or max; got '\(speed)'")
        }
        guard let seconds = ClockArgument.seconds(from) else {
            throw ValidationError("--from takes seconds (90, 2.5) or a time as shown (1:30, 1:02:05.5); got '\(from)'")
        }
        guard seconds >= 0 && seconds < 1e9 else {
            throw ValidationError("--from must be 0 or more seconds, less than 1e9; got \(from)")
        }
        try ChannelChoice.validate(channels, agentChannel: engine.agentChannel)
        if let report = monitor.report, Self.wouldOverwrite(report: report, recording: file) {
            throw ValidationError("--report names the recording replayed: it would be overwritten by the report")
        }
        if playDevice != nil && pace != 1 {
            throw ValidationError("--play plays at real time: leave --speed at 1")
        }
    }

    /// Whether writing `report` would replace `recording`: both name one file, the recording is there, and the
    /// kernel can follow the report's path as written, its folder and any link it is (`nn/../L/r.wav` with `nn`
    /// missing, a link to `nn/../r.wav`, `r.wav/` cannot be written, so they overwrite nothing: their own errors say
    /// why). A recording not there (a link to nothing) is said to be missing instead.
    static func wouldOverwrite(report: String, recording: String) -> Bool {
        let folder = ParentPath.of(report)
        guard access(recording, F_OK) == 0, access(folder.isEmpty ? "." : folder, F_OK) == 0,
            BatchInputs.unreachableSpelling(report) == nil
        else { return false }
        return BatchInputs.resolved(report) == BatchInputs.resolved(recording)
    }

    func run() throws {
        let configuration = try engine.engineConfiguration()
        try monitor.checkReportPath()
        StopSignal.install()
        let picked = channels.flatMap(ChannelChoice.parse)
        let replay: PacedReplay
        do {
            // When playing, the playback device's blocking writes pace the replay.
            replay = try PacedReplay(
                path: file, speed: playDevice == nil ? pace : nil, startSeconds: start, channels: picked)
        } catch {
            StandardError.print("earshot: error: \(error.message)")
            throw ExitStatus.inputFailed
        }
        Analyze.warnIfAgentChannelUnused(
            channelCount: replay.source.channelCount, file: file, agentChannel: configuration.agentChannel)
        let format = try StreamFormat(sampleRate: replay.source.sampleRate, channelCount: replay.source.channelCount)
        let session = MonitorSession(
            engine: Engine(format: format, configuration: configuration),
            output: BackgroundOutput(
                monitor.makeOutput(alerts: configuration.alerts), keepsEveryStatus: true),
            onAlert: monitor.onAlert, recorder: nil)
        session.offsetSeconds = start
        let player = try openPlayer(format: format)
        let lag = PlaybackLag(channelCount: format.channelCount)
        let feed = { (samples: UnsafeBufferPointer<Float>) in session.feed(samples) }
        var readFailed = false
        var reachedEnd = false
        do {
            reachedEnd = try playThrough(replay, player: player, lag: lag, feed: feed)
            if let player, !StopSignal.isRequested {
                Self.followOut(player, lag: lag, sampleRate: format.sampleRate, feed: feed)
            }
        } catch {
            // The report covers what was read; the status says the replay did not reach the end.
            session.warn("earshot: error: \(error.message)")
            readFailed = true
        }
        // A device stopped or failed under a sound server that may hang is not asked anything more: its queue's
        // length, a drain or a close would wait on the server (review L: Ctrl-C then did nothing, and a device that
        // took no audio held the exit 30 s after its error).
        if let player, StopSignal.isRequested || readFailed { player.abandon() }
        session.sayStoppingIfSignalled()
        lag.release(keepingNewest: 0, to: feed)  // the report covers what was read, heard or not
        do {
            // A file that ends before its header says is named as analyze names it; a replay stopped before
            // the end says so, since its figures cover only part of the call.
            let findings = reachedEnd ? replay.source.lengthFindings : stopFinding(replay, session)
            try session.finish(reportPath: monitor.report, file: file, findings: findings)
        } catch {
            StandardError.print("earshot: error: \(error)")
            throw ExitStatus.outputFailed
        }
        try StandardOutputCheck.finish()
        if readFailed { throw ExitStatus.inputFailed }
    }

    /// The playback device of `--play`, or `nil`; a device that cannot be opened is said with the playback
    /// devices there are, and ends the command with status 2.
    private func openPlayer(format: StreamFormat) throws -> ALSAPlayback? {
        guard let playDevice else { return nil }
        do {
            return try ALSAPlayback(
                device: playDevice, channelCount: format.channelCount, sampleRate: format.sampleRate)
        } catch {
            DeviceOpenFailure.print(error, devices: ALSADevices.playbackPCMs().map(\.name), direction: "playback")
            throw ExitStatus.deviceFailed
        }
    }

    /// Feeds the replay's blocks to the session (`feed`) until its end or the stop, through `player` when playing
    /// (the view then follows the audio as the device takes it); returns whether the end was reached.
    private func playThrough(
        _ replay: PacedReplay, player: ALSAPlayback?, lag: PlaybackLag, feed: (UnsafeBufferPointer<Float>) -> Void
    ) throws(AudioError) -> Bool {
        while !StopSignal.isRequested {
            guard let block = try replay.nextBlock() else { return true }
            guard let player else {
                feed(block.samples)
                continue
            }
            // A period at a time, so the view moves on while the device takes the block.
            let step = player.periodFrames * lag.channelCount
            for start in stride(from: 0, to: block.samples.count, by: step) {
                let piece = UnsafeBufferPointer(rebasing: block.samples[start..<min(start + step, block.samples.count)])
                try player.play(piece, stopping: { StopSignal.isRequested })
                lag.hold(piece)
                if StopSignal.isRequested { return false }  // the device's queue is not asked (see `run`)
                lag.release(keepingNewest: player.unplayedFrames, to: feed)
            }
        }
        return false
    }

    /// The view follows the last queued audio out as it is heard (a last partial period may stay queued until
    /// the play-out; a device that stops playing is not waited for past its audio's length).
    private static func followOut(
        _ player: ALSAPlayback, lag: PlaybackLag, sampleRate: Int, feed: (UnsafeBufferPointer<Float>) -> Void
    ) {
        let clock = MonotonicClock()
        let deadline = clock.now() + Double(lag.heldFrames) / Double(sampleRate) + 1
        while !StopSignal.isRequested && player.unplayedFrames >= player.periodFrames && clock.now() < deadline {
            lag.release(keepingNewest: player.unplayedFrames, to: feed)
            clock.sleep(until: clock.now() + 0.01)
        }
        player.playOut(
            timeout: Double(player.unplayedFrames) / Double(sampleRate) + 1, stopping: { StopSignal.isRequested })
    }

    /// `stoppedEarly` when the session ended before the file's end.
    private func stopFinding(_ replay: PacedReplay, _ session: MonitorSession) -> [RecordingQuality.Finding] {
        let source = replay.source
        let rate = Double(source.sampleRate)
        let length = Double(source.frameCount) / rate  // libsndfile's count: what a truncated file holds
        let stopped = start + session.mediaSeconds
        guard stopped < length - 0.005 else { return [] }
        return [.stoppedEarly(atSeconds: stopped, fileSeconds: length)]
    }
}
