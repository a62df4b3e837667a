import Foundation
import Synchronization

/// Set by SIGINT or SIGTERM; the session loops poll it and end cleanly, still writing their report. A second
/// signal ends the process at once (the default action), for a session stuck where it cannot poll.
enum StopSignal {
    static let requested = Atomic<Bool>(false)
    /// Stop signals received so far.
    static let received = Atomic<Int>(0)

    /// Installs the handlers (they only update atomics, or restore and re-raise: async-signal-safe).
    static func install() {
        // Statics are initialised lazily on first use; touch both here, so the handler never runs an
        // initialiser (not async-signal-safe).
        _ = requested.load(ordering: .relaxed)
        _ = received.load(ordering: .relaxed)
        let handler: @convention(c) (Int32) -> Void = { signal in
            if StopSignal.received.add(1, ordering: .relaxed).oldValue > 0 {
                Glibc.signal(signal, SIG_DFL)
                raise(signal)
            }
            StopSignal.requested.store(true, ordering: .relaxed)
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
        // A parent may have started us with these blocked (the mask is inherited): unblock them.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    static var isRequested: Bool { requested.load(ordering: .relaxed) }
}
