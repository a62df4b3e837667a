import Glibc

/// Runs a fuzz target's entry point over files given on the command line: the regression runner built
/// when the target is compiled without libFuzzer (the seed corpus and past crashes go through it in CI).
public enum FuzzReplay {
    /// Feeds each file in `paths` to `target`; returns how many were run.
    @discardableResult
    public static func run(
        _ paths: [String], through target: (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int {
        var count = 0
        for path in paths {
            guard let bytes = read(path) else {
                print("cannot read \(path)")
                continue
            }
            bytes.withUnsafeBufferPointer { buffer in
                let base = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
                _ = target(base, buffer.count)
            }
            count += 1
        }
        print("ran \(count) inputs")
        return count
    }

    private static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let got = fread(&chunk, 1, chunk.count, file)
            if got == 0 { break }
            bytes.append(contentsOf: chunk[0..<got])
        }
        return bytes
    }
}
