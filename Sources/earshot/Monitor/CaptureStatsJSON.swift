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
}
