import EarshotCore

/// `eval --format json`: every figure of the text tables, for scripts.
enum EvalJSON {
    static func value(_ results: [EvalResult]) -> JSONValue {
        var files: [JSONValue] = []
        var pooledSpeech = FrameScore()
        var pooledBoundary = BoundaryError()
        var byVariant: [String: [CallEvaluation]] = [:]
        for result in results {
            switch result.score {
            case .speech(let score, let boundary):
                pooledSpeech = pooledSpeech + score
                pooledBoundary = pooledBoundary + boundary
                files.append(
                    .object(
                        [
                            ("file", .string(result.file)), ("labels", .string(result.labels)),
                            ("channel", .int(result.channel)),
                        ] + speech(score, boundary)))
            case .call(let evaluation, let variant):
                byVariant[variant, default: []].append(evaluation)
                files.append(
                    .object(
                        [
                            ("file", .string(result.file)), ("labels", .string(result.labels)),
                            ("variant", .string(variant)),
                        ] + call([evaluation])))
            }
        }
        var pairs: [(String, JSONValue)] = [("files", .array(files))]
        if results.contains(where: { if case .speech = $0.score { true } else { false } }) {
            pairs.append(("pooled", .object(speech(pooledSpeech, pooledBoundary))))
        }
        if !byVariant.isEmpty {
            var variants = byVariant.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.object(call($0.value))) }
            variants.append(("pooled", .object(call(byVariant.values.flatMap { $0 }))))
            pairs.append(("calls", .object(variants)))
        }
        return .object(pairs)
    }

    static func speech(_ s: FrameScore, _ b: BoundaryError) -> [(String, JSONValue)] {
        [
            ("precision", .number(s.precision, decimals: 4)), ("recall", .number(s.recall, decimals: 4)),
            ("f1", .number(s.f1, decimals: 4)), ("accuracy", .number(s.accuracy, decimals: 4)),
            ("frames", .int(s.truePositives + s.falsePositives + s.falseNegatives + s.trueNegatives)),
            ("matched_segments", .int(b.matched)),
            ("onset_error_s", b.meanStartError.map { .number($0, decimals: 4) } ?? .null),
            ("offset_error_s", b.meanEndError.map { .number($0, decimals: 4) } ?? .null),
        ]
    }

    static func call(_ evaluations: [CallEvaluation]) -> [(String, JSONValue)] {
        let pooled = evaluations.dropFirst().reduce(evaluations[0]) { $0 + $1 }
        var pairs: [(String, JSONValue)] = [("calls", .int(evaluations.count))]
        for role in Role.allCases {
            if let score = pooled.speech[role], let boundary = pooled.boundaries[role] {
                pairs.append(("speech_\(role.rawValue)", .object(speech(score, boundary))))
            }
        }
        var events: [(String, JSONValue)] = []
        for family in CallEvaluation.EventFamily.allCases {
            guard let match = pooled.events[family] else { continue }
            events.append(
                (
                    family.rawValue,
                    .object([
                        ("f1", .number(match.f1, decimals: 4)), ("precision", .number(match.precision, decimals: 4)),
                        ("recall", .number(match.recall, decimals: 4)), ("true_positives", .int(match.truePositives)),
                        ("false_positives", .int(match.falsePositives)),
                        ("false_negatives", .int(match.falseNegatives)),
                    ])
                ))
        }
        pairs.append(("events", .object(events)))
        let share = CallEvaluation.meanShareError(evaluations)
        pairs.append(("agent_share_error_pt", share.points.map { .number($0, decimals: 3) } ?? .null))
        pairs.append(("agent_share_error_calls", .int(share.calls)))
        return pairs
    }
}
