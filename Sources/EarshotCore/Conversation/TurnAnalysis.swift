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
        // Per party (agent 0, customer 1): the monologue piece now running, if any, and the longest so far.
        // Plain storage, not dictionaries: this runs for every status line of a live view, over the whole call.
        var pieceStart: (Int?, Int?) = (nil, nil)
        var pieceEnd = (0, 0)
        var longest = (0, 0)
        for segment in floor {
            let role = segment.role
            if var last = turns.last, last.role == role {
                last.endFrame = max(last.endFrame, segment.endFrame)
                turns[turns.count - 1] = last
            } else {
                turns.append(Turn(role: role, startFrame: segment.startFrame, endFrame: segment.endFrame))
                if role == .agent { pieceStart.1 = nil } else { pieceStart.0 = nil }
            }
            var start = segment.startFrame
            var end = segment.endFrame
            let previousEnd = role == .agent ? pieceEnd.0 : pieceEnd.1
            if let running = role == .agent ? pieceStart.0 : pieceStart.1,
                segment.startFrame - previousEnd < monologueMaxPauseFrames
            {
                start = running
                end = max(previousEnd, segment.endFrame)
            }
            let length = end - start
            if role == .agent {
                (pieceStart.0, pieceEnd.0, longest.0) = (start, end, max(longest.0, length))
            } else {
                (pieceStart.1, pieceEnd.1, longest.1) = (start, end, max(longest.1, length))
            }
        }
        longestMonologueFrames = [.agent: longest.0, .customer: longest.1]
        switches = max(0, turns.count - 1)
        var agentUntil = Int.min  // the end of the agent's talk so far (turns in order of start)
        for (previous, next) in zip(turns, turns.dropFirst()) {
            if previous.role == .agent { agentUntil = max(agentUntil, previous.endFrame) }
            guard previous.role == .customer && next.role == .agent else { continue }
            // The agent still talking when the customer finished (an interjection inside the agent's talk) answered
            // before they finished: 0, not the time to the agent's next turn.
            let answer = agentUntil >= previous.endFrame ? previous.endFrame : max(previous.endFrame, next.startFrame)
            let gap = previous.endFrame..<answer
            guard !lost.contains(where: { $0.overlaps(gap) }) else { continue }
            responseGapFrames.append(gap.count)
        }
    }
}
