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

    /// The other party took the floor: this party's monologue ends (kept in `monologueBeforeOther`).
    mutating func endMonologue() {
        monologueBeforeOther = monologueStart
        monologueStart = nil
    }
}
