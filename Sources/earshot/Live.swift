import ArgumentParser
import EarshotAudio
import EarshotCore
import Foundation

/// `earshot live`: monitor a call as it happens, from ALSA capture.
struct Live: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Monitor a call live from ALSA capture: live view, alerts, report.",
        discussion: """
            One stereo device (--device, with --agent-channel), or two devices at once: \
            --agent-device (e.g. the headset microphone through dsnoop) and --customer-device (e.g. the \
            softphone's output through a loopback or a pulse/pipewire monitor); the first channel of \
            each is used and the two are kept in step in time (audio one device holds 0.2 s beyond the \
            other is dropped and counted as a slip or as lost capture; devices faster than real time, \
            such as files, are paired by sample count).

            Recordings of customers are personal data: --record is off by default; keep recordings only \
            where you are allowed to, and tell the caller.

            Exit status: 0 the session ended (end of --duration, Ctrl-C, SIGTERM or SIGHUP; the report is \
            written), 2 a capture device could not be opened, 3 the report, the recording or standard \
            output could not be written (a closed pipe; the report is still written), 64 usage error, \
            130 a second Ctrl-C (no report; 143 or 129 for SIGTERM or SIGHUP after another stop signal) \
            or Ctrl-C before the device opened.
            """)

    @Option(help: "Capture device for both parties (a stereo PCM; see `earshot devices`; default: default).")
    var device: String?

    @Option(name: .customLong("agent-device"), help: "Capture device of the agent (mono or its first channel).")
    var agentDevice: String?

    @Option(name: .customLong("customer-device"), help: "Capture device of the customer (mono or its first channel).")
    var customerDevice: String?

    @Option(
        parsing: .unconditional,
        help: "Sample rate to capture at, 4000 ... 192000 (ALSA's plug layer converts when the device differs)."
    )
    var rate: Int = 16_000

    @Option(name: .customLong("period-ms"), parsing: .unconditional, help: "Capture period in milliseconds (5 ... 50).")
    var periodMilliseconds: Int = 10

    @Option(
        name: .customLong("ring-seconds"), parsing: .unconditional,
        help: "Audio that may wait for the engine before capture drops periods, in seconds (0.1 ... 600; 256 MB).")
    var ringSeconds: Double = 10

    @Option(
        parsing: .unconditional,
        help: "Stop after this many seconds of audio, up to 1e8 (default: until Ctrl-C, SIGTERM or SIGHUP).")
    var duration: Double?

    @Option(
        help: "Also keep the captured audio in this WAV file. Off by default: recordings of customers are sensitive.")
    var record: String?

    @OptionGroup var monitor: MonitorOptions
    @OptionGroup var engine: EngineOptions

    /// The names of this command's own options, each taking one value (`SingleUse`).
    static let valueOptions: [[String]] = [
        ["--device"], ["--agent-device"], ["--customer-device"], ["--rate"], ["--period-ms"], ["--ring-seconds"],
        ["--duration"], ["--record"],
    ]

    mutating func validate() throws {
        guard UsageCheck.checksValues else { return }  // the first parse (UsageCheck)
        try SingleUse.check(Self.valueOptions + MonitorOptions.valueOptions + EngineOptions.valueOptions)
        try DecimalArgument.check(["--ring-seconds", "--duration"])
        try SingleUse.checkNotEmpty([(monitor.report, "--report"), (record, "--record")])
        // Checked first: mixing the two forms is the mistake to name, whichever of the pair is missing.
        guard device == nil || (agentDevice == nil && customerDevice == nil) else {
            throw ValidationError(
                "--device is one stereo device; with --agent-device and --customer-device leave it out")
        }
        guard (agentDevice == nil) == (customerDevice == nil) else {
            throw ValidationError("--agent-device and --customer-device go together")
        }
        for (name, value) in [
            ("--device", device), ("--agent-device", agentDevice), ("--customer-device", customerDevice),
        ]
        where value?.trimmingCharacters(in: .whitespaces).isEmpty == true {
            throw ValidationError("\(name) needs a device name (see `earshot devices`)")
        }
        if agentDevice != nil && engine.agentChannel != 0 {
            throw ValidationError(
                "--agent-channel picks a channel of one stereo device; with --agent-device and --customer-device "
                    + "the devices say who is who")
        }
        guard (4_000...192_000).contains(rate) else {
            throw ValidationError("--rate must be 4000 ... 192000 Hz, got \(rate)")
        }
        guard (5...50).contains(periodMilliseconds) else {
            throw ValidationError("--period-ms must be 5 ... 50, got \(periodMilliseconds)")
        }
        guard ringSeconds >= 0.1 && ringSeconds <= 600 else {
            throw ValidationError("--ring-seconds must be 0.1 ... 600, got \(ringSeconds)")
        }
        // Two channels of 4-byte samples, made ready at the start (and rounded up to a power of two): a ring
        // that would take the machine's memory is refused, with what fits.
        let ringBytes = ringSeconds * Double(rate) * 8
        let maxRingBytes = 256.0 * 1_000_000
        guard ringBytes <= maxRingBytes else {
            let fits = Int(maxRingBytes / (Double(rate) * 8))
            throw ValidationError(
                "--ring-seconds \(ReportText.fixed(ringSeconds)) at \(rate) Hz would hold \(Int(ringBytes / 1_000_000)) MB "
                    + "of audio; at most 256 MB: give --ring-seconds \(fits) or less")
        }
        try validateRecordPath()
        if let duration, !(duration > 0 && duration <= 1e8) {
            throw ValidationError("--duration must be a positive number of seconds, at most 1e8; got \(duration)")
        }
    }

    func run() throws {
        var configuration = try engine.engineConfiguration()
        try monitor.checkReportPath()
        if let record {  // before the device: a session must not run for hours and then fail to keep its audio
            do {
                try AtomicFile.checkWritable(record)
            } catch {
                StandardError.print("earshot: error: \(error)")
                throw ExitStatus.outputFailed
            }
        }
        // Opening can hang (a sound server that does not answer): said after 2 s, ended by --duration, and a stop
        // signal says that no session ran.
        StopSignal.installBeforeDevice()
        let watch = DeviceOpenWatch(
            devices: agentDevice.flatMap { agent in customerDevice.map { [agent, $0] } } ?? [device ?? "default"],
            durationSeconds: duration)
        let captures: [ALSACapture]
        do {
            defer { watch.cancel() }
            captures = try openCaptures()
        }
        if captures.count == 2 {
            configuration = try configuration.with(agentChannel: 0)  // the devices say who is who
        }
        // From here on Ctrl-C ends the session with its report.
        StopSignal.install()
        let sampleRate = captures[0].sampleRate
        let format = try StreamFormat(sampleRate: sampleRate, channelCount: 2)
        let recorder = try makeRecorder(sampleRate: sampleRate)
        let session = MonitorSession(
            engine: Engine(format: format, configuration: configuration),
            output: BackgroundOutput(monitor.makeOutput(alerts: configuration.alerts)),
            onAlert: monitor.onAlert, recorder: recorder)
        let feed = CaptureFeed(captures: captures)
        let engine = session.engine
        var startedAt: Date?
        session.stats = {
            var stats = feed.stats()
            stats.startedAt = startedAt
            stats.lostSeconds = engine.lostCaptureSeconds
            return stats
        }
        do {
            for capture in captures { try capture.start() }
        } catch {
            captures.forEach { $0.stop() }
            recorder?.finish()  // an empty recording, its header complete
            StandardError.print("earshot: error: \(error.message)")
            throw ExitStatus.deviceFailed
        }
        startedAt = Date()
        LiveCaptureLoop(
            captures: captures, feed: feed, session: session, durationSeconds: duration, ringSeconds: ringSeconds
        ).run()
        do {
            try session.finish(reportPath: monitor.report, file: captures.map(\.device).joined(separator: "+"))
        } catch {
            StandardError.print("earshot: error: \(error)")
            throw ExitStatus.outputFailed
        }
        try StandardOutputCheck.finish()
        if session.recordingFailed { throw ExitStatus.outputFailed }
    }
}
