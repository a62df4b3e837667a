/// One stretch of speech by one party, after pause bridging. Frames are 10 ms; `endFrame` is exclusive.
public struct Segment: Sendable, Equatable, Codable {
    /// Who spoke.
    public var role: Role
    /// The input channel it came from.
    public var channel: Int
    /// First frame of speech.
    public var startFrame: Int
    /// First frame after the speech.
    public var endFrame: Int

    /// A segment of speech.
    /// - Parameters: see the properties.
    public init(role: Role, channel: Int, startFrame: Int, endFrame: Int) {
        self.role = role
        self.channel = channel
        self.startFrame = startFrame
        self.endFrame = endFrame
    }
}
