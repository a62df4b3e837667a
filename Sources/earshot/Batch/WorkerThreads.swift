import Glibc

/// A fixed number of threads of the batch's own, each running the same loop: `--jobs N` files at once whatever the
/// core count (GCD's `concurrentPerform` runs at most as many as there are cores, so `--jobs 8` on a 2-core machine
/// reading a network share would wait on two files at a time).
enum WorkerThreads {
    /// The most threads `--jobs` may ask for: each holds an engine and a file open.
    static let most = 256

    /// Starts a thread running `work`; false when the system refuses one (a process or memory limit).
    typealias Starter = (_ work: @escaping @Sendable () -> Void) -> pthread_t?

    /// Runs `body` on `count` workers at once (1 ... `most`), each given its index: worker 0 on the calling thread,
    /// the others on threads of their own. Returns when all are done, with the number that ran: fewer than asked
    /// when the system would not start more threads (a per-user process limit, a container's): those that run
    /// then do the work, rather than the batch waiting for a thread that never started.
    @discardableResult
    static func run(count: Int, start: Starter = startThread, _ body: @escaping @Sendable (Int) -> Void) -> Int {
        var threads: [pthread_t] = []
        for index in 1..<max(1, min(count, most)) {
            guard let thread = start({ body(index) }) else { break }
            threads.append(thread)
        }
        body(0)
        for thread in threads { pthread_join(thread, nil) }
        return threads.count + 1
    }

    /// A joinable POSIX thread running `work`, or nil when `pthread_create` fails.
    static func startThread(_ work: @escaping @Sendable () -> Void) -> pthread_t? {
        let box = Unmanaged.passRetained(Work(work))
        var thread = pthread_t()
        let result = pthread_create(
            &thread, nil,
            { raw in
                guard let raw else { return nil }
                Unmanaged<Work>.fromOpaque(raw).takeRetainedValue().run()
                return nil
            }, box.toOpaque())
        guard result == 0 else {
            box.release()
            return nil
        }
        return thread
    }

    /// A closure kept alive for the thread that runs it.
    private final class Work: @unchecked Sendable {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }
}
