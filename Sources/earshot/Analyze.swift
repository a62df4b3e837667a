import ArgumentParser
import EarshotAudio
import EarshotCore
import Foundation

/// `earshot analyze`: run the engine over recordings as fast as the machine allows and print reports.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyse call recordings and print talk, overlap, interruption and silence figures.",
        discussion: """
            Reads any format libsndfile reads (WAV PCM/float/µ-law/A-law, FLAC, Ogg, MP3, RF64 ...). \
            Channel 0 is the agent and channel 1 the customer unless --agent-channel says otherwise; \
            a mono file is analysed as one speaker.

            With several files, a bad file is reported on stderr and the others are still analysed; \
            the exit status is then 1. JSON output is one object for one file, and one object per \
            line (JSON Lines) for several.

            Exit status: 0 success, 1 an input could not be analysed, 64 usage error.
            """)

    enum Format: String, CaseIterable, ExpressibleByArgument {
        case text, json, csv
    }

    @Argument(help: "Recordings to analyse (channel 0 agent, channel 1 customer by default).")
    var files: [String]

    @Option(help: "Output format.")
    var format: Format = .text

    @Option(help: "For files with more than two channels: the agent and customer channels, e.g. 0,2.")
    var channels: String?

    @OptionGroup var engine: EngineOptions

    mutating func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one recording to analyse") }
        if channels != nil, parsedChannels == nil {
            throw ValidationError("--channels takes one or two channel numbers separated by a comma, e.g. 0,2")
        }
    }

    private var parsedChannels: [Int]? {
        guard let channels else { return nil }
        let parts = channels.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard (1...2).contains(parts.count), parts.allSatisfy({ ($0 ?? -1) >= 0 }) else { return nil }
        return parts.compactMap { $0 }
    }

    func run() throws {
        let configuration = try engine.engineConfiguration()
        var failures: [String] = []
        if format == .csv { print(ReportCSV.header) }
        for (index, file) in files.enumerated() {
            do {
                let report = try FileAnalysis.analyze(
                    path: file, configuration: configuration, channels: parsedChannels)
                switch format {
                case .json: print(ReportJSON.value(report, file: file).rendered(indent: files.count == 1 ? 1 : nil))
                case .csv: print(ReportCSV.row(report, file: file))
                case .text: print((index > 0 ? "\n" : "") + ReportText.render(report, file: file))
                }
            } catch {
                failures.append(file)
                StandardError.print("earshot: error: \(error.message)")
            }
        }
        if !failures.isEmpty {
            if files.count > 1 {
                StandardError.print(
                    "earshot: \(failures.count) of \(files.count) file(s) failed: \(failures.joined(separator: ", "))")
            }
            throw ExitCode(1)
        }
    }
}
