/// Turn-level figures computed from a finished call's segments: floor switches, response gaps and
/// the longest monologue of each party (definitions in docs/METRICS.md).
public struct TurnAnalysis: Sendable, Equatable {
    /// One party's run of floor segments, unbroken by a floor segment of the other.
    public struct Turn: Sendable, Equatable {
        public var role: Role
        public var startFrame: Int
        public var endFrame: Int
    }

    /// Turns in time order.
    public private(set) var turns: [Turn] = []
    /// Number of times the floor passed from one party to the other.
    public private(set) var switches = 0
    /// Frames from the end of each customer turn to the start of the next agent turn (0 when the
    /// agent started before the customer finished); none across lost capture (the answer went unheard).
    public private(set) var responseGapFrames: [Int] = []
    /// Longest monologue of each party in frames (0 when the party never held the floor).
    public private(set) var longestMonologueFrames: [Role: Int] = [.agent: 0, .customer: 0]

    /// - Parameters:
    ///   - segments: every segment of the call.
    ///   - isBackchannel: for each segment, whether it is a backchannel (same order).
    ///   - monologueMaxPauseFrames: a pause this long splits a monologue.
    ///   - lost: stretches of lost capture, in frames.
    public init(segments: [Segment], isBackchannel: [Bool], monologueMaxPauseFrames: Int, lost: [Range<Int>] = []) {
        precondition(segments.count == isBackchannel.count)
        let floor = zip(segments, isBackchannel).filter { !$0.1 }.map(\.0)
            .sorted { ($0.startFrame, $0.endFrame) < ($1.startFrame, $1.endFrame) }
        var pieceStart = [Role: Int]()
        var pieceEnd = [Role: Int]()
        for segment in floor {
            let role = segment.role
            if var last = turns.last, last.role == role {
                last.endFrame = max(last.endFrame, segment.endFrame)
                turns[turns.count - 1] = last
            } else {
                turns.append(Turn(role: role, startFrame: segment.startFrame, endFrame: segment.endFrame))
                pieceStart[role.other] = nil
            }
            if pieceStart[role] != nil, let end = pieceEnd[role], segment.startFrame - end < monologueMaxPauseFrames {
                pieceEnd[role] = max(end, segment.endFrame)
            } else {
                pieceStart[role] = segment.startFrame
                pieceEnd[role] = segment.endFrame
            }
            let length = pieceEnd[role]! - pieceStart[role]!
            longestMonologueFrames[role] = max(longestMonologueFrames[role] ?? 0, length)
        }
        switches = max(0, turns.count - 1)
        for (previous, next) in zip(turns, turns.dropFirst()) where previous.role == .customer && next.role == .agent {
            let gap = previous.endFrame..<max(previous.endFrame, next.startFrame)
            guard !lost.contains(where: { $0.overlaps(gap) }) else { continue }
            responseGapFrames.append(gap.count)
        }
    }
}
