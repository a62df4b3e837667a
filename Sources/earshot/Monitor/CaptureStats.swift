import Foundation

/// How capture went (live only).
struct CaptureStats: Sendable {
    /// Device overruns recovered.
    var overruns: Int
    /// Frames dropped because the ring was full (the engine fell behind); of two devices, the most one dropped.
    var droppedFrames: Int
    /// Media seconds reported as lost capture.
    var lostSeconds: Double
    /// Whether a device is gone right now (being retried).
    var deviceLost: Bool
    /// How long a device that is not gone has delivered nothing (silent, or stuck in a read), in seconds.
    var secondsWithoutAudio = 0.0
    /// Seconds without audio from which the view says NO AUDIO.
    static let noAudioSeconds = 2.0
    /// Whether audio is coming: no device gone, none silent for `noAudioSeconds`.
    var isHearing: Bool { !deviceLost && secondsWithoutAudio < Self.noAudioSeconds }
    /// Of two devices, the party ("agent", "customer") whose device is gone, else the one that has delivered
    /// nothing longest ("agent and customer" when both are gone or both silent); `nil` with one device.
    var quietParty: String?
    /// Rate difference of two devices, parts per million (two-device capture only).
    var driftPPM: Double?
    /// When capture started, by the wall clock (to match the session's media times to the day).
    var startedAt: Date?
    /// Frames dropped from one of two devices to keep them in step (a clock that runs fast, a backlog
    /// delivered at once); not lost time.
    var slippedFrames = 0
}
