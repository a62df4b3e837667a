import Foundation
import Testing

@testable import earshot

@Suite("A batch stopped by Ctrl-C or SIGTERM")
struct BatchStopTests {
    @Test(
        "Ctrl-C or SIGTERM part-way through a batch: said, files in progress finish, tables of every saved call, 130",
        arguments: [SIGINT, SIGTERM])
    func stopped(signal: Int32) throws {
        let count = 150
        let input = try BatchFixture.shortCalls("stop-\(signal)", count: count)
        let output = try BatchFixture.folder("out-stop-\(signal)")
        let calls = output.appendingPathComponent("calls")
        let (status, stderr) = try BatchFixture.stopped(
            ["analyze", input.path, "--output", output.path, "--jobs", "2"], output: output, signal: signal)
        #expect(status == 130, "\(stderr)")
        #expect(stderr.contains("earshot: stopping: no new files"), "\(stderr)")
        #expect(stderr.contains("not started"), "\(stderr)")
        let done = BatchFixture.savedRecords(in: output)
        #expect(done.count >= 3 && done.count < count, "\(done.count)")
        // Every saved call is whole and in the table, and nothing else is.
        for name in done {
            let data = try Data(contentsOf: calls.appendingPathComponent(name))
            #expect((try? JSONSerialization.jsonObject(with: data)) is [String: Any], "\(name)")
        }
        #expect(try BatchFixture.csv(output.appendingPathComponent("calls.csv")).count == done.count + 1)
        // The page says the batch was stopped and how much of it is missing: it would otherwise read as complete.
        let page = { try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8) }
        let stopped = try page()
        let notice = "Stopped before the end (Ctrl-C or a signal): \(count - done.count) of the \(count) recordings"
        #expect(stopped.contains(notice), "\(stopped.prefix(3000))")
        guard signal == SIGINT else { return }
        let resumed = try EarshotProcess.run(["analyze", input.path, "--output", output.path, "--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("\(done.count) already done"), "\(resumed.stderr)")
        #expect(try BatchFixture.csv(output.appendingPathComponent("calls.csv")).count == count + 1)
        #expect(try !page().contains("Stopped before the end"))
    }

    @Test("Ctrl-C part-way through a batch whose table cannot be written: 3, not 130 (its tables were not all written)")
    func stoppedWithOutputFailure() throws {
        let input = try BatchFixture.shortCalls("stop-unwritable", count: 150)
        let output = try BatchFixture.folder("out-stop-unwritable")
        // A folder where calls.csv goes: the table cannot be written.
        try FileManager.default.createDirectory(
            at: output.appendingPathComponent("calls.csv"), withIntermediateDirectories: true)
        let (status, stderr) = try BatchFixture.stopped(
            ["analyze", input.path, "--output", output.path, "--jobs", "1"], output: output)
        #expect(stderr.contains("earshot: stopping: no new files"), "\(stderr)")
        #expect(stderr.contains("calls.csv"), "\(stderr)")
        #expect(status == 3, "\(stderr)")
    }

    @Test("the stop is said within a second of Ctrl-C, while a long file is still being analysed")
    func stopSaidAtOnce() throws {
        let input = try BatchFixture.folder("inputs-stop-long")
        try SampleAudio.looped("call-04-noisy.wav", times: 40, to: input.appendingPathComponent("a-long.wav").path)
        for name in ["b", "c"] {
            try FileManager.default.copyItem(
                atPath: EarshotProcess.sample("call-01-calm.wav"),
                toPath: input.appendingPathComponent(name + ".wav").path)
        }
        let output = try BatchFixture.folder("out-stop-long")
        let (process, err) = try EarshotProcess.start(["analyze", input.path, "--output", output.path, "--jobs", "1"])
        // The calls folder is made after the handlers are in place, just before the first file starts.
        let calls = output.appendingPathComponent("calls").path
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: calls) && Date() < deadline { usleep(5_000) }
        usleep(200_000)
        kill(process.processIdentifier, SIGINT)
        let signalled = Date()
        var said = ""
        while !said.contains("\n") && Date().timeIntervalSince(signalled) < 5 {
            said += String(decoding: err.fileHandleForReading.availableData, as: UTF8.self)
        }
        let running = process.isRunning
        let delay = Date().timeIntervalSince(signalled)
        _ = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(said.contains("earshot: stopping: no new files; the 1 in progress finish"), "\(said)")
        #expect(running && delay < 1, "said after \(delay) s, still analysing: \(running)")
        #expect(process.terminationStatus == 130)
    }
}
