import Foundation
import Synchronization

/// Set by SIGINT, SIGTERM or SIGHUP (the terminal closed, an SSH link dropped); the session loops poll it and end
/// cleanly, still writing their report. A second signal says so on stderr and ends the process at once (the
/// default action), for a session stuck where it cannot poll. SIGHUP is left alone when it was ignored at the
/// start (`nohup`).
enum StopSignal {
    static let requested = Atomic<Bool>(false)
    /// Stop signals received so far.
    static let received = Atomic<Int>(0)

    /// Installs the handlers (they only update atomics, or write a fixed line and restore and re-raise:
    /// async-signal-safe).
    static func install() {
        // Statics are initialised lazily on first use; touch both here, so the handler never runs an
        // initialiser (not async-signal-safe).
        _ = requested.load(ordering: .relaxed)
        _ = received.load(ordering: .relaxed)
        let handler: @convention(c) (Int32) -> Void = { signal in
            if StopSignal.received.add(1, ordering: .relaxed).oldValue > 0 {
                // A string literal's bytes are static: no allocation here.
                let line: StaticString = "\nearshot: a second stop signal: ending at once, without the report\n"
                _ = write(STDERR_FILENO, line.utf8Start, line.utf8CodeUnitCount)
                Glibc.signal(signal, SIG_DFL)
                raise(signal)
            }
            StopSignal.requested.store(true, ordering: .relaxed)
        }
        var signals = [SIGINT, SIGTERM]
        var hangup = sigaction()
        if sigaction(SIGHUP, nil, &hangup) == 0,
            unsafeBitCast(hangup.__sigaction_handler.sa_handler, to: Int.self) != unsafeBitCast(SIG_IGN, to: Int.self)
        {
            signals.append(SIGHUP)
        }
        var set = sigset_t()
        sigemptyset(&set)
        for stop in signals {
            signal(stop, handler)
            sigaddset(&set, stop)
        }
        // A parent may have started us with these blocked (the mask is inherited): unblock them.
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    static var isRequested: Bool { requested.load(ordering: .relaxed) }
}
