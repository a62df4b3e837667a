import EarshotAudio
import Foundation
import Testing

@Suite("earshot replay")
struct ReplayCommandTests {
    private func lines(_ output: String) -> [[String: Any]] {
        output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    @Test(
        "--speed max --json streams alerts on time against the sample's truth",
        arguments: ["call-02-interruptions", "call-03-monologue"])
    func alertTiming(name: String) throws {
        let result = try EarshotProcess.run([
            "replay", "--speed", "max", "--json", EarshotProcess.sample(name + ".wav"),
        ])
        #expect(result.status == 0)
        let alerts = lines(result.stdout).filter {
            $0["type"] as? String == "alert" && $0["rule"] as? String != "acknowledge"
        }
        let truth = try EarshotProcess.sampleTruth(name)
        let due = try #require(truth["alerts"] as? [[String: Any]])
        #expect(alerts.count == due.count)
        for expected in due {
            let rule = try #require(expected["rule"] as? String)
            let start = try #require(expected["start"] as? Double)
            let fired = try #require(
                alerts.first { $0["rule"] as? String == rule && abs(($0["start"] as? Double ?? -9) - start) <= 0.15 },
                "\(rule) at \(start)")
            let delay = (fired["t"] as? Double ?? 0) - (fired["start"] as? Double ?? 0)
            switch rule {
            case "silence_gap": #expect(delay >= 3.0 && delay <= 3.1)
            case "agent_interrupts": #expect(delay <= 1.2)
            case "agent_monologue": #expect(delay >= 60 && delay <= 60.1)
            default: break
            }
        }
    }

    @Test("every JSON line has a type and a media time; status comes once a second; an end line comes last")
    func jsonLines() throws {
        let result = try EarshotProcess.run([
            "replay", "--speed", "max", "--json", EarshotProcess.sample("call-01-calm.wav"),
        ])
        let objects = lines(result.stdout)
        #expect(objects.count == result.stdout.split(separator: "\n").count)
        #expect(objects.allSatisfy { $0["type"] is String && $0["t"] is Double })
        let status = objects.filter { $0["type"] as? String == "status" }
        // A 55.88 s call: one status line in each of its seconds 0 … 55, none skipped, then the closing one.
        let seconds = status.map { Int(($0["t"] as? Double ?? -1).rounded(.down)) }
        #expect(seconds == Array(0...55) + [55], "\(seconds)")
        #expect(status.last?["t"] as? Double == 55.88)
        let end = try #require(objects.last)
        #expect(end["type"] as? String == "end" && end["t"] as? Double == 55.88)
        #expect((end["summary"] as? [String: Any])?["backchannels_by_agent"] as? Int == 4)
        #expect(objects.filter { $0["type"] as? String == "end" }.count == 1)
    }

    @Test("a file that ends part-way through a 10 ms frame: the last status line has the end line's time and summary")
    func lastStatusIsTheEnd() throws {
        // call-02's first 40.005 s at 8 kHz: 40 samples into its last frame.
        let source = try FileSource(path: EarshotProcess.sample("call-02-interruptions.wav"))
        var samples: [Float] = []
        while let block = try source.nextBlock() { samples.append(contentsOf: block.samples) }
        let frames = 40 * 8_000 + 40
        let path = Scratch.url("part-frame.wav").path
        let writer = try AudioFileWriter(path: path, sampleRate: 8_000, channelCount: 2)
        try writer.write(Array(samples.prefix(2 * frames)))
        writer.close()
        let result = try EarshotProcess.run(["replay", "--speed", "max", "--json", path])
        #expect(result.status == 0, "\(result.stderr)")
        let objects = lines(result.stdout)
        let status = try #require(objects.last { $0["type"] as? String == "status" })
        let end = try #require(objects.last)
        #expect(end["type"] as? String == "end" && end["t"] as? Double == 40.005)
        #expect(status["t"] as? Double == 40.005)
        let a = try #require(status["summary"] as? [String: Any])
        let b = try #require(end["summary"] as? [String: Any])
        #expect(NSDictionary(dictionary: a).isEqual(to: b), "\(a) against \(b)")
    }

    @Test("an event's time is when it became certain, the same at every speed (not the end of the block read)")
    func eventTimesAtEverySpeed() throws {
        func events(_ speed: String) throws -> [String] {
            let result = try EarshotProcess.run([
                "replay", "--speed", speed, "--json", EarshotProcess.sample("call-02-interruptions.wav"),
            ])
            return result.stdout.split(separator: "\n").map(String.init).filter {
                !$0.contains("\"status\"") && !$0.contains("\"end\", \"t\"") && !$0.contains("\"alert\"")
            }
        }
        let fastest = try events("max")
        #expect(fastest.count >= 5)
        #expect(fastest == (try events("40")))
        // The call-02 backchannel ending at 8.69 s is certain 0.59 s later (the final decisions' delay).
        #expect(fastest.first == #"{"type": "backchannel", "by": "agent", "start": 8.23, "end": 8.69, "t": 9.28}"#)
    }

    @Test("--from starts part-way, with the report's times from the start of the file")
    func from() throws {
        let report = Scratch.url("from.json").path
        let result = try EarshotProcess.run([
            "replay", "--speed", "max", "--json", "--from", "30", "--report", report,
            EarshotProcess.sample("call-02-interruptions.wav"),
        ])
        #expect(result.status == 0)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
        let events = try #require(object["events"] as? [[String: Any]])
        #expect(events.allSatisfy { ($0["start"] as? Double ?? 0) >= 30 })
        #expect(events.contains { $0["type"] as? String == "interruption" && $0["by"] as? String == "agent" })
    }

    @Test("--from between grid points starts on the 10 ms grid: every reported time stays on it")
    func fromOffGrid() throws {
        let report = Scratch.url("from-off-grid.json").path
        let result = try EarshotProcess.run([
            "replay", "--speed", "max", "--from", "30.005", "--json", "--report", report,
            EarshotProcess.sample("call-02-interruptions.wav"),
        ])
        #expect(result.status == 0)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
        #expect(object["start_offset_s"] as? Double == 30)
        let times = ((object["events"] as? [[String: Any]]) ?? []).flatMap { [$0["start"], $0["end"]] }
            .compactMap { $0 as? Double }
        #expect(!times.isEmpty)
        #expect(times.allSatisfy { abs($0 * 100 - ($0 * 100).rounded()) < 1e-6 }, "\(times)")
    }

    @Test("a truncated file is named in replay's report as analyze names it")
    func truncated() throws {
        let file = Scratch.url("truncated-replay.wav")
        let whole = try Data(contentsOf: URL(fileURLWithPath: EarshotProcess.sample("call-01-calm.wav")))
        try whole.prefix(300_000).write(to: file)  // about 18.7 of the 55.9 s its header declares
        let report = Scratch.url("truncated-replay.json").path
        let result = try EarshotProcess.run(["replay", "--speed", "max", "--report", report, file.path])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
        let warnings = (object["quality"] as? [String: Any])?["warnings"] as? [String] ?? []
        #expect(warnings.first?.contains("although its header declares 55.9 s") == true, "\(warnings)")
    }

    @Test("Ctrl-C part-way: the report says where the replay stopped; a replay to the end does not")
    func stoppedEarly() throws {
        let report = Scratch.url("stopped-replay.json").path
        try? FileManager.default.removeItem(atPath: report)
        // A truncated copy: 18.7 s of audio whose header declares 55.9 s; the replay is stopped before either.
        let file = Scratch.url("stopped-replay.wav")
        let whole = try Data(contentsOf: URL(fileURLWithPath: EarshotProcess.sample("call-01-calm.wav")))
        try whole.prefix(300_000).write(to: file)
        // Ctrl-C once a status line past 2 s of media has come.
        let process = try EarshotProcess.stop(
            ["replay", "--speed", "4", "--json", "--report", report, file.path], atSecond: 2, with: SIGINT)
        #expect(process.terminationStatus == 0)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
        let duration = try #require(object["duration_s"] as? Double)
        #expect(duration >= 2 && duration < 18, "stopped after \(duration) s of the 18.7 s there are")
        let warnings = (object["quality"] as? [String: Any])?["warnings"] as? [String] ?? []
        #expect(
            warnings.first?.hasPrefix("the replay stopped at 0:") == true
                && warnings.first?.contains("before the end of the file at 0:18.7") == true, "\(warnings)")

        let toTheEnd = try EarshotProcess.run(["replay", "--speed", "max", EarshotProcess.sample("call-01-calm.wav")])
        #expect(toTheEnd.status == 0)
        #expect(!toTheEnd.stdout.contains("replay stopped"))
    }

    @Test("SIGTERM while standard output is stuck (its reader never reads): the replay ends and writes its report")
    func stuckOutput() throws {
        let file = Scratch.url("stuck-output.wav").path
        try SampleAudio.looped("call-03-monologue.wav", times: 20, to: file)  // 30 min: more lines than a pipe holds
        let report = Scratch.url("stuck-output.json").path
        try? FileManager.default.removeItem(atPath: report)
        let process = Process()
        process.standardInput = FileHandle.nullDevice
        process.executableURL = EarshotProcess.binary
        process.arguments = ["replay", "--speed", "200", "--json", "--report", report, file]
        let out = Pipe()  // held open, never read
        process.standardOutput = out
        let errors = Scratch.url("stuck-output.err")
        try #require(FileManager.default.createFile(atPath: errors.path, contents: nil))
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        // Until the pipe is full (it holds 64 KiB; its count stops growing for a second while the replay still
        // has status lines to write): from then on the output's writes block.
        var queued: Int32 = 0
        var before: Int32 = -1
        let waitUntil = Date().addingTimeInterval(60)
        while (queued < 32_768 || queued != before) && process.isRunning && Date() < waitUntil {
            before = queued
            Thread.sleep(forTimeInterval: 1)
            _ = ioctl(out.fileHandleForReading.fileDescriptor, UInt(FIONREAD), &queued)
        }
        try #require(queued >= 32_768 && queued == before, "the output never filled the pipe (\(queued) bytes)")
        let signalled = Date()
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        let stuck = process.isRunning
        if stuck { process.terminate() }
        #expect(!stuck, "the replay did not end within 20 s of SIGTERM")
        #expect(Date().timeIntervalSince(signalled) < 15)
        // The output could not be written: exit 1, as for a closed pipe, with the report.
        #expect(process.terminationStatus == 1)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
        #expect((object["duration_s"] as? Double ?? 0) > 10)
        let said = try String(contentsOf: errors, encoding: .utf8)
        #expect(said.contains("cannot write to standard output: it took nothing for 10 s"), "\(said)")
        try? out.fileHandleForReading.close()
    }

    @Test("an --on-alert command that hangs does not hold up the report after SIGTERM, and ends with the signal")
    func hungAlertCommand() throws {
        let report = Scratch.url("hung-alert.json").path
        try? FileManager.default.removeItem(atPath: report)
        let marker = Scratch.url("hung-alert.pid").path
        try? FileManager.default.removeItem(atPath: marker)
        let process = Process()
        process.standardInput = FileHandle.nullDevice
        process.executableURL = EarshotProcess.binary
        process.arguments = [
            "replay", "--speed", "10", "--json", "--report", report, "--on-alert",
            "echo $$ >> '\(marker)'; exec sleep 30",
            EarshotProcess.sample("call-02-interruptions.wav"),
        ]
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

    @Test("a mono replay's plain status lines give talk and silence gaps, not a share or interruptions")
    func monoStatus() throws {
        let mono = Scratch.url("replay-mono.wav").path
        try SampleAudio.firstChannel(of: "call-03-monologue.wav", to: mono)
        let result = try EarshotProcess.run(["replay", "--speed", "max", mono])
        #expect(result.status == 0, "\(result.stderr)")
        let status = result.stdout.split(separator: "\n").filter { $0.contains("status:") }
        #expect(status.count >= 3)
        #expect(status.allSatisfy { $0.contains("status: talk ") && !$0.contains("interruptions") }, "\(status)")
        #expect(!result.stderr.contains("warning"), "\(result.stderr)")
        // --agent-channel 1 cannot apply to one channel: said as analyze says it, with the same report.
        let swapped = try EarshotProcess.run(["replay", "--speed", "max", "--agent-channel", "1", mono])
        #expect(swapped.status == 0)
        #expect(swapped.stderr.contains("has one channel, so agent channel 1 does not apply"), "\(swapped.stderr)")
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

    @Test("--from: the plain view and its closing report show the file's times, under the file's name")
    func fromPlainView() throws {
        let file = EarshotProcess.sample("call-02-interruptions.wav")
        let result = try EarshotProcess.run(["replay", "--speed", "max", "--from", "30", file])
        #expect(result.status == 0)
        // The closing report's header gives the stretch replayed in the file's times, not only its length.
        #expect(result.stdout.contains("\(file)  0:30.0-1:02.5  8000 Hz  stereo"), "\(result.stdout)")
        // Every m:ss.s time printed (events, alerts, the report's lists; not the header's duration) is 30 s
        // or later.
        let body = result.stdout.split(separator: "\n").filter { !$0.hasPrefix(file) }.joined(separator: "\n")
        let times = body.split(whereSeparator: { " -()\n".contains($0) }).compactMap { word -> Double? in
            let parts = word.split(separator: ":")
            guard parts.count == 2, let minutes = Double(parts[0]), let seconds = Double(parts[1]) else { return nil }
            return minutes * 60 + seconds
        }
        #expect(times.count >= 10)
        #expect(times.allSatisfy { $0 >= 30 }, "\(times)")
        #expect(times.contains { $0 >= 48.6 && $0 <= 48.8 })  // the agent's cut-in at 0:48.7
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

    @Test("replay --report naming the recording itself is refused, before anything is written")
    func reportOverRecording() throws {
        let copy = Scratch.url("victim.wav").path
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: EarshotProcess.sample("call-01-calm.wav"), toPath: copy)
        let before = try Data(contentsOf: URL(fileURLWithPath: copy))
        let result = try EarshotProcess.run(["replay", "--speed", "max", "--report", copy, copy])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--report names the recording replayed"), "\(result.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == before)
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

    @Test("--speed 1 paces the replay at real time")
    func realTime() throws {
        // A 2 s excerpt: 30.0 to the end would take 32 s, so replay from 60.5 s of a 62.5 s call.
        let start = Date()
        let result = try EarshotProcess.run([
            "replay", "--speed", "1", "--json", "--from", "60.5", EarshotProcess.sample("call-02-interruptions.wav"),
        ])
        let elapsed = Date().timeIntervalSince(start)
        #expect(result.status == 0)
        #expect(elapsed >= 1.9 && elapsed < 5)  // not faster than real time; the upper bound allows a loaded CI
    }

    @Test("--play sends every sample to the ALSA playback device")
    func play() throws {
        let sink = Scratch.url("play.raw").path
        try? FileManager.default.removeItem(atPath: sink)
        let result = try EarshotProcess.run(
            ["replay", "--json", "--play", "earshot_sink:FILE=\(sink)", EarshotProcess.sample("call-01-calm.wav")],
            environment: LiveCommandTests.environment)
        #expect(result.status == 0, "\(result.stderr)")
        let bytes = try FileManager.default.attributesOfItem(atPath: sink)[.size] as? Int
        #expect(bytes == 447_040 * 2 * 2)  // 55.88 s at 8 kHz, stereo, 16-bit
    }

    @Test("an unknown --play device is named in the error, with the playback devices available, and exits 2")
    func unknownPlayDevice() throws {
        let result = try EarshotProcess.run(
            ["replay", "--play", "nosuchdevice", EarshotProcess.sample("call-01-calm.wav")],
            environment: LiveCommandTests.environment)
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot play to 'nosuchdevice': no such device"), "\(result.stderr)")
        let listed = result.stderr.split(separator: "\n").first { $0.hasPrefix("earshot: playback devices: ") }
        #expect(listed?.contains("null") == true, "\(result.stderr)")
    }

    @Test("--play shows each moment as it is heard: no status line runs ahead of the audio played")
    func playInStep() throws {
        let server = try PulseServer(name: "play")
        try server.start()
        defer { server.stop() }
        let file = server.folder.appendingPathComponent("first-6s.wav").path
        try SampleAudio.prefix(of: "call-02-interruptions.wav", seconds: 6, to: file)
        let process = Process()
        process.executableURL = EarshotProcess.binary
        process.arguments = ["replay", "--json", "--play", server.sinkDevice, file]
        process.environment = ProcessInfo.processInfo.environment.merging(LiveCommandTests.environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let out = Pipe()
        process.standardOutput = out
        let launched = Date()
        try process.run()
        // Media time of each status line less the seconds since launch when it arrived: the audio of that
        // moment cannot have been heard before then, so a line is never ahead (arriving late only lowers it).
        var ahead: [Double] = []
        var pending = Data()
        let prefix = "{\"type\": \"status\", \"t\": "
        while true {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            let now = Date().timeIntervalSince(launched)
            pending.append(chunk)
            while let newline = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                guard line.hasPrefix(prefix) else { continue }
                let t = Double(line.dropFirst(prefix.count).prefix { $0 != "," }) ?? .infinity
                ahead.append(t - now)
            }
        }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(server.log)")
        #expect(ahead.count >= 5)  // one a second of media, and the last
        #expect((ahead.max() ?? .infinity) <= 0.02, "a status line came \(ahead.max() ?? 0) s ahead of the audio")
    }
}
