public import EarshotCore

/// Runs the engine over a whole file as fast as the machine allows: the batch face of the one engine.
public enum FileAnalysis {
    /// Streams `path` through a new engine and returns its report.
    /// - Parameters:
    ///   - path: any file libsndfile reads.
    ///   - configuration: engine settings.
    ///   - channels: file channels to use (agent first), required for files with more than two.
    /// - Returns: the report of the whole file, with the file's length findings first among its quality findings.
    /// - Throws: `AudioError` (see `FileSource.init` and `FileSource.nextBlock`).
    public static func analyze(
        path: String, configuration: EngineConfiguration = .standard, channels: [Int]? = nil
    ) throws(AudioError) -> Report {
        let source = try FileSource(path: path, channels: channels)
        let format: StreamFormat
        do {
            format = try StreamFormat(sampleRate: source.sampleRate, channelCount: source.channelCount)
        } catch {
            throw AudioError(
                kind: .unsupportedFormat, message: "cannot analyse '\(path)': \(error.message)", path: path)
        }
        let engine = Engine(format: format, configuration: configuration)
        while let block = try source.nextBlock() {
            engine.process(block.samples)
        }
        var report = engine.finish()
        report.quality.findings.insert(contentsOf: source.lengthFindings, at: 0)
        return report
    }
}
