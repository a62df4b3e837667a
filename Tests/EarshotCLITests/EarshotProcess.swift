import Foundation
import Testing

/// Runs the built `earshot` binary, as a user would, and captures what it prints.
struct EarshotProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The repository root, found from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The binary beside the test bundle in the build folder.
    static var binary: URL {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("earshot")
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isFolder), !isFolder.boolValue {
                return candidate
            }
            folder = folder.deletingLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/earshot")
    }

    static func sample(_ name: String) -> String { root.appendingPathComponent("Samples/\(name)").path }

    /// The truth of the sample call `name` (without extension), as a JSON object: segments, events, alerts, summary.
    static func sampleTruth(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: sample(name + ".truth.json")))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Runs `script` with `sh -c`, in `folder` when given, `EARSHOT` in it standing for the quoted path of the
    /// tool: for redirections a test needs (standard output to a file, a descriptor left open, a pipe).
    static func shell(
        _ script: String, in folder: String? = nil, environment: [String: String] = [:]
    ) throws -> Result {
        try run(
            ["-c", script.replacingOccurrences(of: "EARSHOT", with: "'\(binary.path)'")], environment: environment,
            tool: "/bin/sh", workingDirectory: folder)
    }

    /// Runs `command` with `sh -c` under `script`, which gives it a pseudo-terminal as an agent's terminal would,
    /// with `environment` over the test's own; colour off (`NO_COLOR`) unless `colour`.
    static func onTerminal(
        _ command: String, environment: [String: String] = [:], colour: Bool = false
    ) throws -> Result {
        try run(
            ["-qec", command, "/dev/null"],
            environment: colour ? environment : environment.merging(["NO_COLOR": "1"]) { $1 },
            tool: "/usr/bin/script")
    }

    /// A process of `executable` (the tool by default) with `arguments`, no input (never the test runner's own
    /// stdin) and the test's environment with `environment` over it; not started.
    static func prepare(
        _ arguments: [String], environment: [String: String] = [:], executable: URL = binary
    ) -> Process {
        let process = Process()
        process.standardInput = FileHandle.nullDevice
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        return process
    }

    /// Runs the tool (or, with an absolute path as `tool`, that program), in `workingDirectory` when given, and
    /// waits for it; `timeLimit` sends SIGTERM when it has not ended by then. Standard error is read while
    /// standard output is, so a child that writes much to either never blocks.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], tool: String = "earshot",
        timeLimit: Double? = nil, workingDirectory: String? = nil
    ) throws -> Result {
        let process = prepare(
            arguments, environment: environment,
            executable: tool.hasPrefix("/")
                ? URL(fileURLWithPath: tool) : binary.deletingLastPathComponent().appendingPathComponent(tool))
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        if let timeLimit {
            DispatchQueue.global().asyncAfter(deadline: .now() + timeLimit) {
                if process.isRunning { process.terminate() }
            }
        }
        let errRead = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        DispatchQueue.global().async(group: errRead) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        errRead.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Starts the tool with no input and its standard output discarded, and returns it with the pipe its standard
    /// error goes to: for a test that signals the process while it runs.
    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> (Process, stderr: Pipe) {
        let process = prepare(arguments, environment: environment)
        process.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        process.standardError = err
        try process.run()
        return (process, err)
    }

    /// How a `--json` status line begins, its media time next.
    static let statusPrefix = "{\"type\": \"status\", \"t\": "

    /// The media time of a `--json` status line, or `nil` for another line (or one whose time is not a number).
    static func statusSeconds(_ line: Substring) -> Double? {
        guard line.hasPrefix(statusPrefix) else { return nil }
        return Double(line.dropFirst(statusPrefix.count).prefix { $0 != "," })
    }

    /// Starts the tool (its arguments must include `--json`), waits for a status line at `second` s of media or
    /// later (live may skip a status line while its output is behind), sends `signal` (SIGINT as Ctrl-C,
    /// SIGTERM) and waits for it to end. Its standard error is discarded.
    static func stop(
        _ arguments: [String], atSecond second: Int, with signal: Int32, environment: [String: String] = [:]
    ) throws -> Process {
        let process = prepare(arguments, environment: environment)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = OutputReader(out)
        output.readStatuses { seconds, _ in seconds >= Double(second) }
        kill(process.processIdentifier, signal)
        output.readToEnd()
        process.waitUntilExit()
        return process
    }
}
