/// A call's `SegmentFigures` while it is analysed, kept up to date as its segments settle, so that asking for
/// them costs the segments not yet settled rather than the whole call (a status line a second that walked every
/// segment made a long `replay --speed max` quadratic).
///
/// A segment is settled once it starts before `ConversationAnalyzer.settledFrame`: it is closed and decided,
/// and every segment still to come sorts after it. Settled segments are folded once, in order of start; the
/// others are folded onto a copy of that state each time, so the figures equal the whole call's.
struct RunningFigures: Sendable {
    private let coach: CoachConfiguration
    /// Analyzer segments taken in; of those, the ones not yet settled (indices, in order).
    private var seen = 0
    private var pending: [Int] = []
    /// Events counted.
    private var eventsSeen = 0
    private var counted = SegmentFigures()
    private var turns: TurnFold
    /// Response gaps of settled turns, in order of length, and their sum.
    private var gaps: [Int] = []
    private var gapSum = 0
    /// Settled segments of each party in order of start, and the agent's floor segment starts.
    private var customer: [Segment] = []
    private var agent: [Segment] = []
    private var agentFloorStarts: [Int] = []
    /// The starts of the agent's interruptions so far.
    private var agentCutIns: [Int] = []
    /// Customer segments before this index belong to blocks of talk already scanned.
    private var scanned = 0
    private var scan = StretchScan()
    private var stretches = SegmentFigures()
    private var opening: OpeningFold
    /// The opening account's figures, once it has ended (its events are then all known).
    private var endedOpening: SegmentFigures?

    init(monologueMaxPauseFrames: Int, coach: CoachConfiguration) {
        self.coach = coach
        turns = TurnFold(monologueMaxPauseFrames: monologueMaxPauseFrames)
        opening = OpeningFold(coach)
    }

    /// Takes in the analyzer's new segments and events and folds those that have settled.
    /// - Parameters:
    ///   - lost: lost capture so far (it is only ever added after the frames analysed).
    ///   - keeps: whether the report keeps an event.
    mutating func update(
        _ analyzer: ConversationAnalyzer, lost: [Range<Int>], keeps: (ConversationEvent) -> Bool
    ) {
        let events = analyzer.events
        while eventsSeen < events.count {
            let event = events[eventsSeen]
            if keeps(event) { counted.count(event) }
            if event.kind == .interruption && event.by == .agent { agentCutIns.append(event.startFrame) }
            eventsSeen += 1
        }
        let segments = analyzer.segments
        pending.append(contentsOf: seen..<segments.count)
        seen = segments.count
        let frontier = analyzer.settledFrame
        let settling = Self.ordered(pending.filter { segments[$0].startFrame < frontier }, in: segments)
        guard !settling.isEmpty else { return }
        pending.removeAll { segments[$0].startFrame < frontier }
        for index in settling {
            let segment = segments[index]
            let floor = !analyzer.segmentIsBackchannel[index]
            if floor, let gap = turns.add(segment, lost: lost) {
                gaps.insert(gap, at: Self.insertionPoint(of: gap, in: gaps))
                gapSum += gap
            }
            if segment.role == .agent {
                agent.append(segment)
                if floor { agentFloorStarts.append(segment.startFrame) }
            } else {
                customer.append(segment)
                if floor { opening.add(segment, agentStarts: agentFloorStarts, cutIns: agentCutIns) }
            }
        }
        scanSettledBlocks(before: frontier)
        if endedOpening == nil, let ended = opening.ended {
            var figures = SegmentFigures()
            figures.setOpening(ended, events: events)
            endedOpening = figures
        }
    }

    /// The figures of the call so far: the settled state with the segments not yet settled folded onto a copy.
    func figures(_ analyzer: ConversationAnalyzer, lost: [Range<Int>]) -> SegmentFigures {
        let segments = analyzer.segments
        let tail = Self.ordered(pending + Array(seen..<segments.count), in: segments)
        let isFloor = { (index: Int) in !analyzer.segmentIsBackchannel[index] }
        var figures = counted
        var turns = self.turns
        var tailGaps: [Int] = []
        for index in tail where isFloor(index) {
            if let gap = turns.add(segments[index], lost: lost) { tailGaps.append(gap) }
        }
        figures.switches = turns.switches
        figures.longestAgentMonologue = turns.longestMonologue(.agent)
        figures.longestCustomerMonologue = turns.longestMonologue(.customer)
        tailGaps.sort()
        figures.responseGapCount = gaps.count + tailGaps.count
        figures.responseGapSum = gapSum + tailGaps.reduce(0, +)
        if figures.responseGapCount > 0 {
            let count = figures.responseGapCount
            figures.responseGapMiddleSum =
                Self.element((count - 1) / 2, of: gaps, and: tailGaps)
                + Self.element(count / 2, of: gaps, and: tailGaps)
        }
        // Unacknowledged stretches: the blocks not yet scanned, against the agent segments they can still meet:
        // from the first that ends after the first block starts (a party's segments do not overlap, so they end in
        // the order they start; where the customer is silent there is no block and nothing to copy).
        figures.longestUnacknowledged = stretches.longestUnacknowledged
        figures.unacknowledgedStretches = stretches.unacknowledgedStretches
        let tailCustomer = Array(customer[scanned...]) + tail.map { segments[$0] }.filter { $0.role == .customer }
        let blocks = StretchScan.blocks(tailCustomer, pauseFrames: coach.pauseFrames)
        if let first = blocks.first {
            let from = max(scan.first, Self.firstEnding(after: first.lowerBound, in: agent))
            let tailAgent = Array(agent[from...]) + tail.map { segments[$0] }.filter { $0.role == .agent }
            var scan = StretchScan()
            for block in blocks {
                scan.pieces(
                    of: block, customer: tailCustomer, agent: tailAgent, pauseFrames: coach.pauseFrames,
                    inputEnd: analyzer.frameCount
                ) {
                    figures.addStretch($0, thresholdFrames: coach.nodAfterFrames)
                }
            }
        }
        // The opening account: ended and settled, or found among what is not.
        if let endedOpening {
            figures.openingAccount = endedOpening.openingAccount
            figures.openingInterrupted = endedOpening.openingInterrupted
            figures.openingNods = endedOpening.openingNods
        } else {
            var opening = self.opening
            let since = opening.turnStart.map { start in agentFloorStarts.drop { $0 <= start } } ?? []
            let tailStarts = tail.filter { isFloor($0) && segments[$0].role == .agent }.map { segments[$0].startFrame }
            let starts = Array(since) + tailStarts
            for index in tail where isFloor(index) && segments[index].role == .customer {
                opening.add(segments[index], agentStarts: starts, cutIns: agentCutIns)
            }
            figures.setOpening(opening.account(cutIns: agentCutIns), events: analyzer.events)
        }
        return figures
    }

    /// Scans the blocks of settled customer talk that can no longer grow, and whose agent answer is known: a block
    /// followed by settled customer talk a pause later, or ending a pause before `frontier`.
    private mutating func scanSettledBlocks(before frontier: Int) {
        let pauseFrames = coach.pauseFrames
        while scanned < customer.count {
            var block = customer[scanned].startFrame..<customer[scanned].endFrame
            var next = scanned + 1
            while next < customer.count && customer[next].startFrame - block.upperBound < pauseFrames {
                block = block.lowerBound..<max(block.upperBound, customer[next].endFrame)
                next += 1
            }
            guard next < customer.count || block.upperBound + pauseFrames <= frontier else { return }
            // The block ended a pause before `frontier` or before the next block: its wait is all analysed.
            scan.pieces(of: block, customer: customer, agent: agent, pauseFrames: pauseFrames, inputEnd: frontier) {
                stretches.addStretch($0, thresholdFrames: coach.nodAfterFrames)
            }
            scanned = next
        }
    }

    /// `indices` of `segments` in order of start, then end, then index (the order the report sorts them in).
    static func ordered(_ indices: [Int], in segments: [Segment]) -> [Int] {
        indices.sorted {
            (segments[$0].startFrame, segments[$0].endFrame, $0) < (segments[$1].startFrame, segments[$1].endFrame, $1)
        }
    }

    /// The index of the first of `segments` (one party's, in order) that ends after `frame`.
    private static func firstEnding(after frame: Int, in segments: [Segment]) -> Int {
        segments.partitionPoint { $0.endFrame > frame }
    }

    /// Where `value` goes in the ordered `list`, after any equal to it.
    private static func insertionPoint(of value: Int, in list: [Int]) -> Int {
        list.partitionPoint { $0 > value }
    }

    /// The `k`-th smallest (from 0) of the ordered lists `a` and `b` together (`b` short).
    static func element(_ k: Int, of a: [Int], and b: [Int]) -> Int {
        var before = 0  // elements of b that come before position k
        for (i, value) in b.enumerated() {
            let position = insertionPoint(of: value, in: a) + i
            if position == k { return value }
            if position < k { before += 1 }
        }
        return a[k - before]
    }
}
