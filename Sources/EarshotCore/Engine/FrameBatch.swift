/// The frames of a block analysed and not yet decided, at most `capacity`: each channel's features, then what
/// the detectors decided for them. The engine takes a block's frames through each stage a batch at a time
/// (analysis, then the detectors, then the conversation analysis), each stage in frame order: the same
/// arithmetic as frame by frame, with less code to keep in the instruction cache at a time. Storage is
/// allocated in `init`; every method is real-time safe.
final class FrameBatch {
    /// What the detectors decided for one frame (`nil` while a detector's look-ahead holds it back), and
    /// whether each channel's current spurt is its talker's own voice and was heard near their level.
    typealias Decisions = (raw: (Bool?, Bool?), foreground: (Bool, Bool), nodLevel: (Bool, Bool))

    /// Frames a batch holds, at most.
    static let capacity = 8
    /// Frames analysed into the batch; slot `i` (`0..<count`) is the `i`-th oldest. (Used by one thread at a
    /// time, the engine's; no runtime exclusivity checks.)
    @exclusivity(unchecked) private(set) var count = 0
    /// Each slot's features, [slot][channel].
    private let features: UnsafeMutablePointer<FrameFeatures>
    private let decisions: UnsafeMutablePointer<Decisions>

    init() {
        features = .allocate(capacity: Self.capacity * 2)
        features.initialize(repeating: FrameFeatures(energyDB: 0), count: Self.capacity * 2)
        decisions = .allocate(capacity: Self.capacity)
        decisions.initialize(repeating: ((nil, nil), (false, false), (false, false)), count: Self.capacity)
    }

    deinit {
        features.deallocate()
        decisions.deallocate()
    }

    /// Whether the batch holds `capacity` frames.
    var isFull: Bool { count == Self.capacity }

    /// Keeps the features of `channel` (0 or 1) in the next free slot; `commit()` then adds that slot.
    @inline(__always)
    func store(_ frame: FrameFeatures, channel: Int) {
        precondition(count < Self.capacity && (channel == 0 || channel == 1), "batch full or no such channel")
        features[count * 2 + channel] = frame
    }

    /// Adds the slot whose features were stored.
    @inline(__always)
    func commit() { count += 1 }

    /// The features of `channel` in `slot`.
    @inline(__always)
    func features(slot: Int, channel: Int) -> FrameFeatures {
        precondition(slot < count && (channel == 0 || channel == 1), "no such slot or channel")
        return features[slot * 2 + channel]
    }

    /// What the detectors decided for `slot`.
    @inline(__always)
    func decisions(slot: Int) -> Decisions {
        precondition(slot < count, "no such slot")
        return decisions[slot]
    }

    /// Keeps what the detectors decided for `slot`.
    @inline(__always)
    func setDecisions(_ decided: Decisions, slot: Int) {
        precondition(slot < count, "no such slot")
        decisions[slot] = decided
    }

    /// Empties the batch.
    @inline(__always)
    func removeAll() { count = 0 }
}
