import EarshotAudio
import EarshotCore
import Foundation

/// Analyses a batch of recordings on `jobs` threads, each file streamed through its own engine, and
/// saves one JSON per call as soon as it is done (so an interrupted batch keeps what it finished).
final class BatchRunner: @unchecked Sendable {
    let configuration: EngineConfiguration
    let callsFolder: URL
    let channels: [Int]?
    let defaultAgent: String?
    /// The settings fingerprint of this run's records (`Fingerprint.of`), made with the runner: it reads the
    /// executable (`BuildIdentity`), which is not to delay the first file.
    let fingerprint: String
    private let lock = NSLock()
    private var next = 0
    private var records: [CallRecord] = []
    private var done = 0
    private var failed = 0
    private var audioSeconds = 0.0
    private var saidStopping = false
    /// Set when a record could not be saved for a full disk or quota: no new file is taken (each would fail so).
    private(set) var outputFull = false
    /// Calls analysed (or failed) whose record could not be saved: they count as failed, and as outputs not written.
    private(set) var unsaved = 0
    /// One-channel files met with agent channel 1: the first is warned of, the rest counted in one line at the end.
    private var oneChannelWithAgentChannel1 = 0
    private let started = Date()
    private let progress: ProgressLine?

    init(
        configuration: EngineConfiguration, callsFolder: URL, channels: [Int]?, defaultAgent: String?,
        showProgress: Bool
    ) {
        self.configuration = configuration
        self.callsFolder = callsFolder
        self.channels = channels
        self.defaultAgent = defaultAgent
        fingerprint = Fingerprint.of(configuration)
        progress = showProgress ? ProgressLine() : nil
    }

    /// Runs every item not already done with the same settings (when `previous` holds it), returning the
    /// records of this run; an item whose file is gone keeps its saved analysis (with a warning). Stops taking new
    /// files when SIGINT, SIGTERM or SIGHUP arrives (`StopSignal`).
    func run(_ items: [BatchItem], jobs: Int, previous: [PathKey: CallRecord]) -> (records: [CallRecord], skipped: Int)
    {
        var todo: [BatchItem] = []
        var skipped = 0
        var keptMissing: [String] = []
        for item in items {
            guard let old = previous[PathKey(BatchInputs.resolved(item.path))], old.error == nil else {
                todo.append(item)
                continue
            }
            guard let (size, modified) = Self.stat(item.path) else {
                // Gone since it was analysed (a share not mounted, recordings purged after N days): its saved
                // analysis is kept, not replaced by a failure that could never be undone.
                skipped += 1
                keptMissing.append(old.path)
                continue
            }
            // Done already: same file (size, time), same settings, same channels and the same agent and call id.
            if old.fingerprint == fingerprint, old.size == size, abs(old.modified - modified) < 0.001,
                old.agentChannel == item.agentChannel ?? configuration.agentChannel, old.channels == channels,
                old.agent == item.agent ?? defaultAgent, old.callID == item.callID
            {
                skipped += 1
            } else {
                todo.append(item)
            }
        }
        if !keptMissing.isEmpty {
            StandardError.print(
                "earshot: warning: \(keptMissing.count) recording(s) analysed earlier are missing now; their saved "
                    + "analyses are kept: \(ReportText.someOf(keptMissing))")
        }
        let total = todo.count
        let queue = todo
        // A stop signal is said within 0.1 s, while the files in progress still run (the workers see it only
        // when their file is done, which can take seconds).
        let watch = DispatchSource.makeTimerSource(queue: .global())
        watch.schedule(deadline: .now() + 0.1, repeating: 0.1)
        watch.setEventHandler { [self] in
            if StopSignal.isRequested { sayStopping(total: total) }
        }
        watch.resume()
        let workers = min(jobs, total)
        let ran = WorkerThreads.run(count: workers) { [self] _ in
            while !StopSignal.isRequested, let item = take(from: queue) {
                finish(analyze(item), total: total)
            }
            sayStopping(total: total)
        }
        watch.cancel()
        progress?.clear()
        if ran < workers {
            StandardError.print(
                "earshot: warning: the system started \(ran) of the \(workers) threads --jobs asked for (a process "
                    + "limit such as ulimit -u or a container's): the files ran on \(ran)")
        }
        if oneChannelWithAgentChannel1 > 1 {
            StandardError.print(
                "earshot: warning: \(oneChannelWithAgentChannel1 - 1) more one-channel file(s) with agent channel 1: "
                    + "the one speaker of each is reported as the agent")
        }
        return (records, skipped)
    }

    /// Once, when a stop signal ended the taking of files before the last: what happens now (the files in
    /// progress finish, the tables are written), so that a user does not press Ctrl-C again and lose the tables.
    private func sayStopping(total: Int) {
        lock.lock()
        defer { lock.unlock() }
        guard StopSignal.isRequested, next < total, !saidStopping else { return }
        saidStopping = true
        progress?.clear()
        let inProgress = next - done
        StandardError.print(
            "earshot: stopping: no new files; "
                + (inProgress > 0
                    ? "the \(inProgress) in progress finish and the tables are written " : "the tables are written ")
                + "(a second Ctrl-C, SIGTERM or SIGHUP quits at once, without tables; --resume goes on later)")
    }

    /// Once, when a record could not be saved for a full disk: no new files (each would be analysed for nothing
    /// and add an error line); the files in progress finish.
    private func stopForFullDisk() {
        lock.lock()
        defer { lock.unlock() }
        guard !outputFull else { return }
        outputFull = true
        progress?.clear()
        StandardError.print(
            "earshot: error: the disk of '\(callsFolder.path)' is full: no new files are started; free space, then "
                + "the same command with --resume goes on")
    }

    private func take(from items: [BatchItem]) -> BatchItem? {
        lock.lock()
        defer { lock.unlock() }
        guard next < items.count, !outputFull else { return nil }
        next += 1
        return items[next - 1]
    }

    private func analyze(_ item: BatchItem) -> CallRecord {
        var configuration = self.configuration
        // The manifest's reader allows only 0 and 1; a value it let through would fail this call, not the batch.
        var channelError: ConfigurationError?
        if let channel = item.agentChannel {
            do { configuration = try configuration.with(agentChannel: channel) } catch { channelError = error }
        }
        let (size, modified) = Self.stat(item.path) ?? (0, 0)
        var record = CallRecord(
            path: item.path, resolvedPath: BatchInputs.resolved(item.path), size: size, modified: modified,
            fingerprint: fingerprint,
            agent: item.agent ?? defaultAgent,
            callID: item.callID, agentChannel: configuration.agentChannel, channels: channels, report: nil, error: nil,
            flags: [])
        var reportValue: JSONValue?
        if let problem = channelError?.message ?? item.inputError {
            record.error = "\(item.path): \(problem)"
            record.flags = ["failed"]
        } else {
            do {
                let report = try FileAnalysis.analyze(path: item.path, configuration: configuration, channels: channels)
                if report.channelCount == 1 && configuration.agentChannel == 1 {
                    lock.lock()
                    oneChannelWithAgentChannel1 += 1
                    let first = oneChannelWithAgentChannel1 == 1
                    lock.unlock()
                    // A batch of mono recordings would print one warning per file.
                    if first {
                        Analyze.warnIfAgentChannelUnused(
                            channelCount: 1, file: item.path, agentChannel: 1, print: say)
                    }
                }
                record.flags = CallRecord.flags(for: report, alerts: configuration.alerts)
                reportValue = ReportJSON.value(report, file: item.path)
                lock.lock()
                audioSeconds += report.durationSeconds
                lock.unlock()
            } catch {
                record.error = error.message
                record.flags = ["failed"]
            }
        }
        let text = record.json(reportValue: reportValue)
        do {
            try AtomicFile.write(text, to: callsFolder.appendingPathComponent(record.fileName).path)
        } catch {
            // A result that could not be saved is lost to the tables: the call counts as failed. A failure keeps
            // its own reason first (review U: "not an audio file" was lost).
            record.error =
                record.error.map { "\($0); and this failure could not be saved: \(error)" }
                ?? "\(item.path): analysed, but its result could not be saved: \(error)"
            record.flags = ["failed"]
            lock.lock()
            unsaved += 1
            lock.unlock()
            if (error as? OutputError)?.kind == .outputFull { stopForFullDisk() }
            return record
        }
        return record  // without its report: the tables read it back from the saved file, so the batch stays small
    }

    /// Prints a line on stderr from any worker, above the progress bar (cleared first, drawn again by the next
    /// file done).
    private func say(_ line: String) {
        lock.lock()
        progress?.clear()
        StandardError.print(line)
        lock.unlock()
    }

    private func finish(_ record: CallRecord, total: Int) {
        lock.lock()
        records.append(record)
        done += 1
        if record.error != nil {
            failed += 1
            progress?.clear()
            StandardError.print("earshot: error: \(record.error ?? "")")
        }
        // Under the lock: the bar is drawn by one thread at a time (it keeps when it last drew).
        progress?.update(
            done: done, total: total, failed: failed, audioSeconds: audioSeconds,
            elapsed: Date().timeIntervalSince(started))
        lock.unlock()
    }

    /// Size and modification time of the file `path` names, through symbolic links: a link's own would keep
    /// `--resume` from seeing the recording behind it replaced.
    static func stat(_ path: String) -> (Int, Double)? {
        let target = BatchInputs.resolved(path)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: target) else { return nil }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        // To the millisecond, as the saved record keeps it: a failure held in memory and the same call read back
        // from its record (merge) then write the same `modified`.
        return (size, (modified * 1_000).rounded() / 1_000)
    }
}
