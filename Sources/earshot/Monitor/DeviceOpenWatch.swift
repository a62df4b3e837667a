import ArgumentParser
import Foundation
import Synchronization

/// Watches the opening of `live`'s capture devices, which can hang (a sound server that does not answer, a FIFO
/// nobody writes): after 2 s it says what the session waits for; with `--duration`, once the session's length and
/// the 2 s of grace a late device has are gone, it ends the process with status 2, saying that no session ran.
final class DeviceOpenWatch: Sendable {
    /// Set by `cancel()` when the devices opened (or failed), or by the deadline when it ends the process.
    private let settled = Atomic<Bool>(false)

    /// Starts the watch.
    /// - Parameters:
    ///   - devices: the capture devices being opened, as given.
    ///   - durationSeconds: `--duration`, if given.
    init(devices: [String], durationSeconds: Double?) {
        let named =
            "capture device\(devices.count == 1 ? "" : "s") " + devices.map { "'\($0)'" }.joined(separator: " and ")
        DispatchQueue.global().asyncAfter(deadline: .now() + 2) { [self] in
            guard !settled.load(ordering: .acquiring) else { return }
            StandardError.print(
                "earshot: waiting for the \(named) to open (a sound server that does not answer?); Ctrl-C ends "
                    + "Earshot, without a session")
        }
        guard let durationSeconds else { return }
        DispatchQueue.global().asyncAfter(deadline: .now() + durationSeconds + 2) { [self] in
            guard settled.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
            else { return }
            StandardError.print(
                "earshot: error: the \(named) did not open within --duration's \(ReportText.threshold(durationSeconds))"
                    + " and 2 s of grace: no session, no report")
            // Nothing is buffered for standard output before a session (its atexit check belongs to the main
            // thread, whose open is what hangs).
            _exit(ExitStatus.deviceFailed.rawValue)
        }
    }

    /// Ends the watch: the devices opened, or failed to with an error of their own.
    func cancel() { settled.store(true, ordering: .releasing) }
}
