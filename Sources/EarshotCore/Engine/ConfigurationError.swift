/// A setting outside its valid range; the message names the setting and the range.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, for people.
    public let message: String

    /// An error saying `message`.
    /// - Parameter message: names the setting, its valid range and the value given.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
