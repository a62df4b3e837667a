import Foundation

/// Runs commands under valgrind for the benchmark's counts (heap allocations, instructions).
enum Valgrind {
    static let path = "/usr/bin/valgrind"

    /// Whether valgrind is installed.
    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// Runs `valgrind <arguments>` with the command's own output discarded and returns valgrind's report
    /// (its standard error).
    static func report(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }
}
