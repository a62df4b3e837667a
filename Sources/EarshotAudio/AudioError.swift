/// Why audio could not be read or captured, with the file or device and what to do next.
public struct AudioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of failure; each has its own advice.
    public enum Kind: String, Sendable, Equatable {
        /// No file at the path.
        case fileNotFound
        /// The file, folder or device may not be opened by this user.
        case permissionDenied
        /// The path names a folder, a pipe, a device or a socket, not a file.
        case notAFile
        /// Not audio libsndfile reads, a codec or sample format it cannot decode, or no audio at all.
        case unsupportedFormat
        /// Channels asked for that the file or device does not have.
        case unsupportedChannels
        /// Reading, decoding or seeking failed (a file damaged from its start, a start past its end).
        case readFailed
        /// Writing a recording failed (a full disk, a folder that cannot be written).
        case writeFailed
        /// No capture or playback device by that name.
        case deviceNotFound
        /// The device is in use by another program.
        case deviceBusy
        /// The device could not be set up, or failed while in use.
        case deviceFailed
    }

    /// What kind of failure.
    public var kind: Kind
    /// The whole message for people: what failed, where, why, what to do.
    public var message: String
    /// The file concerned, if any.
    public var path: String?
    /// The capture or playback device concerned (its ALSA name), if any.
    public var device: String?
    /// The library's or the system's own words (`sf_strerror`, errno text), if any.
    public var underlying: String?

    /// An error of `kind`, said in `message`, about the file at `path` or the device `device`.
    /// - Parameters: see the properties.
    public init(kind: Kind, message: String, path: String? = nil, device: String? = nil, underlying: String? = nil) {
        self.kind = kind
        self.message = message
        self.path = path
        self.device = device
        self.underlying = underlying
    }

    /// The message.
    public var description: String { message }
}
