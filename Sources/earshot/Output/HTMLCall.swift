import EarshotCore
import Foundation

/// One analysed (or failed) call, as the batch pages list it.
struct HTMLCall {
    /// The path as given.
    var file: String
    /// The agent id, if known.
    var agent: String?
    /// The call id (a manifest's `call_id`), if known.
    var callID: String? = nil
    /// `nil` when the call failed.
    var report: Report?
    /// The failure message.
    var error: String?
    /// QA flags, e.g. `["mono", "dominant", "interrupts"]`; "failed" is added for a call without a report.
    var flags: [String] = []
    /// What makes the figures less certain, in words (the report's `quality.warnings`).
    var warnings: [String] = []
    /// The recording's resolved path, linked from the call's page (a `file://` link: a reviewer listens to the
    /// moments the page marks); `nil` for none.
    var recording: String? = nil

    /// Whether the call's channels cannot tell the parties apart (`QualityText.hidingParties`): its who-said-what
    /// figures are the recording's, not the parties' conduct.
    var partiesUnknown: Bool { flags.contains(where: QualityText.hidingParties.contains) }
}
