import Foundation
import Testing

/// `earshot live` on real, paced ALSA devices that fail under it: PulseAudio through ALSA's pulse plugin
/// (the sound server dies mid-call and comes back, or hangs a moment; the process is stalled while CPU hogs
/// run), and JACK through ALSA's jack plugin (the capture thread is starved and the device overruns; the
/// server dies without the plugin noticing, with one device or two). One suite, run serially: the hogs of one
/// test would disturb the timing of another.
@Suite("earshot live when the capture device fails", .serialized)
struct LiveDeviceFaultTests {
    /// A running `earshot live` session whose report goes to `report`.
    struct Session {
        let process: ChildProcess
        let report: String
        let errors: String

        init(device: String, seconds: Double, folder: URL, environment: [String: String] = [:]) throws {
            try self.init(
                ["--device", device, "--rate", "16000", "--duration", "\(seconds)"], folder: folder,
                environment: environment)
        }

        /// `earshot live` with `options` besides `--report`.
        init(_ options: [String], folder: URL, environment: [String: String] = [:]) throws {
            report = folder.appendingPathComponent("report.json").path
            errors = folder.appendingPathComponent("live.err").path
            process = try ChildProcess(
                EarshotProcess.binary.path, ["live"] + options + ["--report", report],
                environment: ProcessInfo.processInfo.environment.merging(ALSAFileDevice.environment) { $1 }
                    .merging(environment) { $1 },
                stderrPath: errors)
        }

        /// Waits for the session to end by itself (at most `timeout` s; killed and failed after that).
        func finish(timeout: Double) throws -> (status: Int32, stderr: String, report: [String: Any]) {
            var status = process.wait(timeout: timeout)
            if status == nil {
                process.send(SIGKILL)
                status = process.wait(timeout: 10)
                Issue.record("live did not finish within \(timeout) s")
            }
            let stderr = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            return (status ?? -1, stderr, try JSONFile.object(at: report))
        }
    }

    static func lostSeconds(_ report: [String: Any]) -> [Double] {
        ((report["lost_capture"] as? [[String: Any]]) ?? []).map {
            ($0["end"] as? Double ?? 0) - ($0["start"] as? Double ?? 0)
        }
    }

    @Test("the device disappears mid-call and comes back: retried, the gap reported as lost capture, no crash")
    func deviceDisappears() throws {
        let server = try PulseServer(name: "loss")
        try server.start()
        let session = try Session(device: server.device, seconds: 8, folder: server.folder)
        Thread.sleep(forTimeInterval: 2.5)
        server.stop()
        Thread.sleep(forTimeInterval: 2.5)
        try server.start()
        let (status, stderr, report) = try session.finish(timeout: 30)
        server.stop()
        #expect(status == 0, "\(stderr)\nserver:\n\(server.log)")
        #expect(stderr.contains("is gone; retrying every second"), "\(stderr)")
        // With why: ALSA's words for the failed read (or silence, had the server gone quietly).
        #expect(try Regex("lost capture\\): (ALSA: .+|it delivered nothing for 5 s)\n").firstMatch(in: stderr) != nil)
        #expect(stderr.contains("capture device is back"), "\(stderr)")
        // An outage is not also a hung device once it is back.
        #expect(!stderr.contains("has delivered nothing"), "\(stderr)")
        // The server was away for 2.5 s of wall time; retries come once a second.
        let lost = Self.lostSeconds(report)
        try #require(lost.count == 1, "\(report["lost_capture"] ?? "none")")
        #expect(lost[0] >= 1.5 && lost[0] <= 5, "lost \(lost[0]) s")
        // The report covers the whole session, the lost stretch included, and says how much was lost.
        #expect(report["duration_s"] as? Double == 8)
        let capture = try #require(report["capture"] as? [String: Any])
        #expect(abs((capture["lost_capture_s"] as? Double ?? -1) - lost[0]) < 0.011)
        #expect(capture["device_lost"] as? Bool == false)
    }

    @Test("Ctrl-C while the device is gone and retried: no read that 'never returned', the report to the stop")
    func stopWhileGone() throws {
        // A stop at three points of the retries' one-second cycle (review R: one landing early in a retry's sleep
        // left the thread behind as stuck in a read, and the report longer by its guess).
        for delay in [3.3, 3.6, 3.9] {
            let server = try PulseServer(name: "gone-stop")
            try server.start()
            let session = try Session(["--device", server.device, "--rate", "16000"], folder: server.folder)
            Thread.sleep(forTimeInterval: 2.5)
            server.stop()
            Thread.sleep(forTimeInterval: delay)
            session.process.send(SIGINT)
            let (status, stderr, report) = try session.finish(timeout: 30)
            #expect(status == 0, "\(stderr)")
            #expect(stderr.contains("is gone; retrying every second"), "\(stderr)")
            #expect(!stderr.contains("never returned from its read"), "stop \(delay) s into the outage: \(stderr)")
            // From the device's start (after the launch and the server's first second) to the stop, no more.
            let duration = try #require(report["duration_s"] as? Double)
            #expect(duration >= 2.5 + delay - 3 && duration <= 2.5 + delay, "\(duration) s")
        }
    }

    @Test("a 4 s stall under CPU load loses nothing: the device buffers it, the ring takes it, the session is whole")
    func stallUnderLoad() throws {
        let server = try PulseServer(name: "stall")
        try server.start()
        // Two busy loops, one per core of a small machine, for the whole session; each ends by itself
        // after 60 s, so none outlives a test run that is killed.
        let spin =
            "end=$(($(date +%s) + 60)); while [ $(date +%s) -lt $end ]; do i=0; "
            + "while [ $i -lt 100000 ]; do i=$((i + 1)); done; done"
        let hogs = try (0..<2).map { _ in
            try ChildProcess(
                "/bin/sh", ["-c", spin], environment: [:],
                stderrPath: server.folder.appendingPathComponent("hog.err").path)
        }
        defer { hogs.forEach { $0.send(SIGKILL) } }
        let session = try Session(device: server.device, seconds: 5, folder: server.folder)
        Thread.sleep(forTimeInterval: 1.5)
        // Stopped (as by Ctrl-Z) for 4 s: on resuming, the capture thread reads the server's backlog faster
        // than the engine, woken at the same time, can take it; a ring of 2 s dropped 1.5-2 s of it.
        session.process.send(SIGSTOP)
        Thread.sleep(forTimeInterval: 4)
        session.process.send(SIGCONT)
        let (status, stderr, report) = try session.finish(timeout: 30)
        server.stop()
        #expect(status == 0, "\(stderr)\nserver:\n\(server.log)")
        // A stopped process is no hung device: its waits for the device did not time out while it was stopped.
        #expect(!stderr.contains("has delivered nothing"), "\(stderr)")
        #expect(report["duration_s"] as? Double == 5)
        #expect(Self.lostSeconds(report).isEmpty)
        let capture = try #require(report["capture"] as? [String: Any])
        #expect(capture["dropped_frames"] as? Int == 0)
    }

    /// The thread of `pid` named `name`, once it exists (at most 5 s).
    static func thread(named name: String, of pid: pid_t) throws -> String {
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
            for task in tasks
            where (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/comm", encoding: .utf8)) == name + "\n" {
                return task
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "no thread '\(name)' in process \(pid)"])
    }

    /// Runs `arguments[0]` with the rest, its stderr kept for failure messages; returns its status.
    static func run(_ arguments: [String], folder: URL, timeout: Double = 10) throws -> (Int32?, String) {
        let log = folder.appendingPathComponent("\(URL(fileURLWithPath: arguments[0]).lastPathComponent).err").path
        let child = try ChildProcess(arguments[0], Array(arguments.dropFirst()), environment: [:], stderrPath: log)
        let status = child.wait(timeout: timeout)
        return (status, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    @Test("a capture thread starved by CPU hogs: the device overruns, is recovered, and the loss is reported")
    func overrunUnderLoad() throws {
        let server = try JackServer(name: "overrun")
        try server.start()
        defer { server.stop() }
        let started = Date()
        let session = try Session(
            device: server.device, seconds: 6, folder: server.folder, environment: server.environment)
        let capture = try Self.thread(named: "earshot-capture", of: session.process.pid)
        Thread.sleep(until: started.addingTimeInterval(1.5))
        // The capture thread is moved to CPU 0 at the lowest priority (SCHED_IDLE: allowed on one's own
        // threads), and eight busy loops then hold CPU 0 for 1.5 s: the thread hardly runs meanwhile, while the
        // JACK server and the plugin's thread go on filling the device's buffer from the other CPU.
        for command in [
            ["/usr/bin/taskset", "-p", "-c", "0", capture], ["/usr/bin/chrt", "--idle", "-p", "0", capture],
        ] {
            let (status, log) = try Self.run(command, folder: server.folder)
            #expect(status == 0, "\(command): \(log)")
        }
        let hogs = try (0..<8).map { index in
            try ChildProcess(
                "/usr/bin/timeout", ["1.5", "/usr/bin/taskset", "-c", "0", "/bin/sh", "-c", "while :; do :; done"],
                environment: [:], stderrPath: server.folder.appendingPathComponent("hog\(index).err").path)
        }
        for hog in hogs { #expect(hog.wait(timeout: 10) == 124, "a busy loop did not run its 1.5 s") }
        let (status, stderr, report) = try session.finish(timeout: 30)
        #expect(status == 0, "\(stderr)\nserver:\n\(server.log)")
        #expect(report["duration_s"] as? Double == 6)
        let counters = try #require(report["capture"] as? [String: Any])
        #expect((counters["overruns"] as? Int ?? 0) >= 1, "\(counters)")
        #expect(counters["dropped_frames"] as? Int == 0, "the device overran, not the engine's ring: \(counters)")
        #expect(counters["device_lost"] as? Bool == false)
        // What the device discarded is lost capture, around the 1.5 s of the hog and nowhere else.
        let spans = (report["lost_capture"] as? [[String: Any]]) ?? []
        let lost = Self.lostSeconds(report).reduce(0, +)
        #expect(lost >= 0.2 && lost <= 3, "lost \(lost) s: \(spans)")
        #expect(abs((counters["lost_capture_s"] as? Double ?? -1) - lost) < 0.011)
        for span in spans {
            #expect((span["start"] as? Double ?? 0) >= 0.5 && (span["end"] as? Double ?? 9) <= 4.5, "\(spans)")
        }
    }

    @Test("a standard output nobody reads for 3 s loses no capture: the output waits on its own thread")
    func stalledOutput() throws {
        let server = try PulseServer(name: "stdout")
        try server.start()
        defer { server.stop() }
        let report = server.folder.appendingPathComponent("report.json").path
        let process = EarshotProcess.prepare(
            [
                "live", "--device", server.device, "--rate", "16000", "--duration", "4", "--ring-seconds", "0.5",
                "--json", "--report", report,
            ], environment: ALSAFileDevice.environment)
        process.standardError = FileHandle.nullDevice
        // A pipe already full to its last few bytes: the session's first status line blocks until the test reads.
        let out = Pipe()
        let writeEnd = out.fileHandleForWriting.fileDescriptor
        _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)
        let filler = [UInt8](repeating: UInt8(ascii: "x"), count: 4_096)
        var filled = 0
        while true {
            let n = filler.withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            filled += n
        }
        _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) & ~O_NONBLOCK)
        process.standardOutput = out
        try process.run()
        try out.fileHandleForWriting.close()
        Thread.sleep(forTimeInterval: 3)  // the output is stuck; capture must go on
        let printed = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(printed.count > filled, "the session's lines came after the filler")
        let object = try JSONFile.object(at: report)
        #expect(object["duration_s"] as? Double == 4)
        let capture = try #require(object["capture"] as? [String: Any])
        #expect(capture["dropped_frames"] as? Int == 0, "\(capture)")
        #expect(Self.lostSeconds(object).isEmpty)
    }

    @Test("--json status lines go on each second while a device hangs (media time stands still), nobody speaking")
    func statusWhileHung() throws {
        let (fifo, _, writer) = try ALSAFileDevice.hungDevice("json-hung")
        defer { close(writer) }
        let result = try EarshotProcess.run(
            [
                "live", "--device", ALSAFileDevice.name(file: fifo), "--rate", "8000", "--duration", "5", "--json",
            ], environment: ALSAFileDevice.environment)
        #expect(result.status == 0, "\(result.stderr)")
        let statuses = try result.stdout.split(separator: "\n").compactMap { line in
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        }.filter { $0["type"] as? String == "status" }
        // One second of audio, then nothing: the device has delivered nothing for 2 s from about 3 s of the wall
        // clock to the end (5 s and up to 2 s more): lines before the closing one say so, media time at 1 s.
        let quiet = statuses.dropLast().filter { $0["hearing"] as? Bool == false }
        #expect(quiet.count >= 2, "\(statuses)")
        #expect(quiet.allSatisfy { ($0["t"] as? Double ?? 9) <= 1.1 }, "\(quiet)")
        let speaking = quiet.compactMap { $0["speaking"] as? [String: Bool] }
        #expect(speaking.count == quiet.count && speaking.allSatisfy { $0.values.allSatisfy { !$0 } }, "\(quiet)")
    }
}
