import Foundation
import Testing

@Suite("Standard output and error that cannot be written")
struct StandardStreamTests {
    /// Runs `earshot` through bash with `redirections` (e.g. `> /dev/full`); returns bash's stdout (what
    /// `after` prints), the tool's stderr and bash's exit status.
    static func bash(_ arguments: [String], redirections: String, after: String = "") throws -> EarshotProcess.Result {
        let quoted = ([EarshotProcess.binary.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        return try EarshotProcess.run(
            ["-c", "\(quoted) \(redirections); status=${PIPESTATUS[0]}; \(after) exit $status"], tool: "/bin/bash")
    }

    @Test("a report printed to a full disk is an error, exit 3, not a cut-off file and exit 0")
    func fullDisk() throws {
        for format in ["json", "text", "csv"] {
            let result = try Self.bash(
                ["analyze", "--format", format, EarshotProcess.sample("call-01-calm.wav")], redirections: "> /dev/full")
            #expect(result.status == 3, "\(format): \(result.stderr)")
            #expect(
                result.stderr.contains("cannot write to standard output: No space left on device"), "\(result.stderr)")
        }
    }

    @Test("--help and --version to a full disk or a closed stdout are errors too, exit 3 (ArgumentParser's exit 0)")
    func helpToFullDisk() throws {
        for arguments in [["--help"], ["live", "--help"], ["--version"]] {
            let full = try Self.bash(arguments, redirections: "> /dev/full")
            #expect(full.status == 3, "\(arguments): \(full.stderr)")
            #expect(full.stderr.contains("cannot write to standard output: No space left on device"), "\(full.stderr)")
            let closed = try Self.bash(arguments, redirections: ">&-")
            #expect(closed.status == 3, "\(arguments): \(closed.stderr)")
        }
        // A reader that has gone (a pipe closed): the same error, not a silent death by SIGPIPE (exit 141).
        let late = try EarshotProcess.run(
            ["-c", "(sleep 0.3; '\(EarshotProcess.binary.path)' --version; echo \"status $?\" >&2) | true"],
            tool: "/bin/bash")
        #expect(late.stderr.contains("status 3") && late.stderr.contains("Broken pipe"), "\(late.stderr)")
        let fine = try Self.bash(["--help"], redirections: "> /dev/null")
        #expect(fine.status == 0 && fine.stderr.isEmpty, "\(fine.stderr)")
    }

    @Test("a closed stderr loses the error message, not the exit status (it crashed with SIGILL)")
    func closedStandardError() throws {
        let missing = try Self.bash(["analyze", Scratch.url("no-such.wav").path], redirections: "> /dev/null 2>&-")
        #expect(missing.status == 1)
        let fine = try Self.bash(
            ["analyze", EarshotProcess.sample("call-01-calm.wav")], redirections: "> /dev/null 2>&-")
        #expect(fine.status == 0)
    }

    @Test("replay --json whose reader goes away ends like Ctrl-C: the report is written, exit 3 (was SIGPIPE)")
    func readerGoesAway() throws {
        let report = Scratch.url("reader-gone.json").path
        let result = try Self.bash(
            [
                "replay", "--speed", "20", "--json", "--report", report,
                EarshotProcess.sample("call-02-interruptions.wav"),
            ],
            redirections: "| head -c 1 > /dev/null")
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("cannot write to standard output"), "\(result.stderr)")
        #expect(!result.stderr.contains("earshot: stopping"), "no signal came: \(result.stderr)")
        let object =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any]
        let duration = try #require(object?["duration_s"] as? Double)
        #expect(duration > 0 && duration < 60)  // it stopped early, and said so in a whole report
    }

    @Test("a stderr that takes nothing holds up no stop: replay stopped by Ctrl-C still writes its report")
    func stalledStandardError() throws {
        let stderr = try FullFIFO("stalled-stderr")
        let report = Scratch.url("stalled-stderr.json").path
        let replay = try ChildProcess(
            EarshotProcess.binary.path,
            ["replay", "--speed", "1", "--report", report, EarshotProcess.sample("call-01-calm.wav")],
            environment: ProcessInfo.processInfo.environment, stderrPath: stderr.path)
        Thread.sleep(forTimeInterval: 1.5)
        // The stop is said on stderr ("earshot: stopping: ..."), which takes nothing: the report comes anyway.
        replay.send(SIGINT)
        let deadline = Date().addingTimeInterval(15)
        while !FileManager.default.fileExists(atPath: report) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(FileManager.default.fileExists(atPath: report), "no report while stderr took nothing")
        // Once stderr is read the session ends, and nothing it had to say is lost.
        let text = stderr.readAll(while: replay)
        #expect(replay.wait(timeout: 5) == 0)  // a session stopped by Ctrl-C ends as one that ran out
        #expect(text.contains("earshot: stopping"), "\(text)")
        let object = try JSONFile.object(at: report)
        let duration = try #require(object["duration_s"] as? Double)
        #expect(duration > 0.5 && duration < 30)  // stopped early, in a whole report
    }

    @Test("what an --on-alert command's failure says while the session waits for it at the end is not lost")
    func failureWhileWaited() throws {
        // The one alert's command fails once the report is written, while the session waits for it, and the line
        // waits for this test to read stderr: the process ended first, losing it (in 3 runs of 20 with a command that
        // failed 0.2 s after a replay at --speed max).
        let stderr = try FullFIFO("failure-while-waited")
        let report = Scratch.url("failure-while-waited.json").path
        try? FileManager.default.removeItem(atPath: report)
        let command = "while [ ! -e '\(report)' ]; do sleep 0.05; done; exit 3"
        let replay = try ChildProcess(
            EarshotProcess.binary.path,
            [
                "replay", "--speed", "max", "--on-alert", command, "--report", report,
                EarshotProcess.sample("call-01-calm.wav"),
            ],
            environment: ProcessInfo.processInfo.environment, stderrPath: stderr.path)
        Thread.sleep(forTimeInterval: 2)
        let text = stderr.readAll(while: replay)
        #expect(replay.wait(timeout: 5) == 0)
        #expect(text.contains("--on-alert command exited with status 3"), "\(text)")
    }

    @Test(
        "stdout and stderr both to a reader that stopped (2>&1 | reader): the session still ends, exit 3, its report written"
    )
    func bothStalled() throws {
        // Both to one FIFO whose buffer is full and which this test never reads: the process waited for ever in the
        // stderr line saying that stdout took nothing.
        let both = try FullFIFO("both-stalled")
        let report = Scratch.url("both-stalled.json").path
        try? FileManager.default.removeItem(atPath: report)
        let replay = try ChildProcess(
            EarshotProcess.binary.path,
            [
                "replay", "--speed", "max", "--on-alert", "exit 3", "--report", report,
                EarshotProcess.sample("call-01-calm.wav"),
            ],
            environment: ProcessInfo.processInfo.environment, stderrPath: both.path, stdoutPath: both.path)
        // 10 s for stdout, 2 s for the warnings before it, and the replay itself.
        let status = replay.wait(timeout: 60)
        #expect(status == 3, "ended: \(status.map(String.init) ?? "no")")
        #expect(FileManager.default.fileExists(atPath: report))
    }
}
