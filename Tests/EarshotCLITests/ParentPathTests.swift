import Foundation
import Testing

@testable import earshot

/// Paths of one character crashed Earshot in Foundation's `deletingLastPathComponent` (a trap in swift-corelibs):
/// `--output D/x` under a dangling link `D`, a manifest named `m`.
@Suite("Folder part of a path")
struct ParentPathTests {
    @Test("the folder part of a path, as deletingLastPathComponent gives it, one-character paths included")
    func parents() {
        let cases: [(String, String)] = [
            ("a/b", "a"), ("/a", "/"), ("a", ""), ("o", ""), ("/", "/"), ("", ""), ("a/", ""), ("a//b", "a"),
            ("/x/y/", "/x"), ("//a", "/"), ("ab/c/d.wav", "ab/c"), ("./m", "."), ("../o", ".."),
        ]
        for (path, parent) in cases {
            #expect(ParentPath.of(path) == parent, "\(path)")
        }
    }

    @Test("a one-character output folder or manifest is used, not a crash (it was SIGILL, exit 132)")
    func oneCharacterPaths() throws {
        let folder = try Scratch.folder("one-character")
        try Scratch.links(in: folder, ["D": "nowhere"])
        try FileManager.default.copyItem(
            atPath: EarshotProcess.sample("call-01-calm.wav"), toPath: folder.appendingPathComponent("c.wav").path)
        try "path\nc.wav\n".write(to: folder.appendingPathComponent("m"), atomically: false, encoding: .utf8)
        let dangling = try EarshotProcess.run(
            ["analyze", "--output", "D/x", "c.wav"], workingDirectory: folder.path)
        #expect(dangling.status == 3, "\(dangling.stderr)")
        #expect(
            dangling.stderr.contains(
                "cannot create output folder 'D/x': 'D' is a link to 'nowhere', which does not exist"),
            "\(dangling.stderr)")
        // A chain of links ending nowhere is named by where it ends (it said the first link's target did not exist).
        try Scratch.links(in: folder, ["L1": "L2", "L2": "gone"])
        let chain = try EarshotProcess.run(["analyze", "--output", "L1/x", "c.wav"], workingDirectory: folder.path)
        #expect(
            chain.stderr.contains("'L1' is a link to 'gone' (through 'L2'), which does not exist"), "\(chain.stderr)")
        // The end of a chain through a folder is named from the working folder (it said 'gone', not 'sub/gone').
        try Scratch.folders(in: folder, "sub")
        try Scratch.links(in: folder, ["L3": "sub/L4", "sub/L4": "gone"])
        let deeper = try EarshotProcess.run(["analyze", "--output", "L3/x", "c.wav"], workingDirectory: folder.path)
        #expect(
            deeper.stderr.contains("'L3' is a link to 'sub/gone' (through 'sub/L4'), which does not exist"),
            "\(deeper.stderr)")
        let manifest = try EarshotProcess.run(
            ["analyze", "--manifest", "m", "--output", "o"], workingDirectory: folder.path)
        #expect(manifest.status == 0, "\(manifest.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("o/calls.csv").path))
    }
}
