/// A setting outside its valid range, settings that contradict each other, or a stream the engine cannot take;
/// the message names the setting and its valid range.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of configuration error.
    public enum Kind: String, Sendable, Equatable {
        /// A value outside its valid range.
        case outOfRange
        /// Values each valid alone that contradict each other (a pause bridge longer than a silence gap).
        case conflicting
        /// A stream the engine cannot take: a sample rate or a channel count outside what it handles.
        case unsupportedFormat
    }

    /// What kind of error.
    public let kind: Kind
    /// What is wrong, for people.
    public let message: String

    /// An error of `kind` saying `message`.
    /// - Parameters:
    ///   - kind: what kind of error.
    ///   - message: names the setting, its valid range and the value given.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
