import EarshotCore
import Foundation

/// `--on-alert CMD`: runs the command once per alert with the alert's JSON on stdin, on a background
/// queue, so a slow command never holds up capture or analysis. Alerts arriving while 16 runs are
/// still waiting are dropped and counted.
final class AlertCommandRunner: @unchecked Sendable {
    private let command: String
    private let queue = DispatchQueue(label: "earshot.on-alert")
    private let lock = NSLock()
    private var waiting = 0
    private(set) var dropped = 0

    init(command: String) { self.command = command }

    func run(_ alert: Alert) {
        lock.lock()
        guard waiting < 16 else {
            dropped += 1
            lock.unlock()
            return
        }
        waiting += 1
        lock.unlock()
        let input = ReportJSON.alert(alert).rendered() + "\n"
        queue.async { [self] in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
            let pipe = Pipe()
            process.standardInput = pipe
            do {
                try process.run()
                pipe.fileHandleForWriting.write(Data(input.utf8))
                try? pipe.fileHandleForWriting.close()
                process.waitUntilExit()
            } catch {
                StandardError.print("earshot: warning: --on-alert command could not start: \(error)")
            }
            lock.lock()
            waiting -= 1
            lock.unlock()
        }
    }

    /// Waits for the commands already started (at the end of a session), at most `seconds`.
    func drain(seconds: Double = 5) {
        let done = DispatchSemaphore(value: 0)
        queue.async { done.signal() }
        _ = done.wait(timeout: .now() + seconds)
    }
}
