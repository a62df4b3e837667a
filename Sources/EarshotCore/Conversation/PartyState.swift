/// The running state of one party's current segment and monologue.
struct PartyState: Sendable {
    var previousActive = false
    var inSegment = false
    var start = 0
    var overlapFrames = 0
    var startedInsideOther = false
    var announced = false
    var isFloor = false
    var monologueStart: Int?
    /// The monologue the other party's latest floor segment ended (restored if that segment turns out to be a
    /// backchannel in this party's pause).
    var monologueBeforeOther: Int?
    var lastFloorEnd = Int.min / 2
    /// The first frame and one past the last of this party's previous segment, whatever it was.
    var lastStart = Int.min / 2
    var lastEnd = Int.min / 2
    /// A short segment that began inside the other's speech and ended after it, waiting to see whether the
    /// other goes on within the resume window (then it is a backchannel): its end and its index in `segments`.
    var undecidedEnd: Int?
    var undecidedSegment: Int?

    /// The other party took the floor while this party's segment, begun before theirs, goes on: turns follow
    /// segment starts, so that segment is still this party's turn and the monologue ends when its next segment
    /// starts (`startSegment`).
    var monologueEndsAtNextSegment = false

    /// The other party took the floor: this party's monologue ends (kept in `monologueBeforeOther`), now, or
    /// at its next segment if it is talking on.
    mutating func endMonologue() {
        if inSegment {
            monologueEndsAtNextSegment = true
            return
        }
        monologueBeforeOther = monologueStart
        monologueStart = nil
    }

    /// A new segment starts at `frame`: a monologue the other party ended while the last one went on ends here.
    mutating func startSegment(at frame: Int) {
        inSegment = true
        start = frame
        overlapFrames = 0
        announced = false
        isFloor = false
        if monologueEndsAtNextSegment {
            monologueEndsAtNextSegment = false
            monologueBeforeOther = monologueStart
            monologueStart = nil
        }
    }
}
