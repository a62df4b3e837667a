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

            Exit status: 0 the session ended (end of --duration, Ctrl-C or SIGTERM; the report is \
            written), 1 the report, the recording or standard output could not be written (a closed \
            pipe; the report is still written), 2 a capture device could not be opened, 64 usage error, \
            130 a second Ctrl-C (no report; 143 a second SIGTERM) or Ctrl-C before the device opened.
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

    @Option(parsing: .unconditional, help: "Stop after this many seconds of audio (default: until Ctrl-C or SIGTERM).")
    var duration: Double?

    @Option(
        help: "Also keep the captured audio in this WAV file. Off by default: recordings of customers are sensitive.")
    var record: String?

    @OptionGroup var monitor: MonitorOptions
    @OptionGroup var engine: EngineOptions

    mutating func validate() throws {
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
        guard (4_000...192_000).contains(rate) else { throw ValidationError("--rate must be 4000 ... 192000 Hz") }
        guard (5...50).contains(periodMilliseconds) else { throw ValidationError("--period-ms must be 5 ... 50") }
        guard ringSeconds >= 0.1 && ringSeconds <= 600 else {
            throw ValidationError("--ring-seconds must be 0.1 ... 600")
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
        if let record, let report = monitor.report, BatchInputs.resolved(record) == BatchInputs.resolved(report) {
            throw ValidationError("--record and --report name the same file: one would overwrite the other")
        }
        // WAV is written with its length in the header, which a pipe cannot take; opening a FIFO would also wait
        // for a reader before libsndfile says so.
        var status = stat()
        if let record, stat(record, &status) == 0, [S_IFIFO, S_IFSOCK].contains(status.st_mode & S_IFMT) {
            throw ValidationError(
                "--record needs a file: '\(record)' is a pipe, and a WAV recording cannot be streamed")
        }
        // The live view, JSON lines or plain lines go to standard output: a recording there would be mixed into them.
        var output = stat()
        if let record, stat(record, &status) == 0, fstat(STDOUT_FILENO, &output) == 0,
            status.st_dev == output.st_dev, status.st_ino == output.st_ino
        {
            throw ValidationError("--record '\(record)' is standard output: name a file of its own")
        }
        if let record, !["wav", "wave", "rf64"].contains((record as NSString).pathExtension.lowercased()) {
            throw ValidationError("--record writes a WAV file: name it FILE.wav, not '\(record)'")
        }
        if let duration, !(duration > 0 && duration <= 1e8) {
            throw ValidationError("--duration must be a positive number of seconds, at most 1e8; got \(duration)")
        }
    }

    func run() throws {
        StandardOutputCheck.begin()
        var configuration = try engine.engineConfiguration()
        try monitor.checkReportPath()
        if let record {  // before the device: a session must not run for hours and then fail to keep its audio
            do {
                try AtomicFile.checkWritable(record)
            } catch {
                StandardError.print("earshot: error: \(error)")
                throw ExitCode(1)
            }
        }
        let captures: [ALSACapture]
        do throws(AudioError) {
            if let agentDevice, let customerDevice {
                captures = [
                    try ALSACapture(
                        device: agentDevice, channelCount: 1, sampleRate: rate, periodMilliseconds: periodMilliseconds,
                        ringSeconds: ringSeconds, durationSeconds: duration, holdsAfterLoss: false),
                    try ALSACapture(
                        device: customerDevice, channelCount: 1, sampleRate: rate,
                        periodMilliseconds: periodMilliseconds, ringSeconds: ringSeconds, durationSeconds: duration,
                        holdsAfterLoss: false),
                ]
                configuration = try! configuration.with(agentChannel: 0)  // the devices say who is who
            } else {
                captures = [
                    try ALSACapture(
                        device: device ?? "default", channelCount: 2, sampleRate: rate,
                        periodMilliseconds: periodMilliseconds,
                        ringSeconds: ringSeconds, durationSeconds: duration)
                ]
            }
            if captures.count == 2 && captures[0].sampleRate != captures[1].sampleRate {
                // Interleaving them sample by sample would run one party's audio fast against the other's.
                throw AudioError(
                    kind: .deviceFailed,
                    message: "the agent device runs at \(captures[0].sampleRate) Hz and the customer device at "
                        + "\(captures[1].sampleRate) Hz; open both through ALSA's plug layer ('plug:NAME') so both "
                        + "run at --rate", path: customerDevice ?? "")
            }
        } catch {
            StandardError.print("earshot: error: \(error.message)")
            let names = ALSADevices.capturePCMs().map(\.name)
            if !names.isEmpty { StandardError.print("earshot: capture devices: \(names.joined(separator: ", "))") }
            throw ExitCode(2)
        }
        // From here on Ctrl-C ends the session with its report (opening a device that hangs can still be
        // interrupted the usual way).
        StopSignal.install()
        let sampleRate = captures[0].sampleRate
        let format = try StreamFormat(sampleRate: sampleRate, channelCount: 2)
        var recorder: BackgroundRecorder?
        if let record {
            do {
                // Plain WAV, RF64 only past 4 GiB (about 18 h at 16 kHz, 6 h at 48 kHz).
                // Readable by its owner alone (personal data), never written through another user's link or file
                // (the links were checked at the start; a link put there since is refused by the writer).
                let target = (try? OutputLinks.chain(from: record))?.last ?? record
                let writer = try AudioFileWriter(
                    path: target, sampleRate: sampleRate, channelCount: 2, encoding: .autoRF64, ownerOnly: true,
                    named: record)
                recorder = try BackgroundRecorder(sink: writer, sampleRate: sampleRate, channelCount: 2)
            } catch {
                StandardError.print("earshot: error: \(error.message)")
                throw ExitCode(1)
            }
        }
        let session = MonitorSession(
            engine: Engine(format: format, configuration: configuration),
            output: BackgroundOutput(monitor.makeOutput(dominanceShare: configuration.alerts.dominanceShare)),
            onAlert: monitor.onAlert, recorder: recorder)
        let feed = CaptureFeed(captures: captures)
        let engine = session.engine
        var startedAt: Date?
        session.stats = {
            var stats = feed.stats()
            stats.startedAt = startedAt
            let lostFrames = engine.lostCapture.reduce(0) { $0 + $1.count }
            stats.lostSeconds = FrameClock.seconds(ofFrame: lostFrames)
            return stats
        }
        let clock = MonotonicClock()
        do {
            for capture in captures { try capture.start() }
        } catch {
            captures.forEach { $0.stop() }
            recorder?.finish()  // an empty recording, its header complete
            StandardError.print("earshot: error: \(error.message)")
            throw ExitCode(2)
        }
        let started = clock.now()
        startedAt = Date()
        let limit = duration.map { Int($0 * Double(sampleRate)) }
        var reportedLoss = false
        var reportedRate: Int?
        var reportedStall = false
        let remainingFrames = { limit.map { $0 - session.engine.samplesProcessed } ?? Int.max }
        var warnedDrop = false
        // Fills in the lost time (device gone, or periods dropped on a full ring) up to the limit; true if any.
        // The first drop on a full ring is said at once: the report's lost capture alone would come too late.
        let fillLostCapture = {
            let lost = min(feed.takeLostFrames(), remainingFrames())
            if lost > 0 { session.skipLost(frames: lost) }
            if lost > 0 && !warnedDrop && feed.stats().droppedFrames > 0 {
                warnedDrop = true
                session.warn(
                    "earshot: warning: the \(ReportText.threshold(ringSeconds)) ring is full, so captured audio is "
                        + "being dropped and reported as lost capture: the machine is too busy, or the device "
                        + "delivers faster than real time (a file); --ring-seconds holds more")
            }
            return lost > 0
        }
        while !StopSignal.isRequested {
            let lostNow = captures.contains { $0.isDeviceLost }
            if lostNow != reportedLoss {
                reportedLoss = lostNow
                let lost = captures.filter { $0.isDeviceLost }
                let names = lost.map(\.device).joined(separator: ", ")
                let why = lost.map(\.lossReason).joined(separator: "; ")
                session.warn(
                    lostNow
                        ? "earshot: warning: capture device '\(names)' is gone; retrying every second (the gap is "
                            + "reported as lost capture): \(why)"
                        : "earshot: capture device is back")
            }
            if let back = captures.first(where: { $0.rateOnReturn != nil }), back.rateOnReturn != reportedRate {
                reportedRate = back.rateOnReturn
                session.warn(
                    "earshot: warning: capture device '\(back.device)' is back at \(reportedRate ?? 0) Hz, not "
                        + "\(back.sampleRate) Hz, so it cannot be taken back into this session: restart with --rate "
                        + "\(reportedRate ?? 0), or capture through '\(ALSADevices.plug(back.device))'; still retrying")
            }
            let remaining = remainingFrames()
            if remaining <= 0 { break }
            // A device that hangs without an error delivers no media: then --duration ends the session by the wall
            // clock, 2 s late at most, and the time the device did not cover is lost capture (below).
            if let duration, clock.now() - started > duration + 2,
                captures.contains(where: { $0.secondsSinceDelivery >= 2 && !$0.isDeviceLost })
            {
                break
            }
            // Seen before the read: once every capture has ended, an empty ring means nothing more comes.
            let captureEnded = captures.allSatisfy(\.hasEnded)
            let block = feed.read(maxFrames: min(remaining, 1_024))
            if block.isEmpty {
                // Lost time follows what was captured before it, so it is filled in once the ring holds
                // nothing older.
                if fillLostCapture() { continue }
                if captureEnded { break }
                reportedStall = Self.warnAboutStalls(captures, reported: reportedStall, warn: session.warn)
                session.publish()
                clock.sleep(until: clock.now() + 0.005)
                continue
            }
            block.withUnsafeBufferPointer { session.feed($0) }
        }
        let stopped = clock.now()
        captures.forEach { $0.stop() }
        // What the devices had captured by the stop (Ctrl-C) is analysed too, lost time filled in where it fell.
        while remainingFrames() > 0 {
            let block = feed.read(maxFrames: min(remainingFrames(), 1_024))
            if block.isEmpty {
                if fillLostCapture() { continue }
                break
            }
            block.withUnsafeBufferPointer { session.feed($0) }
        }
        // A device stuck in a read (a hung sound server) delivered nothing from some point to the stop: the
        // session's time it did not cover is lost capture, so the report spans the whole session.
        if let stuck = captures.first(where: { $0.stalledSeconds > 0 }) {
            let missing = min(
                Int((stopped - started) * Double(sampleRate)) - engine.samplesProcessed, remainingFrames())
            if missing > 0 {  // not already counted as an outage
                let seconds = Double(missing) / Double(sampleRate)
                session.skipLost(frames: missing)
                let total = FrameClock.seconds(ofFrame: engine.lostCapture.reduce(0) { $0 + $1.count })
                StandardError.print(
                    "earshot: warning: capture device '\(stuck.device)' delivered nothing for the last "
                        + "\(ReportText.fixed(stuck.stalledSeconds)) s and never returned from its read; the report "
                        + "has \(ReportText.fixed(total)) s of lost capture in all, the last "
                        + "\(ReportText.fixed(seconds)) s of it added at the end of the session")
            }
        }
        let dropped = feed.stats().droppedFrames
        if dropped > 0 {
            StandardError.print(
                "earshot: warning: \(ReportText.fixed(Double(dropped) / Double(sampleRate))) s of captured audio "
                    + "was dropped on a full ring; the report has it as lost capture")
        }
        do {
            try session.finish(reportPath: monitor.report, file: captures.map(\.device).joined(separator: "+"))
        } catch {
            StandardError.print("earshot: error: \(error)")
            throw ExitCode(1)
        }
        try StandardOutputCheck.finish()
        if session.recordingFailed { throw ExitCode(1) }
    }

    /// Warns once when a device has delivered nothing for 2 s, silent or stuck in a read that does not return
    /// (a device that hangs; a silent one is taken as gone by its capture at 5 s), and again when it delivers
    /// again; returns whether a stall is being reported. Both are measured so that a process stopped for a
    /// while (Ctrl-Z) is not taken for a hung device.
    private static func warnAboutStalls(
        _ captures: [ALSACapture], reported: Bool, warn: (String) -> Void
    ) -> Bool {
        let isStalled = { (capture: ALSACapture) in
            !capture.isDeviceLost && !capture.hasEnded && max(capture.secondsInRead, capture.silentSeconds) >= 2
        }
        let stalled = captures.contains(where: isStalled)
        if stalled && !reported {
            let names = captures.filter(isStalled).map(\.device).joined(separator: ", ")
            warn(
                "earshot: warning: capture device '\(names)' has delivered nothing for 2 s (a sound server that "
                    + "hangs?); Ctrl-C still ends the session with its report")
        } else if !stalled && reported && !captures.contains(where: \.isDeviceLost) {
            warn("earshot: capture device is delivering again")
        }
        return stalled
    }
}
