/// The folder part of a path, as `NSString.deletingLastPathComponent` gives it ("a/b" → "a", "/a" → "/", "a" → ""),
/// which Foundation on Linux (swift-corelibs, Swift 6.3) cannot be trusted with: it traps on any one-character path,
/// so `--output o` or a manifest named `m` crashed Earshot.
enum ParentPath {
    /// `path` without its last component and the slashes before it; "/" for a component at the root, "" for none.
    static func of(_ path: String) -> String {
        var text = Substring(path)
        while text.count > 1 && text.hasSuffix("/") { text = text.dropLast() }
        guard let slash = text.lastIndex(of: "/") else { return "" }
        var parent = text[..<slash]
        while parent.count > 1 && parent.hasSuffix("/") { parent = parent.dropLast() }
        return parent.isEmpty ? "/" : String(parent)
    }
}
