import EarshotAudio
import Foundation
import Testing

/// `earshot live`'s usage errors, bad devices and a recording that cannot be written.
@Suite("earshot live: usage, devices and recording faults")
struct LiveUsageTests {
    @Test("--record on a full disk stops the recording, not the session: the report is written, exit 3")
    func recordingFails() throws {
        let (stereo, _, _, _) = try ALSAFileDevice.rawFiles("call-01-calm")
        let report = stereo + ".record-full.json"
        let recording = stereo + ".record-full.wav"
        try? FileManager.default.removeItem(atPath: report)
        // RLIMIT_FSIZE: writes past 16 KiB fail with EFBIG, as on a full disk (SIGXFSZ ignored); 8 kHz stereo
        // audio passes that in half a second, the report (a few KiB) fits.
        let quoted = [
            EarshotProcess.binary.path, "live", "--device", ALSAFileDevice.name(file: stereo), "--rate", "8000",
            "--duration", "10", "--ring-seconds", "60", "--json", "--report", report, "--record", recording,
        ].map { "'\($0)'" }.joined(separator: " ")
        let result = try EarshotProcess.run(
            ["-c", "ulimit -f 16; trap '' XFSZ; exec \(quoted) > /dev/null"], environment: ALSAFileDevice.environment,
            tool: "/bin/bash")
        let stderr = result.stderr
        #expect(result.status == 3, "\(stderr)")
        #expect(stderr.contains("earshot: error: recording stopped at"), "\(stderr)")
        #expect(stderr.contains("the session goes on without it"))
        #expect(try JSONFile.object(at: report)["duration_s"] as? Double == 10)
    }

    @Test("--record that cannot take even its header (a full disk) is an error, exit 3, and leaves no empty file")
    func recordingCannotStart() throws {
        let (stereo, _, _, _) = try ALSAFileDevice.rawFiles("call-01-calm")
        let recording = stereo + ".record-none.wav"
        try? FileManager.default.removeItem(atPath: recording)
        // RLIMIT_FSIZE of 0: every write fails with EFBIG, as on a full disk (SIGXFSZ ignored).
        let quoted = [
            EarshotProcess.binary.path, "live", "--device", ALSAFileDevice.name(file: stereo), "--rate", "8000",
            "--duration", "2", "--json", "--record", recording,
        ].map { "'\($0)'" }.joined(separator: " ")
        let result = try EarshotProcess.run(
            ["-c", "ulimit -f 0; trap '' XFSZ; exec \(quoted) > /dev/null"], environment: ALSAFileDevice.environment,
            tool: "/bin/bash")
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("earshot: error: cannot create '\(recording)'"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: recording), "an empty recording left behind")
    }

    @Test("--record and --report naming the same file is a usage error, before any device opens; so are others")
    func recordOverReport() throws {
        let path = Scratch.url("same.wav").path
        let result = try EarshotProcess.run(
            ["live", "--device", "nosuchdevice", "--record", path, "--report", Scratch.url("./same.wav").path],
            environment: ALSAFileDevice.environment)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--record and --report name the same file"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: path))
        // Also refused before any device opens: an empty device name, and --agent-channel with two devices.
        let empty = try EarshotProcess.run(["live", "--device", ""], environment: ALSAFileDevice.environment)
        #expect(empty.status == 64 && empty.stderr.contains("--device needs a device name"), "\(empty.stderr)")
        let twoDevices = try EarshotProcess.run(
            ["live", "--agent-device", "a", "--customer-device", "b", "--agent-channel", "1"],
            environment: ALSAFileDevice.environment)
        #expect(twoDevices.status == 64 && twoDevices.stderr.contains("the devices say who is who"))
        // A FIFO for --record (WAV cannot be streamed; opening it would wait for a reader first).
        let fifo = Scratch.url("record.fifo").path
        try? FileManager.default.removeItem(atPath: fifo)
        #expect(mkfifo(fifo, 0o600) == 0)
        let piped = try EarshotProcess.run(
            ["live", "--device", "nosuchdevice", "--record", fifo], environment: ALSAFileDevice.environment)
        #expect(piped.status == 64 && piped.stderr.contains("--record needs a file"), "\(piped.stderr)")
        // A name that promises another format, and standard output itself (the view would be mixed with WAV bytes).
        let mp3 = try EarshotProcess.run(
            ["live", "--device", "nosuchdevice", "--record", Scratch.url("call.mp3").path],
            environment: ALSAFileDevice.environment)
        #expect(mp3.status == 64 && mp3.stderr.contains("--record writes a WAV file"), "\(mp3.stderr)")
        // A ring that would take 922 MB at 192 kHz (1 GiB once rounded up) is refused, saying what fits.
        let ring = try EarshotProcess.run(["live", "--rate", "192000", "--ring-seconds", "600", "--json"])
        #expect(ring.status == 64 && ring.stderr.contains("give --ring-seconds 166 or less"), "\(ring.stderr)")
        let view = Scratch.url("record-stdout.txt").path
        let stdout = try EarshotProcess.shell(
            "EARSHOT live --device nosuchdevice --record /dev/stdout > '\(view)'",
            environment: ALSAFileDevice.environment)
        #expect(stdout.status == 64 && stdout.stderr.contains("is standard output"), "\(stdout.stderr)")
        // A folder that does not exist: refused before the device is opened (exit 3, not the device's 2).
        let nowhere = try EarshotProcess.run(
            ["live", "--device", "nosuchdevice", "--record", "/no/such/folder/call.wav"],
            environment: ALSAFileDevice.environment)
        #expect(nowhere.status == 3 && nowhere.stderr.contains("/no/such/folder/call.wav"), "\(nowhere.stderr)")
        #expect(!nowhere.stderr.contains("nosuchdevice"), "\(nowhere.stderr)")
    }

    @Test("an unknown device is named in the error, with the devices available, and exits 2")
    func unknownDevice() throws {
        let result = try EarshotProcess.run(
            ["live", "--device", "nosuchdevice", "--duration", "1"], environment: ALSAFileDevice.environment)
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot open 'nosuchdevice': no such device"))
        #expect(result.stderr.contains("earshot devices"))
    }

    @Test("with two devices, the one that cannot be opened is named with its party")
    func unknownPartyDevice() throws {
        let customer = try EarshotProcess.run(
            ["live", "--agent-device", "null", "--customer-device", "nosuchdevice", "--duration", "1"],
            environment: ALSAFileDevice.environment)
        #expect(customer.status == 2)
        #expect(customer.stderr.contains("the customer device: cannot open 'nosuchdevice'"), "\(customer.stderr)")
        let agent = try EarshotProcess.run(
            ["live", "--agent-device", "nosuchdevice", "--customer-device", "null", "--duration", "1"],
            environment: ALSAFileDevice.environment)
        #expect(agent.status == 2)
        #expect(agent.stderr.contains("the agent device: cannot open 'nosuchdevice'"), "\(agent.stderr)")
    }

    @Test("a device ALSA defines whose file is not there, and an ALSA_CONFIG_PATH that cannot be read, are said so")
    func definedButMissing() throws {
        let configuration = Scratch.url("missing-device.conf")
        try """
        </usr/share/alsa/alsa.conf>
        pcm.earshot_missing {
            type file
            slave.pcm "null"
            file "/dev/null"
            infile "/nonexistent/earshot/call.raw"
            format "raw"
            hint { show on description "a capture file that is not there" }
        }
        """.write(to: configuration, atomically: true, encoding: .utf8)
        let missing = try EarshotProcess.run(
            ["live", "--device", "earshot_missing", "--duration", "1"],
            environment: ["ALSA_CONFIG_PATH": configuration.path])
        #expect(missing.status == 2)
        #expect(
            missing.stderr.contains(
                "'earshot_missing' is defined in ALSA's configuration, but what it opens (a card, a file, a sound "
                    + "server) is not there"), "\(missing.stderr)")
        // A PCM that takes arguments has no hint, so ALSA does not list it: the tests' file device, its file missing.
        let noFile = ALSAFileDevice.name(file: "/nonexistent/earshot/call.raw")
        let unlisted = try EarshotProcess.run(
            ["live", "--device", noFile, "--duration", "1"], environment: ALSAFileDevice.environment)
        #expect(unlisted.status == 2)
        #expect(
            unlisted.stderr.contains("'\(noFile)' is defined in ALSA's configuration, but what it opens"),
            "\(unlisted.stderr)")
        let unknown = try EarshotProcess.run(
            ["live", "--device", "nosuchdevice", "--duration", "1"], environment: ALSAFileDevice.environment)
        #expect(!unknown.stderr.contains("is defined in ALSA's configuration"), "\(unknown.stderr)")

        let unreadable = try EarshotProcess.run(
            ["live", "--device", "earshot_missing", "--duration", "1"],
            environment: ["ALSA_CONFIG_PATH": "/nonexistent/earshot/asound.conf"])
        #expect(unreadable.status == 2)
        #expect(
            unreadable.stderr.contains(
                "ALSA_CONFIG_PATH names '/nonexistent/earshot/asound.conf', which cannot be read"),
            "\(unreadable.stderr)")
        // `earshot devices` says so too: its list is ALSA's built-in devices only.
        let listed = try EarshotProcess.run(
            ["devices"], environment: ["ALSA_CONFIG_PATH": "/nonexistent/earshot/asound.conf"])
        #expect(listed.status == 0 && listed.stdout.contains("Capture PCMs"), "\(listed.stderr)")
        #expect(
            listed.stderr.contains("warning: ALSA_CONFIG_PATH names '/nonexistent/earshot/asound.conf'"),
            "\(listed.stderr)")
    }

    @Test("a file device without --duration is said to deliver faster than real time, with the fix")
    func fileWithoutDuration() throws {
        let (stereo, _, _, _) = try ALSAFileDevice.rawFiles("call-01-calm")
        // SIGTERM after 2 s (the warning comes within a second: the device runs far ahead of the clock at once).
        let result = try EarshotProcess.run(
            ["live", "--device", ALSAFileDevice.name(file: stereo), "--rate", "8000", "--json"],
            environment: ALSAFileDevice.environment, timeLimit: 2)
        #expect(
            result.stderr.contains(
                "capture device '\(ALSAFileDevice.name(file: stereo))' delivers faster than real time"),
            "\(result.stderr)")
        #expect(result.stderr.contains("give --duration the file's length"))
        #expect(result.status == 0, "\(result.stderr)")
        // Its audio came far faster than the ring could pass on: what was dropped past the session's own length is
        // not lost capture, and the closing warning does not say it is.
        #expect(result.stderr.contains("of captured audio was dropped on a full ring"), "\(result.stderr)")
        #expect(!result.stderr.contains("the report has it as lost capture"), "\(result.stderr)")
        #expect(result.stderr.contains("gave more than the session's length"), "\(result.stderr)")
    }

    @Test("a one-channel device opened as stereo names the fix, quoted so ALSA reads it, and the fix works")
    func monoDevice() throws {
        let (_, agent, _, _) = try ALSAFileDevice.rawFiles("call-02-interruptions")
        let device = "earshot_file_mono:FILE=\(agent)"
        let refused = try EarshotProcess.run(
            ["live", "--device", device, "--duration", "1"], environment: ALSAFileDevice.environment)
        #expect(refused.status == 2)
        let advice = "plug:\"\(device)\""
        #expect(refused.stderr.contains("use '\(advice)'"), "\(refused.stderr)")
        let plugged = try EarshotProcess.run(
            ["live", "--device", advice, "--rate", "8000", "--duration", "1", "--json"],
            environment: ALSAFileDevice.environment)
        #expect(plugged.status == 0, "\(plugged.stderr)")
    }
}
