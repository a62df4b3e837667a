/// For `replay --play`: the audio written to the playback device but not yet heard. A device queues a few
/// hundred milliseconds; held back from the engine until it is played, each moment shows in the view (and
/// its alerts fire) as it is heard, not that much earlier.
final class PlaybackLag {
    /// Channels of the interleaved audio.
    let channelCount: Int
    private var samples: [Float] = []

    init(channelCount: Int) { self.channelCount = channelCount }

    /// Frames written and not yet passed on.
    var heldFrames: Int { samples.count / channelCount }

    /// Holds `block` (interleaved), just written to the device.
    func hold(_ block: UnsafeBufferPointer<Float>) { samples.append(contentsOf: block) }

    /// Passes the oldest frames held to `feed`: all but the newest `unheard` (still queued on the device).
    func release(keepingNewest unheard: Int, to feed: (UnsafeBufferPointer<Float>) -> Void) {
        let count = max(0, heldFrames - max(0, unheard)) * channelCount
        guard count > 0 else { return }
        samples.withUnsafeBufferPointer { feed(UnsafeBufferPointer(rebasing: $0[0..<count])) }
        samples.removeFirst(count)
    }
}
