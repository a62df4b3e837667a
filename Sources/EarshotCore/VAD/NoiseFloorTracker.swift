/// Tracks the noise floor of one channel as the minimum of the smoothed band level over a sliding
/// window (minimum statistics), so it follows noise up and down without a speech/non-speech oracle.
///
/// The window is split into sub-windows whose minima are kept in a fixed ring. Fixed-size state;
/// real-time safe.
public struct NoiseFloorTracker: Sendable {
    private static let subwindowCount = 10
    private var minima: InlineArray<10, Float>
    private var subwindowMinimum: Float = .infinity
    private var subwindowFill = 0
    private var ringIndex = 0
    private let subwindowFrames: Int
    private var smoothedDB: Float?

    /// The current floor estimate in dBFS.
    public private(set) var floorDB: Float

    /// - Parameters:
    ///   - windowFrames: how far back the minimum looks, in frames.
    ///   - initialFloorDB: the floor assumed until the window has filled.
    public init(windowFrames: Int, initialFloorDB: Float) {
        subwindowFrames = max(1, windowFrames / Self.subwindowCount)
        minima = InlineArray(repeating: initialFloorDB)
        floorDB = initialFloorDB
    }

    /// Feeds one frame's band level and updates `floorDB`. Real-time safe.
    @inline(__always)
    public mutating func update(energyDB: Float) {
        // Light smoothing keeps single quiet frames (between two syllables) from dragging the floor down.
        let smoothed = smoothedDB.map { 0.6 * $0 + 0.4 * energyDB } ?? energyDB
        smoothedDB = smoothed
        subwindowMinimum = min(subwindowMinimum, smoothed)
        subwindowFill += 1
        if subwindowFill == subwindowFrames {
            minima[ringIndex] = subwindowMinimum
            ringIndex = (ringIndex + 1) % Self.subwindowCount
            subwindowMinimum = .infinity
            subwindowFill = 0
        }
        var floor = subwindowMinimum
        for i in 0..<Self.subwindowCount { floor = min(floor, minima[i]) }
        floorDB = floor
    }
}
