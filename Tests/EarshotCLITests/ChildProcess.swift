import Foundation

/// A child process started with `posix_spawn` and reaped with `waitpid`, for tests that kill, stop and
/// restart processes while others run. Foundation's `Process` is not used here: its children inherit one
/// another's termination sockets, so a server started during a session can hide the session's exit.
/// The child gets stdin and stdout from /dev/null (stdout into `stdoutPath` when given), stderr into `stderrPath`, no
/// other descriptor, no blocked signals and every signal's default action (whatever the spawning thread had).
final class ChildProcess {
    let pid: pid_t
    private(set) var status: Int32?

    init(
        _ path: String, _ arguments: [String], environment: [String: String], stderrPath: String,
        stdoutPath: String = "/dev/null"
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard Self.closeFrom(&actions, 3) == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSFilePathErrorKey: "\(path): closefrom action failed"])
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        var all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let code = posix_spawn(&child, path, &actions, &attributes, argv, envp)
        guard code == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSFilePathErrorKey: "\(path): posix_spawn failed (\(code))"])
        }
        pid = child
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which the Glibc module does not export.
    private static let closeFrom: @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32 = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        else { fatalError("glibc 2.34 or newer is needed (posix_spawn_file_actions_addclosefrom_np)") }
        return unsafeBitCast(
            symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    deinit {
        if isRunning {
            Glibc.kill(pid, SIGKILL)
            _ = wait(timeout: 5)
        }
    }

    /// Whether the child is still running (reaps it when it has ended).
    var isRunning: Bool {
        guard status == nil else { return false }
        var raw: Int32 = 0
        guard waitpid(pid, &raw, WNOHANG) == pid else { return true }
        // Exit status, or 128 + signal number, as a shell reports it.
        status = raw & 0x7f == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
        return false
    }

    /// Sends `signal` to the child.
    func send(_ signal: Int32) { Glibc.kill(pid, signal) }

    /// Waits up to `timeout` seconds for the child to end; returns its status, or nil if it still runs.
    func wait(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        return status
    }
}
