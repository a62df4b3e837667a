/// The detector's decisions for the frames that are not final yet (the newest `PauseBridger.delayFrames`
/// frames), so alert rules can look at the present instead of waiting for the bridge.
///
/// Only speech in spurts already long enough to count is held as speech: that is speech whatever the
/// bridging decides later, so counts taken here are lower bounds of the final ones. Fixed-size ring;
/// real-time safe.
public struct RecentActivity: ~Copyable {
    private let flags: UnsafeMutablePointer<UInt8>
    private let mask: Int
    private var oldest = 0
    /// Frames held.
    public private(set) var count = 0
    /// Frames held in which the agent / the customer speaks.
    public private(set) var agentFrames = 0
    /// Frames held in which the customer speaks.
    public private(set) var customerFrames = 0

    /// An empty record of recent frames.
    /// - Parameter capacity: the most frames held.
    public init(capacity: Int) {
        var size = 1
        while size < capacity + 1 { size <<= 1 }
        mask = size - 1
        flags = .allocate(capacity: size)
        flags.initialize(repeating: 0, count: size)
    }

    deinit { flags.deallocate() }

    /// Adds the newest frame's decisions.
    /// - Parameters:
    ///   - agent: whether the agent speaks in the frame.
    ///   - customer: whether the customer speaks in the frame.
    public mutating func push(agent: Bool, customer: Bool) {
        precondition(count <= mask, "recent activity overflow")
        flags[(oldest + count) & mask] = (agent ? 1 : 0) | (customer ? 2 : 0)
        count += 1
        if agent { agentFrames += 1 }
        if customer { customerFrames += 1 }
    }

    /// Drops the oldest frame (it has become final).
    public mutating func popOldest() {
        guard count > 0 else { return }
        let old = flags[oldest]
        agentFrames -= Int(old & 1)
        customerFrames -= Int(old >> 1)
        oldest = (oldest + 1) & mask
        count -= 1
    }
}
