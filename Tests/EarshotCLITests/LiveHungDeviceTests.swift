import EarshotAudio
import Foundation
import Testing

/// `earshot live` on a capture device that hangs in its reads (a FIFO nobody writes).
@Suite("earshot live on a device that hangs")
struct LiveHungDeviceTests {
    @Test("a device that hangs in a read (a FIFO nobody writes): warned, and Ctrl-C reports the hung time as lost")
    func hungDevice() throws {
        let (stereo, fifo, report) = try ALSAFileDevice.hungDeviceFiles("hung-device")
        let (process, err) = try EarshotProcess.start(
            ["live", "--device", ALSAFileDevice.name(file: fifo), "--rate", "8000", "--json", "--report", report],
            environment: ALSAFileDevice.environment)
        let started = Date()
        // The device opens once a writer does; one second of the call goes in, then the writer stays open and
        // silent, so the device's reads block as a hung sound server's do.
        let writer = try #require(FileHandle(forWritingAtPath: fifo))
        defer { try? writer.close() }
        let audio = try Data(contentsOf: URL(fileURLWithPath: stereo))
        try writer.write(contentsOf: audio.prefix(8_000 * 4))
        let errors = OutputReader(err)
        errors.read(until: "has delivered nothing for 2 s")
        Thread.sleep(forTimeInterval: 1)
        let interrupted = Date()
        process.interrupt()
        let message = errors.readToEnd()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(message)")
        #expect(Date().timeIntervalSince(interrupted) < 5, "the session ends promptly although its device hangs")
        #expect(
            message.contains("capture device '\(ALSAFileDevice.name(file: fifo))' has delivered nothing for 2 s"),
            "\(message)")
        #expect(message.contains("s of lost capture in all, the last "), "\(message)")
        // The report spans the session, from the device's start to Ctrl-C: one second heard, the rest lost.
        let object = try JSONFile.object(at: report)
        let duration = try #require(object["duration_s"] as? Double)
        let session = interrupted.timeIntervalSince(started)
        // At least the 2 s stall the warning waited for and the 1 s slept after it, less a few milliseconds: the
        // stall is timed by the process's clock, the sleep by this one's (a fresh clone here gave 2.999 s).
        #expect(duration >= 2.99 && duration <= session + 0.05, "duration \(duration) s of a \(session) s session")
        let lost = try #require(object["lost_capture"] as? [[String: Double]])
        #expect(lost.count == 1)
        #expect(abs((lost.first?["start"] ?? 0) - 1) < 0.02, "\(lost)")
        #expect(abs((lost.first?["end"] ?? 0) - duration) < 0.02, "\(lost)")
    }

    @Test("--duration ends the session although its device hangs: the time it did not cover is lost capture")
    func hungDeviceWithDuration() throws {
        let (fifo, report, writer) = try ALSAFileDevice.hungDevice("hung-duration")
        defer { close(writer) }
        let (process, err) = try EarshotProcess.start(
            [
                "live", "--device", ALSAFileDevice.name(file: fifo), "--rate", "8000", "--duration", "3", "--json",
                "--report", report,
            ], environment: ALSAFileDevice.environment)
        // The device delivers its second at once, then nothing: warned of 2 s into the session, which ends 2 s after
        // its 3 s, as README says (review L: 2 s more went on waiting for the capture thread).
        let errors = OutputReader(err)
        errors.read(until: "has delivered nothing for 2 s")
        let warned = Date()
        let stderr = errors.readToEnd()
        process.waitUntilExit()
        let took = Date().timeIntervalSince(warned)
        #expect(took < 4.5, "ended \(took) s after the warning at 2 s")
        #expect(process.terminationStatus == 0, "\(stderr)")
        #expect(
            stderr.contains("the report has 2.0 s of lost capture in all, the last 2.0 s of it added at the end"),
            "\(stderr)")
        let object = try JSONFile.object(at: report)
        #expect(object["duration_s"] as? Double == 3)
        let lost = try #require(object["lost_capture"] as? [[String: Double]])
        #expect(lost.count == 1 && abs((lost.first?["start"] ?? 0) - 1) < 0.02, "\(lost)")
    }

    @Test("a device whose opening hangs (a FIFO nobody opens to write): said, ended by --duration, and Ctrl-C says so")
    func openHangs() throws {
        let (_, fifo, report) = try ALSAFileDevice.hungDeviceFiles("open-hangs")
        let arguments = ["live", "--device", ALSAFileDevice.name(file: fifo), "--rate", "8000", "--report", report]
        // Review L: nothing was said, and --duration did not end the session that never began.
        let started = Date()
        let ended = try EarshotProcess.run(
            arguments + ["--duration", "1"], environment: ALSAFileDevice.environment, timeLimit: 20)
        #expect(ended.status == 2, "\(ended.stderr)")
        #expect(Date().timeIntervalSince(started) < 6)
        #expect(
            ended.stderr.contains("waiting for the capture device '\(ALSAFileDevice.name(file: fifo))' to open"),
            "\(ended.stderr)")
        #expect(
            ended.stderr.contains("did not open within --duration's 1 s and 2 s of grace: no session, no report"),
            "\(ended.stderr)")
        #expect(!FileManager.default.fileExists(atPath: report))
        // Without --duration, Ctrl-C ends it as before (130: no session to end with a report), now saying so.
        let (process, err) = try EarshotProcess.start(arguments, environment: ALSAFileDevice.environment)
        let errors = OutputReader(err)
        errors.read(until: "to open")
        process.interrupt()
        let stderr = errors.readToEnd()
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGINT, "\(stderr)")
        #expect(stderr.contains("stopped while the capture device was opening: no session, no report"), "\(stderr)")
    }
}
