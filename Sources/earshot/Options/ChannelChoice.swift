import ArgumentParser
import Foundation

/// `--channels A,C`: which channels of a file with more than two are the agent's and the customer's.
/// The report then numbers the two picked channels 0 (the agent's, `A`) and 1 (the customer's, `C`).
enum ChannelChoice {
    /// `--help`'s words for the option in analyze and replay.
    static let help =
        "For files with more than two channels: the agent and customer channels, e.g. 0,2 (reported as 0 and 1), "
        + "or one channel, e.g. 2, for a one-speaker report."

    /// The picked channels, agent first, or `nil` when `text` is not one or two distinct channel numbers.
    static func parse(_ text: String) -> [Int]? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        guard (1...2).contains(parts.count), parts.allSatisfy({ ($0 ?? -1) >= 0 }) else { return nil }
        let picked = parts.compactMap { $0 }
        return Set(picked).count == picked.count ? picked : nil
    }

    /// Throws the usage error for a `--channels` value that cannot be used with `agentChannel`.
    static func validate(_ text: String?, agentChannel: Int) throws {
        guard let text else { return }
        guard parse(text) != nil else {
            throw ValidationError(
                "--channels takes one or two different channel numbers (0 or more) separated by a comma, e.g. 0,2; "
                    + "got '\(text)'")
        }
        guard agentChannel == 0 else {
            throw ValidationError("--channels A,C already names the agent's channel first: leave out --agent-channel")
        }
    }
}
