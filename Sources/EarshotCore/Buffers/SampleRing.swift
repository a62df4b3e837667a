import Synchronization

/// A single-producer, single-consumer ring of interleaved samples: the capture thread writes, the engine
/// reads, neither locks nor waits.
///
/// Capacity is a power of two. Indices are monotonically increasing counters published with
/// release/acquire ordering. A full ring never blocks the producer: `write` stores what fits and
/// returns how much it dropped, so the caller can count the overrun and flag the next block.
public final class SampleRing: @unchecked Sendable {
    /// Samples the ring holds at most.
    public let capacity: Int
    /// Samples per interleaved frame: reads and writes move whole frames only.
    public let frameSize: Int
    private let mask: Int
    private let storage: UnsafeMutablePointer<Float>
    private let writeIndex = Atomic<Int>(0)
    private let readIndex = Atomic<Int>(0)

    /// An empty ring; all its storage is allocated here.
    /// - Parameters:
    ///   - minimumCapacity: samples to hold at least (rounded up to a power of two).
    ///   - frameSize: samples per interleaved frame (the channel count).
    public init(minimumCapacity: Int, frameSize: Int = 1) {
        precondition(frameSize >= 1)
        var size = 1
        while size < max(2, minimumCapacity) { size <<= 1 }
        capacity = size
        self.frameSize = frameSize
        mask = size - 1
        storage = .allocate(capacity: size)
        storage.initialize(repeating: 0, count: size)
    }

    deinit { storage.deallocate() }

    /// Samples ready to read (consumer side).
    public var available: Int {
        writeIndex.load(ordering: .acquiring) - readIndex.load(ordering: .relaxed)
    }

    /// Producer: copies as many of `samples` as fit and returns how many were dropped. Never blocks.
    /// Real-time safe.
    /// - Parameter samples: whole frames of `frameSize` interleaved samples.
    /// - Returns: samples dropped because the ring was full (0 when all fit).
    @discardableResult
    public func write(_ samples: UnsafeBufferPointer<Float>) -> Int {
        let write = writeIndex.load(ordering: .relaxed)
        let read = readIndex.load(ordering: .acquiring)
        let room = capacity - (write - read)
        let count = min(room, samples.count) / frameSize * frameSize
        guard count > 0, let base = samples.baseAddress else { return samples.count - count }
        let start = write & mask
        let first = min(count, capacity - start)
        (storage + start).update(from: base, count: first)
        if first < count { storage.update(from: base + first, count: count - first) }
        writeIndex.store(write + count, ordering: .releasing)
        return samples.count - count
    }

    /// Consumer: copies up to `destination.count` samples out and returns how many. Never blocks.
    /// Real-time safe.
    /// - Parameter destination: caller-owned storage; filled from its start with whole frames.
    /// - Returns: samples copied (a multiple of `frameSize`; 0 when the ring is empty).
    public func read(into destination: UnsafeMutableBufferPointer<Float>) -> Int {
        let read = readIndex.load(ordering: .relaxed)
        let write = writeIndex.load(ordering: .acquiring)
        let count = min(write - read, destination.count) / frameSize * frameSize
        guard count > 0, let base = destination.baseAddress else { return 0 }
        let start = read & mask
        let first = min(count, capacity - start)
        base.update(from: storage + start, count: first)
        if first < count { (base + first).update(from: storage, count: count - first) }
        readIndex.store(read + count, ordering: .releasing)
        return count
    }
}
