import Foundation
import Testing

@testable import earshot

/// The live view as a terminal shows it: the tool runs under `script`, which gives it a pseudo-terminal,
/// and every frame it draws is read back from what it wrote.
@Suite("The terminal view")
struct TerminalViewTests {
    /// The frames drawn by `earshot replay --speed max FILE` on a terminal, each as its lines (no colour).
    static func frames(replaying file: String, columns: Int = 120, rows: Int = 40) throws -> [[String]] {
        let command =
            "stty cols \(columns) rows \(rows); '\(EarshotProcess.binary.path)' replay --speed max '\(file)'"
        let result = try EarshotProcess.onTerminal(command)
        #expect(result.status == 0, "\(result.stderr)")
        // A frame after the first starts by moving the cursor up over the last one; each line clears its row.
        let text = result.stdout.replacingOccurrences(of: "\r", with: "")
        let view = text.components(separatedBy: "\n\n").first ?? text  // the closing report follows a blank line
        return view.split(separator: try Regex("\u{1B}\\[[0-9]+A")).map { frame in
            frame.components(separatedBy: "\u{1B}[2K").dropFirst().map { $0.trimmingCharacters(in: .newlines) }
        }
    }

    @Test("TERM=dumb gets plain lines, a C locale ASCII, --bell rings at most once in 2 s")
    func plainTerminals() throws {
        let file = EarshotProcess.sample("call-02-interruptions.wav")
        let run = { (environment: [String: String], options: String) in
            try EarshotProcess.onTerminal(
                "'\(EarshotProcess.binary.path)' replay --speed max \(options) '\(file)'", environment: environment,
                colour: environment["NO_COLOR"] == nil)
        }
        let dumb = try run(["TERM": "dumb", "NO_COLOR": "1"], "")
        #expect(dumb.status == 0 && !dumb.stdout.contains("\u{1B}["), "\(dumb.stdout.prefix(300))")
        let ascii = try run(["LC_ALL": "C", "NO_COLOR": "1"], "")
        #expect(ascii.status == 0 && ascii.stdout.contains("agent share  call"))
        #expect(ascii.stdout.contains(" % [") || ascii.stdout.contains("- % ["))
        #expect(!ascii.stdout.contains("●") && !ascii.stdout.contains("█") && !ascii.stdout.contains("░"))
        // Five alerts, 42 s of media apart at most, within a fraction of a second at full speed: one bell, or one
        // more per 2 s the replay took on a loaded machine.
        let started = Date()
        let bell = try run(["LC_ALL": "C.UTF-8"], "--bell")
        let bells = bell.stdout.filter { $0 == "\u{07}" }.count
        #expect(bells >= 1 && bells <= 1 + Int(Date().timeIntervalSince(started) / 2), "\(bells) bells")
    }

    @Test("an --on-alert command's output is shown above the view, which is drawn again below it")
    func alertCommandOutput() throws {
        let file = EarshotProcess.sample("call-02-interruptions.wav")
        let command =
            "'\(EarshotProcess.binary.path)' replay --speed max --on-alert 'echo OUT; echo ERR >&2' '\(file)'"
        let result = try EarshotProcess.onTerminal(command)
        #expect(result.status == 0, "\(result.stderr)")
        let alerts =
            try EarshotProcess.run(["analyze", "--format", "json", file]).stdout.components(
                separatedBy: "\"rule\""
            ).count - 1
        try #require(alerts > 0)
        // Each line: up over the frame, clear below, the line; then the frame again (not drawn over the line).
        let shown = try Regex("\u{1B}\\[[0-9]+A\u{1B}\\[Jon-alert: (OUT|ERR)")
        #expect(result.stdout.matches(of: shown).count == 2 * alerts, "\(result.stdout.suffix(400))")
        #expect(!result.stderr.contains("OUT"))
    }

    @Test("a live session's own warnings (a device that stalls) are shown above the view, not drawn over")
    func liveWarningAboveView() throws {
        let (fifo, report, writer) = try ALSAFileDevice.hungDevice("hung-view")
        defer { close(writer) }
        let command =
            "'\(EarshotProcess.binary.path)' live --device '\(ALSAFileDevice.name(file: fifo))' --rate 8000 --duration 3 "
            + "--report '\(report)'"
        let result = try EarshotProcess.onTerminal(command, environment: ALSAFileDevice.environment)
        #expect(result.status == 0, "\(result.stdout.suffix(400))")
        // Up over the frame, clear below, the whole warning (the terminal wraps it); written straight to the
        // terminal it had no such prefix and the next frame was drawn over it.
        let shown = try Regex(
            "\u{1B}\\[[0-9]+A\u{1B}\\[Jearshot: warning: capture device '[^']*' has delivered nothing for 2 s "
                + "\\(a sound server that hangs\\?\\)")
        #expect(result.stdout.contains(shown), "\(result.stdout.suffix(600))")
        // The view itself says so while it lasts (the warning above it scrolls away in a long shift).
        // First on its line, which a narrow terminal cuts at the end.
        #expect(result.stdout.contains("capture: NO AUDIO for 2 s  overruns"), "\(result.stdout.suffix(600))")
        // Nobody is shown speaking while no audio comes (call-01's agent talks from 0.8 s to 2.8 s, across the
        // second after which the device gives nothing): the frame's header line, drawn before its capture line.
        let noAudio = try #require(result.stdout.range(of: "capture: NO AUDIO for 2 s"))
        let header = try #require(
            result.stdout[..<noAudio.lowerBound].split(whereSeparator: \.isNewline).last { $0.contains("earshot  ") })
        #expect(header.contains("agent") && !header.contains("speaking"), "\(header)")
        let times = result.stdout.components(separatedBy: "has delivered nothing for 2 s").count - 1
        #expect(times == 1, "shown once, not also on stderr (the same terminal)")
        // With stderr sent elsewhere (a shift's log), it is written there too.
        let log = Scratch.url("hung-view.log").path
        let logged = try EarshotProcess.onTerminal(command + " 2> '\(log)'", environment: ALSAFileDevice.environment)
        #expect(logged.status == 0, "\(logged.stdout.suffix(400))")
        #expect(logged.stdout.contains(shown), "\(logged.stdout.suffix(600))")
        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(text.contains("has delivered nothing for 2 s"), "\(text)")
    }

    @Test("closing the terminal ends a replay as Ctrl-C does: its report written, exit 0; the hangup may come twice")
    func terminalClosed() throws {
        for hangups in [1, 2] {
            let report = Scratch.url("terminal-closed-\(hangups).json").path
            try? FileManager.default.removeItem(atPath: report)
            // A pseudo-terminal whose session the tool leads (`setsid -c`; `-w` waits for it and exits with its
            // status), as a terminal window's shell would.
            // Linux's unlockpt and ptsname (TIOCSPTLCK, TIOCGPTN: macros Swift does not import).
            let (unlockRequest, numberRequest): (UInt, UInt) = (0x4004_5431, 0x8004_5430)
            let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
            var unlock: Int32 = 0
            var number: UInt32 = 0
            try #require(
                master >= 0 && ioctl(master, unlockRequest, &unlock) == 0 && ioctl(master, numberRequest, &number) == 0)
            let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
            try #require(slave >= 0)
            let process = EarshotProcess.prepare(
                [
                    "-w", "-c", EarshotProcess.binary.path, "replay", "--report", report,
                    EarshotProcess.sample("call-02-interruptions.wav"),
                ], executable: URL(fileURLWithPath: "/usr/bin/setsid"))
            let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
            (process.standardInput, process.standardOutput, process.standardError) = (terminal, terminal, terminal)
            try process.run()
            try terminal.close()
            // The first frame of the view, then the window closes: the kernel hangs up the session.
            var poll = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            #expect(Glibc.poll(&poll, 1, 10_000) == 1, "no view drawn in 10 s")
            var buffer = [UInt8](repeating: 0, count: 4_096)
            _ = read(master, &buffer, buffer.count)
            if hangups == 2 {
                // A shell passes its hangup on to its jobs, then the kernel sends the foreground group another:
                // not a second stop signal, which would end the process at once without its report. The first
                // is sent to the session's leader (the tool) and taken before the window closes.
                kill(tcgetsid(master), SIGHUP)
                var seen = ""
                while !seen.contains("stopping"), Glibc.poll(&poll, 1, 10_000) == 1 {
                    let count = read(master, &buffer, buffer.count)
                    if count <= 0 { break }
                    seen += String(decoding: buffer[0..<count], as: UTF8.self)
                }
                #expect(seen.contains("earshot: stopping"), "\(seen)")
            }
            close(master)
            process.waitUntilExit()
            #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(hangups) hangup(s)")
            let object = try JSONFile.object(at: report)
            let duration = try #require(object["duration_s"] as? Double)
            #expect(duration > 0 && duration < 30, "stopped after \(duration) s of the 62 s call")
        }
    }

    @Test("a small terminal: every frame fits its height, and the first line keeps both parties' state")
    func smallTerminal() throws {
        let frames = try Self.frames(
            replaying: EarshotProcess.sample("call-02-interruptions.wav"), columns: 40, rows: 8)
        #expect(frames.count > 5)
        for frame in frames {
            // A frame taller than the terminal scrolls its top away, and the next redraw leaves it behind.
            #expect(frame.count <= 7, "\(frame)")
            let first = try #require(frame.first)
            #expect(first.contains("agent") && first.contains("customer") && first.count <= 39, "\(first)")
        }
        let roomy = try Self.frames(replaying: EarshotProcess.sample("call-02-interruptions.wav"))
        #expect(roomy.allSatisfy { $0.first?.hasPrefix("earshot  ") == true }, "\(roomy.first ?? [])")
    }

    @Test("until the call is as long as the dominance window (2 min), the recent share is the call's share")
    func recentShareEarly() throws {
        let frames = try Self.frames(replaying: EarshotProcess.sample("call-02-interruptions.wav"))
        let bars = frames.map { frame in
            frame.filter { $0.hasPrefix("agent share  call") || $0.hasPrefix("             recent") }
                .map { $0.split(separator: "[").first.map(String.init) ?? "" }  // "agent share  call    48 % "
        }
        #expect(bars.contains { $0.first?.hasSuffix("% ") == true }, "some frame has a share")
        for pair in bars {
            // The figures after each row's label.
            let figures = pair.map {
                $0.replacingOccurrences(of: "agent share  call", with: "").trimmingCharacters(in: .whitespaces)
            }
            #expect(
                pair.count == 2
                    && figures[0]
                        == figures[1].replacingOccurrences(of: "recent", with: "").trimmingCharacters(in: .whitespaces),
                "\(pair)")
        }
    }

    @Test("a muted customer channel is said in the view once 30 s have shown it, and not before")
    func unheardCustomer() throws {
        let muted = Scratch.url("terminal-muted.wav").path
        try SampleAudio.mutedCustomer("call-02-interruptions.wav", to: muted)
        let frames = try Self.frames(replaying: muted)
        let warning = "customer channel: no speech heard so far (muted, or the wrong device?)"
        let said = frames.filter { frame in frame.contains { $0.hasPrefix(warning) } }
        // At --speed max the view is drawn a few times a second of the wall clock: a few frames in all.
        #expect(!said.isEmpty && said.count < frames.count, "\(said.count) of \(frames.count)")
        let first = try #require(frames.firstIndex { frame in frame.contains { $0.hasPrefix(warning) } })
        #expect(frames[first...].allSatisfy { frame in frame.contains { $0.hasPrefix(warning) } })
        let clock = try #require(frames[first].first?.split(separator: " ").dropFirst().first)
        #expect(clock >= "0:30.", "first said at \(clock)")
        let heard = try Self.frames(replaying: EarshotProcess.sample("call-02-interruptions.wav"))
        #expect(!heard.contains { frame in frame.contains { $0.contains("no speech heard") } })
    }

    @Test("on a narrow terminal every line fits, so a redraw covers the last frame, and nothing is lost: lines go on")
    func narrowTerminal() throws {
        for columns in [30, 40, 45, 50, 60] {
            let frames = try Self.frames(
                replaying: EarshotProcess.sample("call-02-interruptions.wav"), columns: columns)
            #expect(frames.count > 3)
            for frame in frames {
                #expect(frame.allSatisfy { $0.count < columns }, "\(frame.filter { $0.count >= columns })")
            }
            // The last frame still has every figure and each alert's whole advice (call-02's agent cuts in three
            // times), over more lines; the share bars are drawn shorter, whole.
            let last = try #require(frames.last)
            let text = last.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            #expect(text.contains(try Regex("customer [0-9]+ +silence gaps [0-9]+ +backchannels")), "\(last)")
            #expect(text.contains(try Regex("backchannels +agent [0-9]+ +customer [0-9]+")), "\(last)")
            #expect(text.contains("agent_interrupts: you cut in on the customer"), "\(last)")
            // The customer talks at the end; the closing frame, drawn when the call has ended, does not time it
            // (TerminalViewLayoutTests.customerTimer).
            #expect(!text.contains("without a word from you"), "\(last)")
            // A label and its figure stay on one line (at 45 columns "silence" once ended a line, "gaps 1" began the next).
            let gaps = try Regex("silence gaps [0-9]+")
            #expect(last.contains { $0.contains(gaps) }, "\(last)")
            let bars = last.filter { $0.contains(" % [") }
            #expect(bars.count == 2 && bars.allSatisfy { $0.hasSuffix("]") }, "\(bars)")
        }
        let wide = try #require(try Self.frames(replaying: EarshotProcess.sample("call-02-interruptions.wav")).last)
        #expect(wide.contains { $0.contains("agent_interrupts since ") && $0.hasSuffix("you cut in on the customer") })
    }
}
