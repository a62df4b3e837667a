import Foundation
import Testing

/// A second stop signal ends a session at once; what it says on stderr must match what is left on disk.
@Suite("A second stop signal")
struct SecondSignalTests {
    @Test("after the report is written, with the output stuck, a second stop signal says the report was written")
    func afterTheReport() throws {
        let report = Scratch.url("second-signal-report.json").path
        let errors = Scratch.url("second-signal.err").path
        try? FileManager.default.removeItem(atPath: report)
        #expect(FileManager.default.createFile(atPath: errors, contents: nil))
        let process = EarshotProcess.prepare(
            ["replay", "--speed", "max", "--json", "--report", report, EarshotProcess.sample("call-01-calm.wav")])
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
        // A pipe full to its last bytes that nobody reads: the session's JSON lines cannot leave.
        let out = Pipe()
        let writeEnd = out.fileHandleForWriting.fileDescriptor
        _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)
        let filler = [UInt8](repeating: UInt8(ascii: "x"), count: 4_096)
        while filler.withUnsafeBytes({ write(writeEnd, $0.baseAddress, $0.count) }) > 0 {}
        _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) & ~O_NONBLOCK)
        process.standardOutput = out
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        // The report is written whole (a rename) once the replay has ended, whatever the output does.
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: report) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(FileManager.default.fileExists(atPath: report))
        #expect(process.isRunning, "the session still waits on its stuck output")
        // Two different signals: two of one kind pending at once would be delivered as one. SIGINT, the lower
        // number, is delivered first even then.
        kill(process.processIdentifier, SIGINT)
        Thread.sleep(forTimeInterval: 0.2)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGTERM)
        let said = try String(contentsOfFile: errors, encoding: .utf8)
        #expect(said.contains("a second stop signal: ending at once (the report was written)"), "\(said)")
        #expect(!said.contains("without the report"), "\(said)")
        // Stderr is a file here, not a terminal that echoed "^C": no empty line before it.
        #expect(!said.hasPrefix("\n") && !said.contains("\n\n"), "\(said)")
        let object = try JSONFile.object(at: report)
        #expect((object["duration_s"] as? Double ?? 0) > 30, "the whole call's report")
    }

    @Test("a stop signal sent twice a moment apart by one process (GNU timeout: to us, then our group) is one stop")
    func echoedSignal() throws {
        let report = Scratch.url("echoed-signal.json").path
        let errors = Scratch.url("echoed-signal.err").path
        let marker = Scratch.url("echoed-signal.started").path
        for path in [report, marker] { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: errors, contents: nil))
        // An --on-alert command that hangs: the session, once stopped, waits for it (up to 5 s) after the report.
        let hung = ["--on-alert", "echo > '\(marker)'; exec sleep 30"]
        let call = EarshotProcess.sample("call-02-interruptions.wav")
        let process = EarshotProcess.prepare(["replay", "--speed", "10", "--report", report, call] + hung)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let started = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: marker) && Date() < started {
            Thread.sleep(forTimeInterval: 0.05)
        }
        // The first is taken before the second comes (two pending at once would be merged into one).
        kill(process.processIdentifier, SIGTERM)
        Thread.sleep(forTimeInterval: 0.05)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        let said = try String(contentsOfFile: errors, encoding: .utf8)
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(said)")
        #expect(said.contains("earshot: stopping: finishing the report"), "\(said)")
        #expect(!said.contains("ending at once"), "\(said)")
        #expect(FileManager.default.fileExists(atPath: report))
        // And as timeout(1) sends it; its status is the session's with --preserve-status.
        try? FileManager.default.removeItem(atPath: report)
        let timed = try EarshotProcess.shell(
            "timeout --preserve-status 2 EARSHOT replay --speed 10 --report '\(report)' '\(call)' --on-alert "
                + "'exec sleep 30' > /dev/null")
        #expect(timed.status == 0 && !timed.stderr.contains("ending at once"), "\(timed.stderr)")
        #expect(FileManager.default.fileExists(atPath: report))
    }
}
