/// Finds the customer's opening account one customer floor segment at a time, in order of start
/// (`ListeningFigures.opening`): the first customer turn of at least `minimumFrames`, or the first the agent cut
/// into (an agent interruption starting in it) `cutInFrames` or more after it began, a turn ending when an agent
/// floor segment starts or after a customer pause of `pauseFrames`. The cut-in rule finds the account the agent
/// did not let run on: cut off after a few seconds, it never reached `minimumFrames`.
struct OpeningFold: Sendable {
    let pauseFrames: Int
    let minimumFrames: Int
    let cutInFrames: Int
    /// The opening account, once a later segment has ended it.
    private(set) var ended: Range<Int>?
    /// The customer turn now running.
    private var turn: Range<Int>?

    init(pauseFrames: Int, minimumFrames: Int, cutInFrames: Int) {
        self.pauseFrames = pauseFrames
        self.minimumFrames = minimumFrames
        self.cutInFrames = cutInFrames
    }

    /// A fold with the coach's pause, account length and cut-in lengths.
    init(_ coach: CoachConfiguration) {
        self.init(
            pauseFrames: coach.pauseFrames, minimumFrames: coach.openingMinFrames, cutInFrames: coach.openingCutInFrames
        )
    }

    /// The start of the customer turn now running, if the account has not ended.
    var turnStart: Int? { ended == nil ? turn?.lowerBound : nil }

    /// The opening account so far: the one ended, or the turn now running if it is one already.
    /// - Parameter cutIns: the starts of the agent's interruptions so far.
    func account(cutIns: [Int]) -> Range<Int>? {
        if let ended { return ended }
        guard let turn, isAccount(turn, cutIns: cutIns) else { return nil }
        return turn
    }

    /// Whether `turn` is long enough, or was cut into late enough, to be the account.
    private func isAccount(_ turn: Range<Int>, cutIns: [Int]) -> Bool {
        turn.count >= minimumFrames || cutIns.contains { $0 >= turn.lowerBound + cutInFrames && $0 < turn.upperBound }
    }

    /// Adds the next customer floor segment.
    /// - Parameters:
    ///   - agentStarts: the agent's floor segment starts in order (all of those before `segment` starts).
    ///   - cutIns: the starts of the agent's interruptions (all of those before `segment` starts).
    mutating func add(_ segment: Segment, agentStarts: [Int], cutIns: [Int]) {
        guard ended == nil else { return }
        guard let current = turn else {
            turn = segment.startFrame..<segment.endFrame
            return
        }
        let agentTook = Self.anyStart(agentStarts, in: (current.lowerBound + 1)..<segment.startFrame)
        if agentTook || segment.startFrame - current.upperBound >= pauseFrames {
            if isAccount(current, cutIns: cutIns) {
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
