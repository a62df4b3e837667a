import EarshotAudio

/// Where a recording's audio goes: an `AudioFileWriter` (tests give one of their own).
protocol RecordingSink: AnyObject {
    /// Appends interleaved frames. - Throws: `AudioError` when the write fails (disk full).
    func write(_ samples: UnsafeBufferPointer<Float>) throws(AudioError)
    /// Finishes the file.
    func close()
}

extension AudioFileWriter: RecordingSink {}
