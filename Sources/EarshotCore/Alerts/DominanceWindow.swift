/// Sliding-window talk counts of both parties over the last `capacity` frames, in fixed storage.
public struct DominanceWindow: ~Copyable {
    private let flags: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var next = 0
    private var filled = 0
    /// Frames in the window in which the agent / the customer speaks.
    public private(set) var agentFrames = 0
    /// Frames in the window in which the customer speaks.
    public private(set) var customerFrames = 0

    /// An empty window.
    /// - Parameter capacity: window length in frames (> 0).
    public init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
        flags = .allocate(capacity: capacity)
        flags.initialize(repeating: 0, count: capacity)
    }

    deinit { flags.deallocate() }

    /// Adds one frame, dropping the oldest once the window is full. Real-time safe.
    /// - Parameters:
    ///   - agent: whether the agent speaks in the frame.
    ///   - customer: whether the customer speaks in the frame.
    @inline(__always)
    public mutating func push(agent: Bool, customer: Bool) {
        if filled == capacity {
            let old = flags[next]
            agentFrames -= Int(old & 1)
            customerFrames -= Int(old >> 1)
        } else {
            filled += 1
        }
        flags[next] = (agent ? 1 : 0) | (customer ? 2 : 0)
        if agent { agentFrames += 1 }
        if customer { customerFrames += 1 }
        next = next + 1 == capacity ? 0 : next + 1
    }

    /// Frames currently in the window.
    public var frameCount: Int { filled }
}
