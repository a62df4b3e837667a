import Foundation

/// A private JACK server on its dummy driver (a real-time clock, no sound card), reached from ALSA through
/// the `jack` PCM plugin of libasound2-plugins (see Tests/Fixtures/asound.conf). The plugin's capture ring
/// is filled on the server's clock whether or not the reader keeps up, and when it is full the plugin
/// reports an overrun (`-EPIPE`), as a sound card's driver does.
final class JackServer {
    /// Folder holding the server's log.
    let folder: URL
    /// The server's name (`JACK_DEFAULT_SERVER` for its clients).
    let name: String
    private var process: ChildProcess?

    /// The ALSA device name that captures the server's two capture ports.
    var device: String { "earshot_jack" }
    /// What a client of this server needs in its environment.
    var environment: [String: String] { ["JACK_DEFAULT_SERVER": name] }

    init(name: String) throws {
        folder = try Scratch.folder("jack-\(name)")
        self.name = "earshot-\(name)-\(getpid())"
    }

    deinit { stop() }

    /// Starts the server at `rate` with 256-frame periods, without real-time priority (so no privilege is
    /// needed), and waits (up to 10 s) until it takes clients. `timeout` ends it after 120 s, so none outlives
    /// a test run that is killed.
    func start(rate: Int = 16_000) throws {
        let process = try ChildProcess(
            "/usr/bin/timeout",
            [
                "120", "/usr/bin/jackd", "--name", name, "--no-realtime", "--silent",
                "-d", "dummy", "--rate", "\(rate)", "--period", "256", "--capture", "2", "--playback", "2",
            ],
            environment: ["JACK_NO_AUDIO_RESERVATION": "1", "HOME": folder.path, "PATH": "/usr/bin:/bin"],
            stderrPath: folder.appendingPathComponent("server.log").path)
        self.process = process
        let wait = try ChildProcess(
            "/usr/bin/jack_wait", ["--server", name, "--wait", "--timeout", "10"], environment: [:],
            stderrPath: folder.appendingPathComponent("wait.log").path)
        guard wait.wait(timeout: 15) == 0, process.isRunning else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "jackd did not start: \(log)"])
        }
    }

    /// Ends the server (`timeout` passes the signal on).
    func stop() {
        if let process, process.isRunning {
            process.send(SIGTERM)
            if process.wait(timeout: 10) == nil { process.send(SIGKILL) }
        }
        process = nil
    }

    /// `after` seconds from now, the server dies for `seconds` and then starts again: a sound server that goes
    /// away and comes back under a running session.
    func outage(after: Double = 3, seconds: Double = 2) throws {
        Thread.sleep(forTimeInterval: after)
        stop()
        Thread.sleep(forTimeInterval: seconds)
        try start()
    }

    /// Starts `earshot` with `arguments` as a client of this server, with the tests' ALSA configuration.
    func earshot(_ arguments: [String], stderrPath: String) throws -> ChildProcess {
        try ChildProcess(
            EarshotProcess.binary.path, arguments,
            environment: ProcessInfo.processInfo.environment.merging(ALSAFileDevice.environment) { $1 }
                .merging(environment) { $1 },
            stderrPath: stderrPath)
    }

    /// What the server logged (for failure messages: the scratch folder is gone after the run).
    var log: String {
        (try? String(contentsOf: folder.appendingPathComponent("server.log"), encoding: .utf8)) ?? ""
    }
}
