import Foundation

/// The `capture` figures of a live session as JSON pairs (status lines and the report).
enum CaptureStatsJSON {
    static func pairs(_ stats: CaptureStats) -> [(String, JSONValue)] {
        [
            ("overruns", .int(stats.overruns)), ("dropped_frames", .int(stats.droppedFrames)),
            ("lost_capture_s", .seconds(stats.lostSeconds)), ("device_lost", .bool(stats.deviceLost)),
            ("drift_ppm", stats.driftPPM.map { .number($0, decimals: 1) } ?? .null),
            ("slipped_frames", .int(stats.slippedFrames)),
        ]
    }

    /// A status line's pairs of the moment: whether audio is coming (no device gone, none silent 2 s), how long a
    /// device that is not gone has delivered nothing, and, of two devices, whose ("agent", "customer", "agent and
    /// customer") while audio is not coming (`null` while it is, and with one device).
    static func hearingPairs(_ stats: CaptureStats) -> [(String, JSONValue)] {
        [
            ("hearing", .bool(stats.isHearing)), ("seconds_without_audio", .seconds(stats.secondsWithoutAudio)),
            ("quiet_party", stats.isHearing ? .null : stats.quietParty.map { .string($0) } ?? .null),
        ]
    }

    /// The pairs of the session's closing figures (the report, the end line): those above and when capture started,
    /// in UTC ("2026-12-05T06:40:12Z").
    static func closingPairs(_ stats: CaptureStats) -> [(String, JSONValue)] {
        pairs(stats) + [("started_at", stats.startedAt.map { .string(utc.string(from: $0)) } ?? .null)]
    }

    nonisolated(unsafe) private static let utc: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter
    }()
}
