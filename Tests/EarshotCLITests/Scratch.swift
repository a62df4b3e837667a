import Foundation

/// This test process's scratch folder, `<tmp>/earshot-cli-tests-<pid>`: every command-line test writes its
/// files under it, and it is removed when the process exits normally, so test runs leave nothing behind.
enum Scratch {
    static let root: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("earshot-cli-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: Scratch.root) }
        return url
    }()

    /// A path under the scratch folder (nothing is created there).
    static func url(_ name: String) -> URL { root.appendingPathComponent(name) }

    /// An empty folder under the scratch folder, made afresh.
    static func folder(_ name: String) throws -> URL {
        let url = url(name)
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Makes in `folder` each folder of `paths` (paths inside `folder`), and the folders above it.
    static func folders(in folder: URL, _ paths: String...) throws {
        for path in paths {
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent(path), withIntermediateDirectories: true)
        }
    }

    /// Makes in `folder` each link named by a key of `links` (a path inside `folder`), leading to its value as written.
    static func links(in folder: URL, _ links: [String: String]) throws {
        for (name, target) in links {
            try FileManager.default.createSymbolicLink(
                atPath: folder.appendingPathComponent(name).path, withDestinationPath: target)
        }
    }
}
