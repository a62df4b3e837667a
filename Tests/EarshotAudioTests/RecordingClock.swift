import EarshotAudio

/// A clock that records when the replay asked to wake up, and jumps there at once.
final class RecordingClock: MediaClock {
    var time = 100.0
    var wakeups: [Double] = []

    func now() -> Double { time }

    func sleep(until target: Double) {
        wakeups.append(target)
        time = max(time, target)
    }
}
