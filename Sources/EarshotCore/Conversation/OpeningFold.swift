/// Finds the customer's opening account one customer floor segment at a time, in order of start
/// (`ListeningFigures.opening`): the first customer turn of at least `minimumFrames`, a turn ending when an
/// agent floor segment starts or after a customer pause of `pauseFrames`.
struct OpeningFold: Sendable {
    let pauseFrames: Int
    let minimumFrames: Int
    /// The opening account, once a later segment has ended it.
    private(set) var ended: Range<Int>?
    /// The customer turn now running.
    private var turn: Range<Int>?

    init(pauseFrames: Int, minimumFrames: Int) {
        self.pauseFrames = pauseFrames
        self.minimumFrames = minimumFrames
    }

    /// The start of the customer turn now running, if the account has not ended.
    var turnStart: Int? { ended == nil ? turn?.lowerBound : nil }

    /// The opening account so far: the one ended, or the turn now running if it is long enough.
    var account: Range<Int>? {
        if let ended { return ended }
        guard let turn, turn.count >= minimumFrames else { return nil }
        return turn
    }

    /// Adds the next customer floor segment; `agentStarts` is the agent's floor segment starts in order (all of
    /// those before `segment` starts).
    mutating func add(_ segment: Segment, agentStarts: [Int]) {
        guard ended == nil else { return }
        guard let current = turn else {
            turn = segment.startFrame..<segment.endFrame
            return
        }
        let agentTook = Self.anyStart(agentStarts, in: (current.lowerBound + 1)..<segment.startFrame)
        if agentTook || segment.startFrame - current.upperBound >= pauseFrames {
            if current.count >= minimumFrames {
                ended = current
            } else {
                turn = segment.startFrame..<segment.endFrame
            }
        } else {
            turn = current.lowerBound..<max(current.upperBound, segment.endFrame)
        }
    }

    /// Whether any of `starts` (in order) falls in `range`.
    static func anyStart(_ starts: [Int], in range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        let low = starts.partitionPoint { $0 >= range.lowerBound }
        return low < starts.count && starts[low] < range.upperBound
    }
}
