import Foundation

/// A fixed number of threads of the batch's own, each running the same loop: `--jobs N` files at once whatever the
/// core count (GCD's `concurrentPerform` runs at most as many as there are cores, so `--jobs 8` on a 2-core machine
/// reading a network share would wait on two files at a time).
enum WorkerThreads {
    /// The most threads `--jobs` may ask for: each holds an engine and a file open.
    static let most = 256

    /// Runs `body` on `count` threads at once (1 ... `most`), each given its index, and returns when all are done.
    static func run(count: Int, named name: String, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for index in 0..<max(1, min(count, most)) {
            group.enter()
            let thread = Thread {
                body(index)
                group.leave()
            }
            thread.name = "\(name) \(index + 1)"
            thread.start()
        }
        group.wait()
    }
}
