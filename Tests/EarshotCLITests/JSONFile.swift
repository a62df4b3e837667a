import Foundation
import Testing

/// JSON files (and outputs) the tests read back.
enum JSONFile {
    /// The JSON object `text` holds (a command's output).
    static func object(from text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The JSON object in the file at `path`.
    static func object(at path: String) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }
}
