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
}
