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
        WorkerThreads.run(count: count) { _ in barrier.arriveAndWait() }
        #expect(barrier.passed == count)
    }

    @Test("each index from 0 runs once; a count under 1 runs one, one over the most runs the most")
    func indexes() {
        for (asked, expected) in [(1, 1), (5, 5), (0, 1), (WorkerThreads.most + 1, WorkerThreads.most)] {
            let seen = Seen()
            WorkerThreads.run(count: asked) { seen.add($0) }
            #expect(seen.sorted == Array(0..<expected), "\(asked)")
        }
    }
}

extension WorkerThreadsTests {
    @Test("threads the system will not start leave the work to those that did (one at least: the caller), no hang")
    func refusedThreads() {
        // A starter that starts two threads and then is refused, as pthread_create is under a process limit.
        let started = Seen()
        let seen = Seen()
        let ran = WorkerThreads.run(
            count: 6,
            start: { work in
                started.add(0)
                return started.sorted.count <= 2 ? WorkerThreads.startThread(work) : nil
            }
        ) { seen.add($0) }
        #expect(ran == 3)
        #expect(seen.sorted == [0, 1, 2])
        let none = Seen()
        #expect(WorkerThreads.run(count: 4, start: { _ in nil }) { none.add($0) } == 1)
        #expect(none.sorted == [0])
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
