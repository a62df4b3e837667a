import EarshotAudio
import EarshotCore
import Foundation

/// Another detector's speech segments for one audio file, to be scored with Earshot's definitions
/// (`earshot eval --detections DIR`): `DIR/NAME.json` holding `{"segments": [{"channel", "start", "end"}]}`
/// in seconds, scored over the audio file's length (a `duration_s` that differs from it by more than a second
/// gets a warning).
enum DetectionFile {
    /// The report Earshot's pause bridging, conversation analysis and alerts make of the detections of `audio`.
    static func report(
        for audio: String, in folder: String, configuration: EngineConfiguration, channels: [Int]? = nil
    ) throws -> Report {
        let base = ((audio as NSString).lastPathComponent as NSString).deletingPathExtension
        let path = (folder as NSString).appendingPathComponent(base + ".json")
        guard let data = FileManager.default.contents(atPath: path) else {
            let why = FileManager.default.fileExists(atPath: path) ? "cannot read" : "no such file"
            throw LabelFile.Failure(.badLabels, "no detections for '\(audio)': \(why) '\(path)'")
        }
        let object = try JSONLabels.object(data, path: path, what: "detections")
        guard let segments = object["segments"] as? [[String: Any]] else {
            throw LabelFile.Failure(
                .badLabels, "cannot read detections '\(path)': a JSON object without a \"segments\" list")
        }
        let source = try FileSource(path: audio, channels: channels)
        let format = try StreamFormat(sampleRate: source.sampleRate, channelCount: source.channelCount)
        let seconds = Double(source.frameCount) / Double(source.sampleRate)
        if let stated = object["duration_s"] as? Double, abs(stated - seconds) > 1 {
            StandardError.print(
                "earshot: warning: '\(path)' says duration_s \(stated) but '\(audio)' holds \(seconds) s: scored over "
                    + "the audio's length")
        }
        let frames = max(0, Int((seconds * Double(FrameClock.framesPerSecond)).rounded()))
        var spans = [[TimeSpan]](repeating: [], count: format.channelCount)
        for (index, segment) in segments.enumerated() {
            guard let start = segment["start"] as? Double, let end = segment["end"] as? Double else {
                throw LabelFile.Failure(
                    .badLabels, "cannot read detections '\(path)': segment \(index + 1) has no numeric start and end")
            }
            guard start.isFinite, end.isFinite, start >= 0, end >= start, end <= LabelFile.maxSeconds else {
                throw LabelFile.Failure(
                    .badLabels,
                    "cannot read detections '\(path)': segment \(start) ... \(end) s does not run forward "
                        + "from 0 or more (up to \(Int(LabelFile.maxSeconds)) s)")
            }
            // No channel means channel 0; one that is not a whole number is an error, not channel 0.
            let number = segment["channel"].map { $0 as? Double ?? .nan } ?? 0
            guard number.isFinite, number == number.rounded(), let channel = Int(exactly: number),
                spans.indices.contains(channel)
            else {
                throw LabelFile.Failure(
                    .badLabels,
                    "cannot read detections '\(path)': channel \(segment["channel"] ?? 0) but '\(audio)' has "
                        + "\(format.channelCount) (numbered from 0)")
            }
            spans[channel].append(TimeSpan(start: start, end: end))
        }
        if let last = spans.joined().map(\.end).max(), last > seconds + 1 {
            StandardError.print(
                "earshot: warning: '\(path)' has a segment up to \(last) s but '\(audio)' holds \(seconds) s: the "
                    + "part past the end is not scored")
        }
        // A frame is speech when its centre lies in a segment: the eval convention, as for labels.
        let decisions = spans.map { FrameScore.mask($0, frames: frames) }
        return Engine.report(decisions: decisions, format: format, configuration: configuration)
    }
}
