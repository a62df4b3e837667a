/// A labelled or detected stretch of time in seconds (the unit of label files), `end` exclusive.
public struct TimeSpan: Sendable, Equatable {
    /// Start and end in seconds.
    public var start: Double
    public var end: Double

    /// A span from `start` to `end`, in seconds.
    /// - Parameters: see the properties.
    public init(start: Double, end: Double) {
        self.start = start
        self.end = end
    }

    /// Length in seconds.
    public var length: Double { end - start }

    /// Whether `time` lies in `[start, end)`.
    /// - Parameter time: a time, in seconds.
    /// - Returns: `true` when `start <= time < end`.
    public func contains(_ time: Double) -> Bool { time >= start && time < end }
}
