/// Turn-level figures computed from a finished call's segments: floor switches, response gaps and
/// the longest monologue of each party (definitions in docs/METRICS.md).
public struct TurnAnalysis: Sendable, Equatable {
    /// One party's run of floor segments, unbroken by a floor segment of the other.
    public struct Turn: Sendable, Equatable {
        /// Whose turn.
        public var role: Role
        /// First frame of its first segment.
        public var startFrame: Int
        /// First frame after its last segment.
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

    /// The turns and monologues of a whole call, from its segments.
    /// - Parameters:
    ///   - segments: every segment of the call.
    ///   - isBackchannel: for each segment, whether it is a backchannel (same order).
    ///   - monologueMaxPauseFrames: a pause this long splits a monologue.
    ///   - lost: stretches of lost capture, in frames.
    public init(segments: [Segment], isBackchannel: [Bool], monologueMaxPauseFrames: Int, lost: [Range<Int>] = []) {
        precondition(segments.count == isBackchannel.count)
        let floor = RunningFigures.ordered(segments.indices.filter { !isBackchannel[$0] }, in: segments).map {
            segments[$0]
        }
        var fold = TurnFold(monologueMaxPauseFrames: monologueMaxPauseFrames)
        for segment in floor {
            if let gap = fold.add(segment, lost: lost) { responseGapFrames.append(gap) }
            guard let turn = fold.lastTurn else { continue }
            if fold.turnCount > turns.count { turns.append(turn) } else { turns[turns.count - 1] = turn }
        }
        longestMonologueFrames = fold.longestMonologueFrames
        switches = fold.switches
    }
}
