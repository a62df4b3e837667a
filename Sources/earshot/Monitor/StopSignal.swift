import Foundation
import Synchronization

/// Set by SIGINT, SIGTERM or SIGHUP (the terminal closed, an SSH link dropped), or by a standard output that
/// failed; the session loops poll it and end cleanly, still writing their report. A second signal (not a repeated
/// SIGHUP) says so on stderr and ends the process at once (the default action), for a session stuck where it cannot
/// poll. SIGHUP is left alone when it was ignored at the start (`nohup`).
enum StopSignal {
    static let requested = Atomic<Bool>(false)
    /// Stop signals received so far.
    static let received = Atomic<Int>(0)
    /// Whether SIGHUP came (the terminal is gone); a repeated one is not a second stop signal.
    static let hungUp = Atomic<Bool>(false)

    /// What a second signal ends without.
    enum Unfinished {
        case report
        case tables
    }

    /// The lines a second signal writes; `endsBatch` picks the batch's (read in the handler: fixed at install), and
    /// `reportWritten` the one of a session whose report is already on disk (its output still being written).
    private static let secondSignalReportLine: StaticString =
        "earshot: a second stop signal: ending at once, without the report\n"
    private static let secondSignalAfterReportLine: StaticString =
        "earshot: a second stop signal: ending at once (the report was written)\n"
    /// Set once a session's `--report` file is written whole: a second signal then ends only the output.
    private static let reportWritten = Atomic<Bool>(false)
    private static let secondSignalTablesLine: StaticString =
        "earshot: a second stop signal: ending at once, without the tables (--resume goes on later)\n"
    private static let endsBatch = Atomic<Bool>(false)
    /// Whether stderr is a terminal: the line then starts on a line of its own, after the "^C" the terminal echoed.
    private static let breakLineFirst = Atomic<Bool>(false)
    private static let lineBreak: StaticString = "\n"

    /// Installs the handlers (they only update atomics, or write a fixed line and restore and re-raise:
    /// async-signal-safe). `unfinished`: what a second signal ends without, for its line.
    static func install(unfinished: Unfinished = .report) {
        endsBatch.store(unfinished == .tables, ordering: .relaxed)
        breakLineFirst.store(isatty(STDERR_FILENO) == 1, ordering: .relaxed)
        // Statics are initialised lazily on first use; touch them here, so the handler never runs an
        // initialiser (not async-signal-safe).
        _ = requested.load(ordering: .relaxed)
        _ = received.load(ordering: .relaxed)
        _ = hungUp.load(ordering: .relaxed)
        _ = endsBatch.load(ordering: .relaxed)
        _ = reportWritten.load(ordering: .relaxed)
        _ = (firstSender.load(ordering: .relaxed), firstSentAt.load(ordering: .relaxed), echoSeconds)
        _ = (secondSignalReportLine, secondSignalAfterReportLine, secondSignalTablesLine, lineBreak)
        let handler: @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void = {
            signal, info, _ in
            // A closed terminal's hangup comes more than once (the shell passes its own on to its jobs, the kernel
            // sends the foreground group another): nobody is left to ask twice, so only the first one counts.
            if signal == SIGHUP && StopSignal.hungUp.exchange(true, ordering: .relaxed) { return }
            if StopSignal.isEcho(signal, info) { return }
            if StopSignal.received.add(1, ordering: .relaxed).oldValue > 0 {
                // A string literal's bytes are static: no allocation here.
                let line =
                    StopSignal.endsBatch.load(ordering: .relaxed)
                    ? StopSignal.secondSignalTablesLine
                    : StopSignal.reportWritten.load(ordering: .relaxed)
                        ? StopSignal.secondSignalAfterReportLine : StopSignal.secondSignalReportLine
                if StopSignal.breakLineFirst.load(ordering: .relaxed) {
                    _ = write(STDERR_FILENO, StopSignal.lineBreak.utf8Start, StopSignal.lineBreak.utf8CodeUnitCount)
                }
                _ = write(STDERR_FILENO, line.utf8Start, line.utf8CodeUnitCount)
                Glibc.signal(signal, SIG_DFL)
                raise(signal)
            }
            StopSignal.requested.store(true, ordering: .relaxed)
        }
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = handler
        action.sa_flags = SA_SIGINFO | SA_RESTART  // as signal(3) installed it: reads and writes go on after it
        sigemptyset(&action.sa_mask)
        let signals = stopSignals()
        for stop in signals { sigaction(stop, &action, nil) }
        unblock(signals)
    }

    /// The signals that stop Earshot: SIGINT, SIGTERM, and SIGHUP unless it was ignored at the start (`nohup`).
    private static func stopSignals() -> [Int32] {
        var hangup = sigaction()
        let ignored =
            sigaction(SIGHUP, nil, &hangup) == 0
            && unsafeBitCast(hangup.__sigaction_handler.sa_handler, to: Int.self)
                == unsafeBitCast(SIG_IGN, to: Int.self)
        return [SIGINT, SIGTERM] + (ignored ? [] : [SIGHUP])
    }

    /// A parent may have started us with `signals` blocked (the mask is inherited): unblocks them.
    private static func unblock(_ signals: [Int32]) {
        var set = sigset_t()
        sigemptyset(&set)
        for stop in signals { sigaddset(&set, stop) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    private static let beforeDeviceLine: StaticString =
        "earshot: stopped while the capture device was opening: no session, no report\n"

    /// Until `install()`: a stop signal says that no session ran, and ends the process as the signal does (128 plus
    /// its number), for a capture device whose opening hangs (a sound server that does not answer, a FIFO nobody
    /// writes). Async-signal-safe, as `install`'s.
    static func installBeforeDevice() {
        breakLineFirst.store(isatty(STDERR_FILENO) == 1, ordering: .relaxed)
        _ = (beforeDeviceLine, lineBreak)
        let handler: @convention(c) (Int32) -> Void = { signal in
            if StopSignal.breakLineFirst.load(ordering: .relaxed) {
                _ = write(STDERR_FILENO, StopSignal.lineBreak.utf8Start, StopSignal.lineBreak.utf8CodeUnitCount)
            }
            let line = StopSignal.beforeDeviceLine
            _ = write(STDERR_FILENO, line.utf8Start, line.utf8CodeUnitCount)
            Glibc.signal(signal, SIG_DFL)
            raise(signal)
        }
        let signals = stopSignals()
        for stop in signals { Glibc.signal(stop, handler) }
        unblock(signals)
    }

    /// The first stop signal sent by a process (`kill`), and when: its sender and number, and the monotonic
    /// clock's nanoseconds then.
    private static let firstSender = Atomic<Int64>(0)
    private static let firstSentAt = Atomic<Int64>(0)

    /// Whether `signal` repeats the first stop signal rather than asking again: the same signal from the same
    /// process within `echoSeconds`. GNU `timeout` sends its SIGTERM to the process and then to its process group,
    /// so Earshot gets it twice, a moment apart; that is one request to stop, not a second one to end at once. A
    /// second Ctrl-C comes from the terminal (the kernel), never an echo. Async-signal-safe.
    private static func isEcho(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?) -> Bool {
        guard let info, info.pointee.si_code == SI_USER else { return false }
        let sender = Int64(info.pointee._sifields._kill.si_pid) << 8 | Int64(signal)
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let nanoseconds = Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
        if firstSender.compareExchange(expected: 0, desired: sender, ordering: .relaxed).exchanged {
            firstSentAt.store(nanoseconds, ordering: .relaxed)
            return false
        }
        return firstSender.load(ordering: .relaxed) == sender
            && nanoseconds - firstSentAt.load(ordering: .relaxed) < Int64(echoSeconds * 1e9)
    }

    /// How soon after the first a signal from the same sender is an echo of it.
    static let echoSeconds = 0.5

    /// Says that the session's report is written whole, for the line of a second signal.
    static func noteReportWritten() { reportWritten.store(true, ordering: .relaxed) }

    /// Whether the session was asked to stop (by a signal, or by a standard output that failed).
    static var isRequested: Bool { requested.load(ordering: .relaxed) }

    /// Whether a stop signal came (not only a failed standard output).
    static var wasSignalled: Bool { received.load(ordering: .relaxed) > 0 }
}
