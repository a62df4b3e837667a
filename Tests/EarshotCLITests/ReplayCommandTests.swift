import EarshotAudio
import EarshotCore
import Foundation
import Testing

@testable import earshot

@Suite("earshot replay")
struct ReplayCommandTests {
    /// The JSON Lines of `output`, each an object.
    static func lines(_ output: String) -> [[String: Any]] {
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
        let alerts = Self.lines(result.stdout).filter {
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
        let objects = Self.lines(result.stdout)
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

    @Test("at 4 kHz too, flat out, every second has its status (a block of 4096 frames would span 1.024 s)")
    func statusEverySecondAt4kHz() throws {
        // call-01 at 4 kHz: every other frame of its 8 kHz (aliased, which does not matter here), 55.88 s.
        let source = try FileSource(path: EarshotProcess.sample("call-01-calm.wav"))
        var samples: [Float] = []
        while let block = try source.nextBlock() { samples.append(contentsOf: block.samples) }
        let path = Scratch.url("call-01-4k.wav").path
        let writer = try AudioFileWriter(path: path, sampleRate: 4_000, channelCount: 2)
        try writer.write(stride(from: 0, to: samples.count - 1, by: 4).flatMap { [samples[$0], samples[$0 + 1]] })
        writer.close()
        let result = try EarshotProcess.run(["replay", "--speed", "max", "--json", path])
        #expect(result.status == 0, "\(result.stderr)")
        let status = Self.lines(result.stdout).filter { $0["type"] as? String == "status" }
        let seconds = status.map { Int(($0["t"] as? Double ?? -1).rounded(.down)) }
        #expect(seconds == Array(0...55) + [55], "\(seconds)")
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
        let objects = Self.lines(result.stdout)
        let status = try #require(objects.last { $0["type"] as? String == "status" })
        let end = try #require(objects.last)
        #expect(end["type"] as? String == "end" && end["t"] as? Double == 40.005)
        #expect(status["t"] as? Double == 40.005)
        let a = try #require(status["summary"] as? [String: Any])
        let b = try #require(end["summary"] as? [String: Any])
        // Compared as text, key by key: NSDictionary's isEqual on Linux does not take two JSON `true`s as equal.
        let text = { (summary: [String: Any]) in summary.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } }
        #expect(text(a) == text(b), "\(a) against \(b)")
        #expect(a["opening_interrupted"] as? Bool == true)  // the cut-in at 12.6 s, 7.5 s into the customer's story
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
        // The first is call-02's backchannel (its truth: the agent, 8.24-8.68 s; the detector's edges within 0.05 s,
        // five frames), known as soon as its end is final: once the first frame after it, silence, is decided, the
        // engine's decision delay later (at that frame's end: one frame more), not at a block's end.
        let line = try #require(fastest.first)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(first["type"] as? String == "backchannel" && first["by"] as? String == "agent", "\(first)")
        let (start, end, t) = (first["start"] as? Double ?? 0, first["end"] as? Double ?? 0, first["t"] as? Double ?? 0)
        #expect(abs(start - 8.24) <= 0.05 && abs(end - 8.68) <= 0.05, "\(first)")
        let delay = Engine(format: try StreamFormat(sampleRate: 8_000, channelCount: 2)).latencyFrames
        #expect(((t - end) * 100).rounded() == Double(delay + 1), "\(first), delay \(delay) frames")
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

    @Test("--from takes a time as Earshot shows it: 0:30 and 0:00:30.0 start where 30 does")
    func fromClock() throws {
        var reports: [String] = []
        for from in ["30", "0:30", "0:00:30.0"] {
            let report = Scratch.url("from-clock-\(reports.count).json").path
            let result = try EarshotProcess.run([
                "replay", "--speed", "max", "--json", "--from", from, "--report", report,
                EarshotProcess.sample("call-02-interruptions.wav"),
            ])
            #expect(result.status == 0, "\(from): \(result.stderr)")
            let object = try JSONFile.object(at: report)
            #expect(object["start_offset_s"] as? Double == 30, "\(from)")
            let events = try JSONSerialization.data(withJSONObject: object["events"] ?? [], options: .sortedKeys)
            reports.append(String(decoding: events, as: UTF8.self))
        }
        #expect(Set(reports).count == 1, "the same events from each spelling")
        #expect(ClockArgument.seconds("1:02:05.5") == 3_725.5 && ClockArgument.seconds("1:30") == 90)
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

    @Test(
        "Ctrl-C or SIGHUP (terminal closed) part-way: the report says where the replay stopped; to the end, not",
        arguments: [SIGINT, SIGHUP])
    func stoppedEarly(signal: Int32) throws {
        let report = Scratch.url("stopped-replay-\(signal).json").path
        try? FileManager.default.removeItem(atPath: report)
        // A truncated copy: 18.7 s of audio whose header declares 55.9 s; the replay is stopped before either.
        let file = Scratch.url("stopped-replay-\(signal).wav")
        let whole = try Data(contentsOf: URL(fileURLWithPath: EarshotProcess.sample("call-01-calm.wav")))
        try whole.prefix(300_000).write(to: file)
        // Ctrl-C once a status line past 2 s of media has come.
        let process = try EarshotProcess.stop(
            ["replay", "--speed", "4", "--json", "--report", report, file.path], atSecond: 2, with: signal)
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
        let process = EarshotProcess.prepare(["replay", "--speed", "200", "--json", "--report", report, file])
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
        // The output could not be written: exit 3, as for a closed pipe, with the report.
        #expect(process.terminationStatus == 3)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
        #expect((object["duration_s"] as? Double ?? 0) > 10)
        let said = try String(contentsOf: errors, encoding: .utf8)
        #expect(said.contains("cannot write to standard output: it took nothing for 10 s"), "\(said)")
        try? out.fileHandleForReading.close()
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

    @Test("a muted customer channel is said live (JSON status, plain lines) and its silences raise no dead-air alert")
    func unheardCustomer() throws {
        let muted = Scratch.url("replay-muted.wav").path
        try SampleAudio.mutedCustomer("call-02-interruptions.wav", to: muted)
        let heard = try EarshotProcess.run([
            "replay", "--speed", "max", "--json", EarshotProcess.sample("call-02-interruptions.wav"),
        ])
        let json = try EarshotProcess.run(["replay", "--speed", "max", "--json", muted])
        #expect(heard.status == 0 && json.status == 0, "\(json.stderr)")
        func unheard(_ line: [String: Any]) -> String? { line["unheard"] as? String }
        let heardLines = Self.lines(heard.stdout)
        let mutedLines = Self.lines(json.stdout)
        // The sample's truth: one dead air at 23.09 s, alerted 3 s later; heard, no status says a party is unheard.
        let gapAlerts = { (lines: [[String: Any]]) in
            lines.filter { $0["type"] as? String == "alert" && $0["rule"] as? String == "silence_gap" }
        }
        #expect(gapAlerts(heardLines).count == 1, "\(gapAlerts(heardLines))")
        #expect(
            heardLines.allSatisfy {
                $0["type"] as? String != "status" || $0.keys.contains("unheard") && unheard($0) == nil
            })
        // Muted: from 30 s on every status names the customer, and no dead air is alerted after it.
        let statuses = mutedLines.filter { $0["type"] as? String == "status" }
        let late = statuses.filter { ($0["t"] as? Double ?? 0) >= 30.5 }
        #expect(late.count >= 25 && late.allSatisfy { unheard($0) == "customer" }, "\(late.prefix(3))")
        #expect(statuses.filter { ($0["t"] as? Double ?? 0) < 29.5 }.allSatisfy { unheard($0) == nil })
        #expect(gapAlerts(mutedLines).allSatisfy { ($0["t"] as? Double ?? 0) < 30.5 }, "\(gapAlerts(mutedLines))")
        let plain = try EarshotProcess.run(["replay", "--speed", "max", muted])
        let warnings = plain.stdout.split(separator: "\n").filter {
            $0.contains("WARNING customer channel: no speech heard")
        }
        #expect(warnings.count == 1, "\(plain.stdout)")
    }

    @Test("a line with no speech on either channel is said after 10 s (JSON, plain lines), and when speech comes")
    func nobodyHeard() throws {
        // 12 s of digital silence, then call-01 (its agent speaks at once).
        let path = Scratch.url("replay-silent-start.wav").path
        let source = try FileSource(path: EarshotProcess.sample("call-01-calm.wav"))
        let writer = try AudioFileWriter(path: path, sampleRate: source.sampleRate, channelCount: 2)
        try writer.write([Float](repeating: 0, count: source.sampleRate * 2 * 12))
        while let block = try source.nextBlock() { try writer.write(Array(block.samples)) }
        writer.close()
        let json = try EarshotProcess.run(["replay", "--speed", "max", "--json", path])
        #expect(json.status == 0, "\(json.stderr)")
        let statuses = Self.lines(json.stdout).filter { $0["type"] as? String == "status" }
        let said = statuses.map { ($0["t"] as? Double ?? 0, $0["unheard"] as? String) }
        #expect(said.filter { $0.0 < 9.9 }.allSatisfy { $0.1 == nil }, "\(said.prefix(12))")
        #expect(said.contains { $0.0 >= 10 && $0.0 < 12 && $0.1 == "both" }, "\(said.prefix(14))")
        #expect(said.filter { $0.0 >= 13.5 }.allSatisfy { $0.1 == nil }, "\(said.prefix(16))")
        let plain = try EarshotProcess.run(["replay", "--speed", "max", path])
        let lines = plain.stdout.split(separator: "\n")
        #expect(lines.filter { $0.contains("WARNING no speech heard on either channel for 10 s") }.count == 1)
        #expect(lines.contains { $0.hasSuffix("  speech heard") }, "\(plain.stdout.prefix(600))")
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
        // Paths that cannot overwrite it get their own errors, not that one: a recording that is a link to nothing (it
        // said the report named it), and a report whose folder is missing as written (`nn/../L/r.wav`).
        let folder = try Scratch.folder("replay-paths")
        try Scratch.folders(in: folder, "real")
        try Scratch.links(in: folder, ["lf": "real/future.wav"])
        let missing = try EarshotProcess.run(
            ["replay", "--speed", "max", "lf", "--report", "real/future.wav"], workingDirectory: folder.path)
        #expect(missing.status == 1 && missing.stderr.contains("cannot open 'lf'"), "\(missing.stderr)")
        try Scratch.links(in: folder, ["L": URL(fileURLWithPath: copy).deletingLastPathComponent().path])
        let unmade = try EarshotProcess.run(
            ["replay", "--speed", "max", "L/victim.wav", "--report", "nn/../L/victim.wav"],
            workingDirectory: folder.path)
        #expect(
            unmade.status == 3 && unmade.stderr.contains("cannot write 'nn/../L/victim.wav'"), "\(unmade.stderr)")
        // A report that is a link the kernel cannot follow to the recording (review C: refused as naming it).
        try Scratch.links(in: folder, ["Lx": "nn/../L/victim.wav"])
        let link = try EarshotProcess.run(
            ["replay", "--speed", "max", "L/victim.wav", "--report", "Lx"], workingDirectory: folder.path)
        #expect(link.status == 3 && link.stderr.contains("cannot write 'Lx'"), "\(link.stderr)")
        // A name ending in '/' is refused at once, not after the whole session (review D: the replay ran to its end,
        // then its report could not be written).
        let slash = try EarshotProcess.run(
            ["replay", "L/victim.wav", "--report", "L/victim.wav/"], timeLimit: 20, workingDirectory: folder.path)
        #expect(
            slash.status == 3 && slash.stderr.contains("a name ending in '/', '/.' or '/..' names a folder"),
            "\(slash.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == before)
    }
}
