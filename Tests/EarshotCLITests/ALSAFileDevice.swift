import EarshotAudio
import Foundation
import Testing

/// Capture devices for the live tests, through real ALSA: the `file` plugin of Tests/Fixtures/asound.conf reads raw
/// audio from a file (or a FIFO) as a capture device.
enum ALSAFileDevice {
    /// The environment that makes ALSA read Tests/Fixtures/asound.conf.
    static let environment = [
        "ALSA_CONFIG_PATH": EarshotProcess.root.appendingPathComponent("Tests/Fixtures/asound.conf").path
    ]

    /// The capture device reading raw 16-bit audio from `file`.
    static func name(file: String) -> String { "earshot_file:FILE=\(file)" }

    /// Writes the sample's channels as raw 16-bit files: (stereo, agent, customer, the call's length in seconds).
    static func rawFiles(_ name: String) throws -> (String, String, String, Double) {
        let folder = Scratch.url("live")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let source = try FileSource(path: EarshotProcess.sample(name + ".wav"))
        var stereo = Data()
        var agent = Data()
        var customer = Data()
        var frames = 0
        while let block = try source.nextBlock() {
            for i in 0..<block.frameCount {
                for (channel, sample) in [block.samples[2 * i], block.samples[2 * i + 1]].enumerated() {
                    let value = Int16(max(-32_768, min(32_767, (sample * 32_768).rounded())))
                    withUnsafeBytes(of: value.littleEndian) { bytes in
                        stereo.append(contentsOf: bytes)
                        if channel == 0 { agent.append(contentsOf: bytes) } else { customer.append(contentsOf: bytes) }
                    }
                }
            }
            frames += block.frameCount
        }
        let paths = ["stereo", "agent", "customer"].map { folder.appendingPathComponent("\(name)-\($0).raw").path }
        try stereo.write(to: URL(fileURLWithPath: paths[0]))
        try agent.write(to: URL(fileURLWithPath: paths[1]))
        try customer.write(to: URL(fileURLWithPath: paths[2]))
        return (paths[0], paths[1], paths[2], Double(frames) / Double(source.sampleRate))
    }

    /// A device that hangs: the FIFO of `hungDeviceFiles` holding one second of call-01, its writer left open
    /// (the descriptor returned, for the caller to close) so that the device's reads then block.
    static func hungDevice(_ name: String) throws -> (fifo: String, report: String, writer: Int32) {
        let (stereo, fifo, report) = try hungDeviceFiles(name)
        let writer = open(fifo, O_RDWR)
        try #require(writer >= 0)
        let audio = try Data(contentsOf: URL(fileURLWithPath: stereo)).prefix(8_000 * 4)
        _ = audio.withUnsafeBytes { write(writer, $0.baseAddress, $0.count) }
        return (fifo, report, writer)
    }

    /// call-01 as raw stereo, a new FIFO `NAME.fifo` to be the device, and the path `NAME.json` for the report.
    static func hungDeviceFiles(_ name: String) throws -> (stereo: String, fifo: String, report: String) {
        let (stereo, _, _, _) = try rawFiles("call-01-calm")
        let fifo = Scratch.url("\(name).fifo").path
        let report = Scratch.url("\(name).json").path
        try? FileManager.default.removeItem(atPath: fifo)
        try? FileManager.default.removeItem(atPath: report)
        #expect(mkfifo(fifo, 0o600) == 0)
        return (stereo, fifo, report)
    }
}
