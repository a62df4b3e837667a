import Synchronization

/// A single-producer, single-consumer queue of silence runs for a recording: each says how many frames of
/// zeros go in after how many frames of audio. Fixed capacity, allocated in `init`; neither side locks or waits.
final class SilenceRunQueue: @unchecked Sendable {
    /// A stretch of silence: `frames` zero frames after the first `afterAudioFrames` frames of audio.
    struct Run: Equatable, Sendable {
        let afterAudioFrames: Int
        let frames: Int
    }

    private let capacity: Int
    private let runs: UnsafeMutablePointer<Run>
    private let head = Atomic<Int>(0)
    private let tail = Atomic<Int>(0)

    /// - Parameter capacity: runs the queue holds at most.
    init(capacity: Int) {
        precondition(capacity >= 1)
        self.capacity = capacity
        runs = .allocate(capacity: capacity)
        runs.initialize(repeating: Run(afterAudioFrames: 0, frames: 0), count: capacity)
    }

    deinit { runs.deallocate() }

    /// Producer: adds a run; false when the queue is full. Real-time safe.
    func push(_ run: Run) -> Bool {
        let end = tail.load(ordering: .relaxed)
        guard end - head.load(ordering: .acquiring) < capacity else { return false }
        runs[end % capacity] = run
        tail.store(end + 1, ordering: .releasing)
        return true
    }

    /// Consumer: the oldest run, left in the queue.
    func peek() -> Run? {
        let start = head.load(ordering: .relaxed)
        guard start < tail.load(ordering: .acquiring) else { return nil }
        return runs[start % capacity]
    }

    /// Consumer: removes the oldest run.
    func pop() {
        let start = head.load(ordering: .relaxed)
        guard start < tail.load(ordering: .acquiring) else { return }
        head.store(start + 1, ordering: .releasing)
    }
}
