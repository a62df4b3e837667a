/// Finds the unacknowledged stretches of customer talk one block at a time (`ListeningFigures.stretches`):
/// blocks in order of start, against the agent's segments in order of start.
struct StretchScan: Sendable {
    /// Agent segments before this index end before every block still to come.
    private(set) var first = 0

    /// Customer talk (segments in order of start) joined across pauses shorter than `pauseFrames`.
    static func blocks(_ customer: some Sequence<Segment>, pauseFrames: Int) -> [Range<Int>] {
        var blocks: [Range<Int>] = []
        for segment in customer {
            if let last = blocks.last, segment.startFrame - last.upperBound < pauseFrames {
                blocks[blocks.count - 1] = last.lowerBound..<max(last.upperBound, segment.endFrame)
            } else {
                blocks.append(segment.startFrame..<segment.endFrame)
            }
        }
        return blocks
    }

    /// Calls `found` with each piece of `block` not covered by an agent segment, the last one running on to the
    /// agent's next segment when that starts within `pauseFrames` of the block's end. A piece after an agent
    /// segment starts where the customer is next heard (at the segment's end if they were talking then), not in
    /// the silence before: a customer's "mm" inside the agent's talk joins the block, but the wait after the agent
    /// stops is no talk left unacknowledged. Blocks must come in order of start; `customer` holds the customer's
    /// segments in order of start, the block's among them; `agent` is the same list each time (it may have grown
    /// at its end).
    /// The last piece runs on after the customer's last word while the turn is open, as the live hint measures it:
    /// to the agent's answer, or to `pauseFrames` after the last word (the customer waited, unanswered), but not past
    /// `inputEnd`, the frames analysed.
    mutating func pieces(
        of block: Range<Int>, customer: [Segment], agent: [Segment], pauseFrames: Int, inputEnd: Int,
        _ found: (Range<Int>) -> Void
    ) {
        while first < agent.count && agent[first].endFrame <= block.lowerBound { first += 1 }
        var cursor = block.lowerBound
        var next = first
        while next < agent.count && agent[next].startFrame < block.upperBound {
            let a = agent[next]
            next += 1
            guard a.endFrame > cursor else { continue }
            if a.startFrame > cursor { found(cursor..<a.startFrame) }
            cursor = max(cursor, a.endFrame)
            if cursor < block.upperBound { cursor = Self.speech(atOrAfter: cursor, in: customer) }
        }
        guard cursor < block.upperBound else { return }
        // The wait after the customer's last word counts while the turn is open (as live, where the hint can come in
        // it): up to the agent's answer, or to the pause that ends the turn (the live rule's last frame of it).
        let answer = next < agent.count ? agent[next].startFrame : Int.max
        found(cursor..<max(block.upperBound, min(answer, block.upperBound + pauseFrames - 1, inputEnd)))
    }

    /// The first frame at or after `frame` at which one of `customer` (one party's segments in order of start, so
    /// also of end) is active; `frame` must lie before the end of the last.
    static func speech(atOrAfter frame: Int, in customer: [Segment]) -> Int {
        let index = customer.partitionPoint { $0.endFrame > frame }
        return max(frame, customer[index].startFrame)
    }
}
