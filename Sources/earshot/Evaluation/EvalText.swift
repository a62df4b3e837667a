import EarshotCore
import Foundation

/// `eval --format text`: per-file and pooled tables.
enum EvalText {
    static func render(_ results: [EvalResult]) -> String {
        var lines: [String] = []
        let speech = results.compactMap { r -> (String, FrameScore, BoundaryError)? in
            // Which channel, where it is not the first (--channel, or labels that name theirs).
            let name = ReportText.printable((r.file as NSString).lastPathComponent)
            let row = r.channel > 0 ? "\(name) (channel \(r.channel))" : name
            if case .speech(let score, let boundary) = r.score { return (row, score, boundary) }
            return nil
        }
        if !speech.isEmpty {
            var rows = [["file", "precision", "recall", "F1", "accuracy", "onset err s", "offset err s"]]
            for (row, score, boundary) in speech { rows.append(speechRow(row, score, boundary)) }
            let pooled = speech.reduce((FrameScore(), BoundaryError())) { ($0.0 + $1.1, $0.1 + $1.2) }
            rows.append(speechRow("pooled (\(speech.count) file\(speech.count == 1 ? "" : "s"))", pooled.0, pooled.1))
            lines += table(rows)
        }
        let calls = results.compactMap { r -> (String, CallEvaluation, String)? in
            if case .call(let evaluation, let variant) = r.score { return (r.file, evaluation, variant) }
            return nil
        }
        if !calls.isEmpty {
            if !lines.isEmpty { lines.append("") }
            var groups = Dictionary(grouping: calls, by: \.2).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            if groups.count > 1 { groups.append(("pooled", calls)) }
            var rows = [
                [
                    "calls", "n", "speech F1 agent/cust", "int. agent", "int. cust", "backchannel", "silence gap",
                    "share err pt",
                ]
            ]
            for (name, members) in groups {
                let pooled = members.dropFirst().reduce(members[0].1) { $0 + $1.1 }
                let shareError = CallEvaluation.meanShareError(members.map(\.1))
                var share = shareError.points.map { fixed($0, 1) } ?? "-"
                // Over fewer calls than the row's: a detection (or truth) that gives no share is left out.
                if shareError.points != nil && shareError.calls < members.count {
                    share += " (\(shareError.calls) of \(members.count))"
                }
                let f1 = { (role: Role) in pooled.speech[role].map { fixed($0.f1, 3) } ?? "-" }
                let event = { (family: CallEvaluation.EventFamily) in
                    pooled.events[family].map { fixed($0.f1, 2) } ?? "-"
                }
                rows.append([
                    ReportText.printable(name), "\(members.count)", "\(f1(.agent)) / \(f1(.customer))",
                    event(.interruptionByAgent),
                    event(.interruptionByCustomer), event(.backchannel), event(.silenceGap), share,
                ])
            }
            lines += table(rows)
            lines.append("(event columns are F1 of one-to-one matches, onsets within 0.5 s;")
            lines.append(" silence gaps: start and end within 0.5 s; backchannels: by the same party)")
        }
        return lines.joined(separator: "\n")
    }

    static func speechRow(_ name: String, _ s: FrameScore, _ b: BoundaryError) -> [String] {
        [
            name, fixed(s.precision, 3), fixed(s.recall, 3), fixed(s.f1, 3), fixed(s.accuracy, 3),
            b.meanStartError.map { fixed($0, 3) } ?? "-", b.meanEndError.map { fixed($0, 3) } ?? "-",
        ]
    }

    /// Left-aligned columns, each as wide as its widest cell plus two spaces.
    static func table(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max()! + 2 }
        return rows.map { cells in
            cells.enumerated().map { c, cell in cell + String(repeating: " ", count: widths[c] - cell.count) }
                .joined().trimmingCharacters(in: .whitespaces)
        }
    }

    static func fixed(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }
}
