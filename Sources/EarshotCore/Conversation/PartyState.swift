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
    var lastFloorEnd = Int.min / 2
    /// The first frame and one past the last of this party's previous segment, whatever it was.
    var lastStart = Int.min / 2
    var lastEnd = Int.min / 2
    /// A short segment that began inside the other's speech and ended after it, waiting to see whether the
    /// other goes on within the resume window (then it is a backchannel): its end and its index in `segments`.
    var undecidedEnd: Int?
    var undecidedSegment: Int?
}
