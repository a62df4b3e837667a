import Foundation
import Testing

/// JSON files the tests read back.
enum JSONFile {
    /// The JSON object in the file at `path`.
    static func object(at path: String) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }
}
