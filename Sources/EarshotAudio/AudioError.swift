/// Why audio could not be read or captured, with the file or device and what to do next.
public struct AudioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of failure; each has its own advice.
    public enum Kind: String, Sendable, Equatable {
        case fileNotFound
        case permissionDenied
        case notAFile
        case unsupportedFormat
        case unsupportedChannels
        case readFailed
        case writeFailed
        case deviceNotFound
        case deviceBusy
        case deviceFailed
    }

    /// What kind of failure.
    public var kind: Kind
    /// The whole message for people: what failed, where, why, what to do.
    public var message: String
    /// The file concerned, if any.
    public var path: String?
    /// The library's or the system's own words (`sf_strerror`, errno text), if any.
    public var underlying: String?

    /// An error of `kind`, said in `message`, about the file or device at `path`.
    /// - Parameters: see the properties.
    public init(kind: Kind, message: String, path: String? = nil, underlying: String? = nil) {
        self.kind = kind
        self.message = message
        self.path = path
        self.underlying = underlying
    }

    public var description: String { message }
}
