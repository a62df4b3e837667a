import Foundation

extension FileManager {
    /// Whether `path` names an existing folder.
    func isFolder(atPath path: String) -> Bool {
        var isFolder: ObjCBool = false
        return fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
    }

    /// Why `path` cannot be read as a file (`folder` false) or listed as a folder (`folder` true), in words for an
    /// error message ("no such file or folder", "a folder, not a file", "not readable by this user"), or `nil`
    /// when nothing stands in the way.
    func readProblem(atPath path: String, folder: Bool) -> String? {
        var isFolder: ObjCBool = false
        guard fileExists(atPath: path, isDirectory: &isFolder) else { return "no such file or folder" }
        if isFolder.boolValue != folder { return folder ? "a file, not a folder" : "a folder, not a file" }
        guard isReadableFile(atPath: path) else { return "not readable by this user" }
        return nil
    }

    /// The whole of `path` as UTF-8 text, read to its end through a file handle, so a pipe (`/dev/stdin`, a shell's
    /// `<(...)`) reads as a file does; `nil` when it cannot be read or is not UTF-8.
    func text(atPath path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let data: Data
        do { data = try handle.readToEnd() ?? Data() } catch { return nil }  // nil at once: an empty file
        return String(data: data, encoding: .utf8)
    }
}
