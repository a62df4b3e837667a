import EarshotAudio
import Foundation
import Testing

@Suite("earshot replay --on-alert")
struct ReplayAlertCommandTests {
    @Test("an --on-alert command that hangs does not hold up the report after SIGTERM, and ends with the signal")
    func hungAlertCommand() throws {
        let report = Scratch.url("hung-alert.json").path
        try? FileManager.default.removeItem(atPath: report)
        let marker = Scratch.url("hung-alert.pid").path
        try? FileManager.default.removeItem(atPath: marker)
        let process = EarshotProcess.prepare([
            "replay", "--speed", "10", "--json", "--report", report, "--on-alert",
            "echo $$ >> '\(marker)'; exec sleep 30",
            EarshotProcess.sample("call-02-interruptions.wav"),
        ])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Until the first command runs (the first alert comes about 15 s into the call: 1.5 s at --speed 10).
        let started = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: marker) && Date() < started {
            Thread.sleep(forTimeInterval: 0.05)
        }
        try #require(FileManager.default.fileExists(atPath: marker), "no alert command ran")
        let signalled = Date()
        kill(process.processIdentifier, SIGTERM)
        while !FileManager.default.fileExists(atPath: report) && Date().timeIntervalSince(signalled) < 10 {
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect(Date().timeIntervalSince(signalled) < 2, "the report waited for the hung command")
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        // The command (exec'd into sleep) takes SIGTERM: nothing blocks it.
        let pid = try #require(
            Int32(try String(contentsOfFile: marker, encoding: .utf8).split(separator: "\n").first ?? ""))
        #expect(kill(pid, SIGTERM) == 0 || errno == ESRCH)
        var gone = false
        for _ in 0..<50 where !gone {
            // Gone, or a zombie nobody has reaped yet (a container's first process may never reap it).
            let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?
                .split(separator: ")").last?.split(separator: " ").first
            gone = kill(pid, 0) != 0 || state == "Z"
            if !gone { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(gone, "the hung command ignored SIGTERM")
    }

    @Test("--on-alert: the command's output goes to stderr, not into the JSON Lines; dropped alerts are warned")
    func onAlertOutput() throws {
        let file = EarshotProcess.sample("call-02-interruptions.wav")
        let result = try EarshotProcess.run(["replay", "--speed", "max", "--json", "--on-alert", "cat", file])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        let alertLines = lines.filter { $0.contains("\"type\": \"alert\"") }
        let report = try EarshotProcess.run(["analyze", "--format", "json", file])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let alerts = try #require(object["alerts"] as? [[String: Any]])
        #expect(!alerts.isEmpty)
        #expect(alertLines.count == alerts.count, "each alert once on stdout")
        #expect(
            result.stderr.split(separator: "\n").filter { $0.contains("\"type\": \"alert\"") }.count == alerts.count)

        // A command slower than the alerts: at most 16 wait, the rest are dropped, and that is said.
        let slow = try EarshotProcess.run([
            "replay", "--speed", "max", "--json", "--silence-gap", "0.1", "--bridge", "0.05", "--on-alert", "sleep 1",
            EarshotProcess.sample("call-03-monologue.wav"),
        ])
        #expect(slow.status == 0)
        #expect(slow.stderr.contains("alert(s) were not passed to the command"), "\(slow.stderr)")
        // Said when it starts, too (in a long shift the hooks would otherwise be off for hours unseen).
        #expect(slow.stderr.contains("16 runs of the command are waiting"), "\(slow.stderr)")

        // A command that fails (a notifier gone): said once, for the first failure.
        let failing = try EarshotProcess.run(["replay", "--speed", "max", "--on-alert", "exit 3", file])
        #expect(failing.status == 0)
        let said = failing.stderr.components(separatedBy: "--on-alert command exited with status 3").count - 1
        #expect(said == 1, "\(failing.stderr)")
        #expect(!result.stderr.contains("exited with status"), "cat succeeds: \(result.stderr)")
    }

    @Test("--on-alert commands start with SIGPIPE at its default, so a pipeline in them ends as in a shell")
    func onAlertSignals() throws {
        let out = Scratch.url("on-alert-sigign.txt").path
        try? FileManager.default.removeItem(atPath: out)
        let result = try EarshotProcess.run([
            // The shell's SigIgn, then the command's own SigBlk (exec: the shell's, read while it waits for a
            // child, shows the signals it blocks for itself then).
            "replay", "--speed", "max", "--on-alert",
            "grep SigIgn /proc/$$/status >> '\(out)'; exec grep SigBlk /proc/self/status >> '\(out)'",
            EarshotProcess.sample("call-02-interruptions.wav"),
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        try #require(lines.count >= 2)
        for line in lines {
            let mask = try #require(UInt64(line.split(separator: "\t").last ?? "", radix: 16))
            if line.hasPrefix("SigIgn") {
                #expect(mask & (1 << (UInt64(SIGPIPE) - 1)) == 0, "\(line)")
            } else {
                // Nothing blocked: a command that hangs still ends on SIGTERM or Ctrl-C (a dispatch worker's
                // mask, inherited, blocked nearly every signal).
                #expect(mask == 0, "\(line)")
            }
        }
    }

    @Test("--on-alert commands get standard input, output and error, and no other descriptor of earshot's")
    func onAlertDescriptors() throws {
        let out = Scratch.url("on-alert-fds.txt").path
        try? FileManager.default.removeItem(atPath: out)
        // Descriptor 7, open without close-on-exec in earshot (inherited from this shell), must not reach the
        // command: `ls` lists its own descriptors (0, 1, 2 and the directory it reads).
        let command = "exec ls /proc/self/fd >> '\(out)'"
        let result = try EarshotProcess.shell(
            "exec 7>/dev/null; EARSHOT replay --speed max --on-alert \"\(command)\" "
                + "'\(EarshotProcess.sample("call-02-interruptions.wav"))' >/dev/null")
        #expect(result.status == 0, "\(result.stderr)")
        let listed = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").compactMap { Int($0) }
        try #require(!listed.isEmpty)
        #expect(Set(listed).isSubset(of: [0, 1, 2, 3]), "\(Set(listed).sorted())")
    }

    @Test("--on-alert gets the file's times with --from, as the stream does")
    func onAlertFrom() throws {
        let out = Scratch.url("on-alert-from.txt").path
        try? FileManager.default.removeItem(atPath: out)
        let result = try EarshotProcess.run([
            "replay", "--speed", "max", "--from", "30", "--json", "--on-alert", "cat >> '\(out)'",
            EarshotProcess.sample("call-02-interruptions.wav"),
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let streamed = result.stdout.split(separator: "\n").filter { $0.contains("\"type\": \"alert\"") }
        let given = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        try #require(!streamed.isEmpty)
        #expect(given.sorted() == streamed.sorted(), "\(given)\n\(streamed)")
    }

    @Test("--on-alert with a command that does not read its input: the session still ends and writes its report")
    func onAlertIgnoringInput() throws {
        for run in 0..<3 {
            let report = Scratch.url("on-alert-true-\(run).json").path
            try? FileManager.default.removeItem(atPath: report)
            let result = try EarshotProcess.run([
                "replay", "--speed", "max", "--on-alert", "true", "--report", report,
                EarshotProcess.sample("call-02-interruptions.wav"),
            ])
            #expect(result.status == 0, "run \(run): \(result.stderr)")
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report)))
            #expect(((object as? [String: Any])?["alerts"] as? [Any])?.isEmpty == false)
        }
    }
}
