internal import CSndFile

/// How long a file's header says its audio is, when that is more than the file holds (a truncated copy or a
/// recording still being written). libsndfile reads as far as the audio goes and notes the difference in its
/// log ("data : 894080 (should be 29942)"); this reads that note rather than the file's bytes.
enum DeclaredLength {
    /// Frames the header declares, given the `frames` libsndfile found, or `nil` when the header agrees, is
    /// silent on it, or holds the "unknown length" sizes of a streaming recorder (0 or 0xFFFFFFFF).
    static func frames(of handle: OpaquePointer, found frames: Int) -> Int? {
        var log = [CChar](repeating: 0, count: 4_096)
        _ = sf_command(handle, Int32(SFC_GET_LOG_INFO), &log, Int32(log.count))
        let text = String(decoding: log.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix("data") && line.contains("(should be ") {
            let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            guard numbers.count >= 2, frames > 0 else { return nil }
            let (declared, present) = (numbers[0], numbers[1])
            guard declared > present, present > 0, declared < 0xFFFF_FFFF else { return nil }
            let declaredFrames = (Double(frames) * Double(declared) / Double(present)).rounded()
            return declaredFrames < 1e15 ? Int(declaredFrames) : nil  // a nonsense size, not a length
        }
        return nil
    }
}
