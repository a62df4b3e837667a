/// Reads a recording in small blocks and releases each one when its media time comes, at `speed`
/// times real time (or as fast as possible), so a replay looks like a live call.
public final class PacedReplay {
    /// The file being replayed.
    public let source: FileSource
    /// Media seconds per wall second; `nil` for as fast as possible.
    public let speed: Double?
    private let clock: any MediaClock
    private var startWall: Double?
    private var firstSample = 0

    /// Opens `path` for a replay paced at `speed` from `startSeconds`.
    /// - Parameters:
    ///   - path: the recording.
    ///   - speed: media seconds per wall second (> 0), or `nil` for as fast as possible.
    ///   - startSeconds: where to start in the file.
    ///   - channels: file channels to use (agent first), as for `FileSource`.
    ///   - clock: the clock that paces the blocks.
    /// - Throws: `AudioError` from `FileSource`, or `readFailed` when the start lies past the end.
    public init(
        path: String, speed: Double?, startSeconds: Double = 0, channels: [Int]? = nil,
        clock: any MediaClock = MonotonicClock()
    ) throws(AudioError) {
        precondition(speed.map { $0 > 0 } ?? true)
        // 20 ms blocks keep the view and alerts smooth at real time; larger ones are faster flat out, but no longer
        // than half a second, so that every second of media still ends in a block of its own and has its status
        // (4096 frames last 1.024 s at 4 kHz).
        let probe = try FileSource(path: path, channels: channels)
        let blockFrames = speed == nil ? min(4_096, max(64, probe.sampleRate / 2)) : max(64, probe.sampleRate / 50)
        source = try FileSource(path: path, channels: channels, blockFrames: blockFrames)
        self.speed = speed
        self.clock = clock
        if startSeconds > 0 {
            firstSample = Int(startSeconds * Double(source.sampleRate))
            try source.seek(toFrame: firstSample)
        }
    }

    /// The next block, after waiting until its media time; `nil` at the end of the file.
    /// - Returns: the block (valid until the next call), or `nil` at the end of the file.
    /// - Throws: `AudioError` of kind `readFailed`.
    public func nextBlock() throws(AudioError) -> AudioBlock? {
        guard let block = try source.nextBlock() else { return nil }
        guard let speed else { return block }
        let now = clock.now()
        let start = startWall ?? now
        startWall = start
        let mediaOffset = Double(block.startSample - firstSample) / Double(block.sampleRate)
        clock.sleep(until: start + mediaOffset / speed)
        return block
    }
}
