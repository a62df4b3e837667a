import Foundation
import Testing

@testable import earshot

/// `--jobs N` runs N files at once, however many cores the machine has.
@Suite("Worker threads")
struct WorkerThreadsTests {
    @Test("every worker runs at once: more than the cores meet at a barrier none passes alone")
    func allAtOnce() {
        // Each worker waits (up to 20 s) until all have arrived: with fewer threads than workers (GCD's
        // concurrentPerform runs as many as there are cores) the last never arrives and every wait times out.
        let count = ProcessInfo.processInfo.activeProcessorCount * 3 + 1
        let barrier = Barrier(count: count)
        WorkerThreads.run(count: count, named: "test worker") { _ in barrier.arriveAndWait() }
        #expect(barrier.passed == count)
    }

    @Test("each index from 0 runs once; a count under 1 runs one, one over the most runs the most")
    func indexes() {
        for (asked, expected) in [(1, 1), (5, 5), (0, 1), (WorkerThreads.most + 1, WorkerThreads.most)] {
            let seen = Seen()
            WorkerThreads.run(count: asked, named: "test worker") { seen.add($0) }
            #expect(seen.sorted == Array(0..<expected), "\(asked)")
        }
    }
}

/// A barrier for `count` threads, counting those that got through it together.
private final class Barrier: @unchecked Sendable {
    private let condition = NSCondition()
    private let count: Int
    private var arrived = 0
    private(set) var passed = 0

    init(count: Int) { self.count = count }

    func arriveAndWait() {
        condition.lock()
        defer { condition.unlock() }
        arrived += 1
        condition.broadcast()
        let deadline = Date().addingTimeInterval(20)
        while arrived < count, condition.wait(until: deadline) {}
        if arrived == count { passed += 1 }
    }
}

/// The indexes the workers were given.
private final class Seen: @unchecked Sendable {
    private let lock = NSLock()
    private var indexes: [Int] = []

    func add(_ index: Int) { lock.withLock { indexes.append(index) } }
    var sorted: [Int] { lock.withLock { indexes.sorted() } }
}
