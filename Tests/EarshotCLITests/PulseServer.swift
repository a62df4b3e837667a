import Foundation

/// A private PulseAudio server with one null sink, reached from ALSA through the `pulse` PCM plugin
/// (libasound2-plugins; see Tests/Fixtures/asound.conf). Its sink's monitor is a real, paced ALSA capture
/// device that a test can take away (kill the server) and bring back (start it again on the same socket).
final class PulseServer {
    /// Folder holding the server's socket and runtime files.
    let folder: URL
    private var process: ChildProcess?

    /// The ALSA device name that captures from this server.
    var device: String { "earshot_pulse:SERVER=unix:\(socket)" }
    /// The ALSA device name that plays into this server's sink (paced like a sound card).
    var sinkDevice: String { "earshot_pulse_sink:SERVER=unix:\(socket)" }
    private var socket: String { folder.appendingPathComponent("native").path }

    init(name: String) throws {
        folder = try Scratch.folder("pulse-\(name)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("state"), withIntermediateDirectories: true)
    }

    deinit { stop() }

    /// Starts the server and waits (up to 10 s) until its socket accepts connections. A server nobody
    /// uses for 20 s exits by itself, so none outlives a test run that is killed.
    func start() throws {
        let process = try ChildProcess(
            "/usr/bin/pulseaudio",
            [
                "-n", "--daemonize=no", "--exit-idle-time=20", "--use-pid-file=no", "--system=no",
                "--log-target=stderr", "--load=module-null-sink sink_name=line rate=16000 channels=2",
                "--load=module-native-protocol-unix socket=\(socket) auth-anonymous=1",
            ],
            environment: [
                "HOME": folder.path, "PULSE_RUNTIME_PATH": folder.appendingPathComponent("run").path,
                "PULSE_STATE_PATH": folder.appendingPathComponent("state").path, "PATH": "/usr/bin:/bin",
            ], stderrPath: folder.appendingPathComponent("server.log").path)
        self.process = process
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: socket) {
            guard Date() < deadline, process.isRunning else {
                throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "pulseaudio did not start: \(socket)"])
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Thread.sleep(forTimeInterval: 0.2)
    }

    /// Kills the server at once (as a crashed sound server or an unplugged device goes), and removes its
    /// socket, so a later `start` waits for the new server's.
    func stop() {
        if let process, process.isRunning {
            process.send(SIGKILL)
            _ = process.wait(timeout: 10)
        }
        process = nil
        try? FileManager.default.removeItem(atPath: socket)
    }

    /// Stops the server's process (SIGSTOP), as a sound server that hangs: its socket stays, it answers nothing.
    func pause() { process?.send(SIGSTOP) }

    /// Lets a paused server run on (SIGCONT).
    func resume() { process?.send(SIGCONT) }

    /// What the server logged (for failure messages: the scratch folder is gone after the run).
    var log: String {
        (try? String(contentsOf: folder.appendingPathComponent("server.log"), encoding: .utf8)) ?? ""
    }
}
