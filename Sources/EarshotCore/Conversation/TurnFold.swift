/// `TurnAnalysis`'s figures built one floor segment at a time, in order of start (then end): the turns, the
/// switches, the longest monologue of each party and the response gaps. Fixed-size state, so that a running
/// summary can keep the fold of the segments that can no longer change and fold the rest onto a copy.
struct TurnFold: Sendable {
    /// The turn now running (the last one so far).
    private(set) var lastTurn: TurnAnalysis.Turn?
    /// Turns so far.
    private(set) var turnCount = 0
    /// Per party (agent 0, customer 1): the start of the monologue piece now running, its end so far, and the
    /// longest piece.
    private var pieceStart: (Int?, Int?) = (nil, nil)
    private var pieceEnd = (0, 0)
    private var longest = (0, 0)
    /// The end of the agent's talk in the turns before the last.
    private var agentUntil = Int.min

    /// A pause this long splits a monologue.
    let monologueMaxPauseFrames: Int

    init(monologueMaxPauseFrames: Int) {
        self.monologueMaxPauseFrames = monologueMaxPauseFrames
    }

    /// Floor passes from one party to the other.
    var switches: Int { max(0, turnCount - 1) }

    /// The longest monologue of each party in frames.
    var longestMonologueFrames: [Role: Int] { [.agent: longest.0, .customer: longest.1] }

    /// The longest monologue of `role` in frames.
    func longestMonologue(_ role: Role) -> Int { role == .agent ? longest.0 : longest.1 }

    /// Adds the next floor segment and returns the response gap in frames that it closes, if it starts an agent
    /// turn after a customer turn (none when the gap overlaps `lost` capture: the answer went unheard).
    mutating func add(_ segment: Segment, lost: [Range<Int>]) -> Int? {
        let role = segment.role
        var gap: Int?
        if var last = lastTurn, last.role == role {
            last.endFrame = max(last.endFrame, segment.endFrame)
            lastTurn = last
        } else {
            if let previous = lastTurn {
                if previous.role == .agent { agentUntil = max(agentUntil, previous.endFrame) }
                if previous.role == .customer && role == .agent {
                    // The agent still talking when the customer finished (an interjection inside the agent's talk)
                    // answered before they finished: 0, not the time to the agent's next turn.
                    let answer =
                        agentUntil >= previous.endFrame
                        ? previous.endFrame : max(previous.endFrame, segment.startFrame)
                    let range = previous.endFrame..<answer
                    if !lost.contains(where: { $0.overlaps(range) }) { gap = range.count }
                }
            }
            lastTurn = TurnAnalysis.Turn(role: role, startFrame: segment.startFrame, endFrame: segment.endFrame)
            turnCount += 1
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
        return gap
    }
}
