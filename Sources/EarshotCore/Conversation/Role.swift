/// Who is speaking on a channel.
public enum Role: String, Sendable, CaseIterable, Codable {
    /// The contact-centre agent (channel 0 by default).
    case agent
    /// The caller (channel 1 by default).
    case customer

    /// The other party.
    public var other: Role { self == .agent ? .customer : .agent }
}
