import EarshotCore
import Foundation

/// `--on-alert CMD`: runs the command once per alert with the alert's JSON on stdin, on a background
/// queue, so a slow command never holds up capture or analysis. Its output goes to stderr (stdout carries
/// the view or the JSON Lines). Alerts arriving while 16 runs are still waiting are dropped and counted.
final class AlertCommandRunner: @unchecked Sendable {
    private let command: String
    private let queue = DispatchQueue(label: "earshot.on-alert")
    private let lock = NSLock()
    private var waiting = 0
    private var droppedCount = 0
    private var failureSaid = false

    /// Alerts dropped so far because 16 runs were already waiting.
    var dropped: Int {
        lock.lock()
        defer { lock.unlock() }
        return droppedCount
    }

    /// Where a command's output goes when it is not to reach the terminal directly (under the live view): its
    /// standard output and error are then kept in a file and passed on, line by line, once it has ended.
    private let output: ((String) -> Void)?

    /// Says one of Earshot's own warnings while the session runs (from the runner's queue).
    private let warn: (String) -> Void

    /// - Parameters:
    ///   - command: the shell command.
    ///   - output: receives the command's output lines after it ends; `nil` lets it write to standard error.
    ///   - warn: says a warning (the first alert dropped, the first command that failed); standard error by default.
    init(command: String, output: ((String) -> Void)? = nil, warn: @escaping (String) -> Void = StandardError.print) {
        self.command = command
        self.output = output
        self.warn = warn
    }

    /// Runs the command for `alert`, its times those of the media (`offsetSeconds` added, as everywhere else).
    func run(_ alert: Alert, offsetSeconds: Double = 0) {
        lock.lock()
        guard waiting < 16 else {
            droppedCount += 1
            let first = droppedCount == 1
            lock.unlock()
            // At once, not only at the end: in a long shift the hooks would be off for hours unseen.
            if first {
                warn(
                    "earshot: warning: --on-alert: 16 runs of the command are waiting (it is slower than the alerts "
                        + "come, or hangs), so alerts are not passed to it; they are counted at the end")
            }
            return
        }
        waiting += 1
        lock.unlock()
        let input = ReportJSON.alert(alert, offsetSeconds: offsetSeconds, advice: true).rendered() + "\n"
        queue.async { [self] in
            do {
                let status = try Self.start(command, input: Array(input.utf8), output: output)
                if let failure = Self.failure(status), !failureSaid {
                    failureSaid = true  // only this queue reads and sets it
                    warn("earshot: warning: --on-alert command \(failure); later failures are not reported")
                }
            } catch  where !failureSaid {
                failureSaid = true
                warn("earshot: warning: --on-alert command could not start: \(error); later failures are not reported")
            } catch {}
            lock.lock()
            waiting -= 1
            lock.unlock()
        }
    }

    /// Runs `/bin/sh -c command` with `input` on its stdin and waits for it. The stdin is one end of a socket
    /// pair written with `MSG_NOSIGNAL`: a command that exits without reading (`true`, `notify-send`) makes
    /// the write fail quietly instead of raising SIGPIPE, which would end the whole session unreported.
    /// How a command ended, from `waitpid`'s status, when it failed: "exited with status 3", "ended by signal 9".
    static func failure(_ status: Int32) -> String? {
        let signal = status & 0x7f
        if signal == 0 {
            let code = (status >> 8) & 0xff
            return code == 0 ? nil : "exited with status \(code)"
        }
        return signal == 0x7f ? nil : "ended by signal \(signal)"
    }

    /// Returns the command's `waitpid` status.
    private static func start(_ command: String, input: [UInt8], output: ((String) -> Void)?) throws -> Int32 {
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        let ours = ends[0]
        defer { close(ours) }
        // Its output, when it is to be passed on: a file (unlinked at once), not a pipe, so a command that leaves
        // a process behind holding it cannot keep the runner waiting for an end of file.
        var kept: Int32 = -1
        if output != nil {
            var template = Array("\(NSTemporaryDirectory())/earshot-alert-XXXXXX".utf8CString)
            kept = mkstemp(&template)
            if kept >= 0 {
                unlink(template)
                _ = fcntl(kept, F_SETFD, FD_CLOEXEC)
            }
        }
        defer { if kept >= 0 { close(kept) } }
        let child = try spawnShell(command, stdin: ends[1], output: kept >= 0 ? kept : STDERR_FILENO)
        close(ends[1])
        var sent = 0
        while sent < input.count {
            let n = input[sent...].withUnsafeBytes { send(ours, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n > 0 {
                sent += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                break  // the command stopped reading (EPIPE): it still runs to its end
            }
        }
        shutdown(ours, Int32(SHUT_WR))
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}
        guard let output, kept >= 0 else { return status }
        var bytes = [UInt8](repeating: 0, count: 4_096)
        let count = pread(kept, &bytes, bytes.count, 0)
        guard count > 0 else { return status }
        let lines = String(decoding: bytes.prefix(count), as: UTF8.self).split(whereSeparator: \.isNewline)
        for line in lines.prefix(20) { output("on-alert: \(line)") }
        if lines.count > 20 || count == bytes.count { output("on-alert: (more output not shown)") }
        return status
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which the Glibc module does not
    /// export (it needs `_GNU_SOURCE`); without it, descriptors opened close-on-exec are still not inherited.
    private static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? =
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np").map {
            unsafeBitCast(
                $0, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
        }

    /// Starts `/bin/sh -c command` with `stdin` as its standard input and `output` as its standard output (and error),
    /// no other descriptor, every signal at its default action and none blocked. Spawned here rather than through `Process`: the
    /// child would inherit the signal mask of this dispatch worker, which blocks nearly every signal, so a
    /// command would ignore SIGTERM, SIGINT and SIGHUP, outliving the session and deaf to Ctrl-C.
    private static func spawnShell(_ command: String, stdin: Int32, output: Int32) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, STDIN_FILENO)
        posix_spawn_file_actions_adddup2(&actions, output, STDOUT_FILENO)
        if output != STDERR_FILENO { posix_spawn_file_actions_adddup2(&actions, output, STDERR_FILENO) }
        // Nothing else of Earshot's: a capture device or a report file left open in a command that outlives the
        // session would keep the device busy or the file held.
        _ = closeFrom.map { $0(&actions, 3) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let words: [String] = ["/bin/sh", "-c", command]
        let arguments: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        var child: pid_t = 0
        let failed = posix_spawn(&child, "/bin/sh", &actions, &attributes, arguments, environ)
        guard failed == 0 else { throw POSIXError(POSIXErrorCode(rawValue: failed) ?? .EIO) }
        return child
    }

    /// Waits for the commands already queued (at the end of a session), at most `seconds`, and says on stderr
    /// what did not run: alerts dropped, and commands left running or never started.
    func drain(seconds: Double = 5) {
        let done = DispatchSemaphore(value: 0)
        queue.async { done.signal() }
        let finished = done.wait(timeout: .now() + seconds) == .success
        let dropped = self.dropped
        if dropped > 0 {
            StandardError.print(
                "earshot: warning: --on-alert: \(dropped) alert(s) were not passed to the command (16 runs were "
                    + "already waiting; the command is slower than the alerts come)")
        }
        if !finished {
            StandardError.print(
                "earshot: warning: --on-alert: commands still running or waiting \(Int(seconds)) s after the session "
                    + "ended were left behind")
        }
    }
}
