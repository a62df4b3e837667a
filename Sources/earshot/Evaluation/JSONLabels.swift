import Foundation

/// Reads the JSON object of a label, truth or detections file, with an error that says what is wrong with it.
enum JSONLabels {
    /// The top-level object of `data`, read from `path`.
    /// - Parameter what: the kind of file, for the error ("labels", "detections").
    /// - Throws: `LabelFile.Failure` naming `path` when `data` is not valid JSON (with the parser's reason and
    ///   place) or not a JSON object.
    static func object(_ data: Data, path: String, what: String) throws(LabelFile.Failure) -> [String: Any] {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: data)
        } catch {
            // Review B: a file cut short, a syntax error and a number out of range were all "without a segments list".
            let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            let detail = reason.map { ": \($0.hasSuffix(".") ? String($0.dropLast()) : $0)" } ?? ""
            throw LabelFile.Failure(.badLabels, "cannot read \(what) '\(path)': not valid JSON\(detail)")
        }
        guard let object = value as? [String: Any] else {
            throw LabelFile.Failure(.badLabels, "cannot read \(what) '\(path)': the JSON is not an object")
        }
        return object
    }
}
