import Foundation
import Synchronization

/// Set by SIGINT or SIGTERM; the session loops poll it and end cleanly, still writing their report.
enum StopSignal {
    static let requested = Atomic<Bool>(false)

    /// Installs the handlers (the handler only stores the flag: async-signal-safe).
    static func install() {
        signal(SIGINT) { _ in StopSignal.requested.store(true, ordering: .relaxed) }
        signal(SIGTERM) { _ in StopSignal.requested.store(true, ordering: .relaxed) }
        // A parent may have started us with these blocked (the mask is inherited): unblock them.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    static var isRequested: Bool { requested.load(ordering: .relaxed) }
}
