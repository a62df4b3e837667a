import EarshotAudio
import EarshotCore
import Foundation
import Testing

/// The listening coach on calls built from hand-labelled real speech, with truth from the labels.
@Suite("Listening coach on labelled speech")
struct ListeningCoachTests {
    static let testset = SampleTruthTests.samples.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/data/vad-testset")

    /// A labelled recording: samples at 16 kHz and its speech spans in seconds.
    struct Clip {
        var samples: [Float]
        var speech: [(Double, Double)]
    }

    static func clip(_ number: String) throws -> Clip {
        let source = try FileSource(path: testset.appendingPathComponent("testset-audio-\(number).wav").path)
        var samples: [Float] = []
        while let block = try source.nextBlock() { samples.append(contentsOf: block.samples) }
        let fields = try String(
            contentsOf: testset.appendingPathComponent("testset-audio-\(number).scv"), encoding: .utf8
        )
        .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").dropFirst().map(String.init)
        var speech: [(Double, Double)] = []
        for i in stride(from: 0, to: fields.count - 2, by: 3) where fields[i + 2] == "1" {
            speech.append((Double(fields[i]) ?? 0, Double(fields[i + 1]) ?? 0))
        }
        return Clip(samples: samples, speech: speech)
    }

    /// The customer's account: four recordings back to back with 1 s between them (about 45 s), starting
    /// at 2 s; returns the stereo call (agent silent but for `agentAt` inserts) and the account's truth
    /// onset. Each agent insert is (time, clip, clip offset, length) in seconds.
    static func call(
        agentAt inserts: [(Double, Clip, Double, Double)] = [], customerUntil: Double? = nil
    ) throws
        -> (audio: [Float], onset: Double, customerSpeech: [(Double, Double)])
    {
        let rate = 16_000
        var customer = [Float](repeating: 0, count: rate * 60)
        var agent = customer
        var at = 2.0
        var speech: [(Double, Double)] = []
        for number in ["05", "06", "13", "08"] {
            let c = try clip(number)
            let first = Int(at * Double(rate))
            for (i, x) in c.samples.enumerated() where first + i < customer.count { customer[first + i] += x }
            speech += c.speech.map { ($0.0 + at, $0.1 + at) }
            at += Double(c.samples.count) / Double(rate) + 1.0
        }
        if let end = customerUntil {
            for i in Int(end * Double(rate))..<customer.count { customer[i] = 0 }
            speech = speech.filter { $0.0 < end }.map { ($0.0, min($0.1, end)) }
        }
        for (time, c, offset, length) in inserts {
            let first = Int(time * Double(rate))
            let from = Int(offset * Double(rate))
            for i in 0..<Int(length * Double(rate)) where first + i < agent.count {
                agent[first + i] += c.samples[from + i]
            }
        }
        var noise: UInt64 = 0x1234_5678
        var out = [Float](repeating: 0, count: customer.count * 2)
        for i in customer.indices {
            noise = noise &* 6_364_136_223_846_793_005 &+ 1
            let n = Float(Int64(bitPattern: noise >> 11) % 1_000) * 1e-7  // comfort noise, about -80 dBFS
            out[2 * i] = agent[i] + n
            out[2 * i + 1] = customer[i] + n
        }
        return (out, speech.first?.0 ?? 0, speech)
    }

    static func analyze(_ audio: [Float]) throws -> Report {
        let engine = Engine(format: try StreamFormat(sampleRate: 16_000, channelCount: 2))
        audio.withUnsafeBufferPointer { all in
            var offset = 0
            while offset < all.count {
                let count = min(8_192, all.count - offset)
                engine.process(UnsafeBufferPointer(rebasing: all[offset..<offset + count]))
                offset += count
            }
        }
        return engine.finish()
    }

    @Test("a 45 s account with no sound from the agent gets exactly one acknowledge, 20 s after its start")
    func oneHint() throws {
        let (audio, onset, _) = try Self.call()
        let report = try Self.analyze(audio)
        let hints = report.alerts.filter { $0.rule == .acknowledge }
        try #require(hints.count == 1)
        let start = FrameClock.seconds(ofFrame: hints[0].startFrame)
        let fired = FrameClock.seconds(ofFrame: hints[0].firedFrame)
        #expect(abs(start - onset) <= 0.1, "stretch starts \(start), truth \(onset)")
        #expect(fired - start >= 20 && fired - start <= 20.1)
        #expect(report.summary.unacknowledgedStretches == 1)
        #expect((report.summary.longestUnacknowledgedSeconds) >= 40)
        #expect(report.summary.openingAccountSeconds.map { $0 >= 40 } == true)
        #expect(report.summary.openingInterrupted == false)
    }

    @Test("the same account with a verbal nod every 8 s gets no acknowledge, and the nods are counted")
    func nodsPreventHint() throws {
        let nod = try Self.clip("11")
        // 0.5 s slices of labelled speech, placed where the customer is speaking (inside labelled spans).
        let (_, onset, speech) = try Self.call()
        var inserts: [(Double, Clip, Double, Double)] = []
        var t = onset + 6
        while t < onset + 44 {
            if let span = speech.first(where: { $0.0 + 0.4 <= t && t + 0.9 <= $0.1 }) {
                inserts.append((t, nod, nod.speech[0].0 + 0.2, 0.5))
                t = max(t, span.0) + 8
            } else {
                t += 0.1
            }
        }
        try #require(inserts.count >= 4)
        let (audio, _, _) = try Self.call(agentAt: inserts)
        let report = try Self.analyze(audio)
        #expect(report.alerts.filter { $0.rule == .acknowledge }.isEmpty)
        #expect(report.summary.backchannelsByAgent == inserts.count)
        #expect(report.summary.openingNods == inserts.count)
        #expect(report.summary.longestUnacknowledgedSeconds < 20)
    }

    @Test("an agent cut-in 15 s into the opening account is flagged 'let them finish'")
    func openingCutIn() throws {
        let talk = try Self.clip("14")
        let (_, onset, _) = try Self.call()
        let cutIn = onset + 15
        let (audio, _, _) = try Self.call(agentAt: [(cutIn, talk, talk.speech[0].0, 3)], customerUntil: cutIn + 0.8)
        let report = try Self.analyze(audio)
        let cut = try #require(report.alerts.first { $0.rule == .agentInterrupts })
        #expect(cut.phase == .opening)
        #expect(abs(FrameClock.seconds(ofFrame: cut.startFrame) - cutIn) <= 0.1)
        #expect(report.summary.openingInterrupted == true)
        #expect(report.summary.openingAccountSeconds.map { abs($0 - 15.8) <= 0.4 } == true)
    }

    /// The account cut into twice: 1.4 s after its onset (the agent then talks 3 s while the customer goes
    /// on, so the customer's next spurt starts a new turn), and `seconds` after the onset, the customer
    /// stopping 0.8 s later.
    static func cutTwice(second seconds: Double) throws -> (report: Report, cutIn: Double) {
        let talk = try clip("14")
        let (_, onset, _) = try call()
        let cutIn = onset + seconds
        let inserts = [(onset + 1.4, talk, talk.speech[0].0, 3.0), (cutIn, talk, talk.speech[0].0, 3.0)]
        let (audio, _, _) = try call(agentAt: inserts, customerUntil: cutIn + 0.8)
        return (try analyze(audio), cutIn)
    }

    @Test("the turn after a cut-in starts with the customer's speech under the agent's, live as in the report")
    func openingAfterCutIn() throws {
        // The second turn runs from 3.6 s after the onset to 13.8 s: an opening account of 10.2 s.
        let (report, cutIn) = try Self.cutTwice(second: 13)
        let cuts = report.alerts.filter { $0.rule == .agentInterrupts }
        try #require(cuts.count == 2)
        #expect(abs(FrameClock.seconds(ofFrame: cuts[1].startFrame) - cutIn) <= 0.1)
        #expect(report.summary.openingInterrupted == true)
        #expect(report.summary.openingAccountSeconds.map { $0 >= 10 && $0 <= 10.8 } == true)
        #expect(cuts[0].phase == nil)
        #expect(cuts[1].phase == .opening)
    }

    @Test("a second turn cut off 8 s in, under 10 s, is the opening account, live as in the report")
    func cutOffTurnIsTheOpening() throws {
        // The agent did not let it run on: cut into 8 s after it began (at 11.6 s), the customer stopping 0.8 s later.
        let (report, cutIn) = try Self.cutTwice(second: 11.6)
        let cuts = report.alerts.filter { $0.rule == .agentInterrupts }
        try #require(cuts.count == 2)
        #expect(report.summary.openingInterrupted == true)
        #expect(report.summary.openingAccountSeconds.map { $0 >= 8 && $0 <= 9.2 } == true, "\(report.summary)")
        #expect(abs(FrameClock.seconds(ofFrame: cuts[1].startFrame) - cutIn) <= 0.1)
        #expect(cuts[0].phase == nil)  // 1.4 s into the first turn: under 3 s
        #expect(cuts[1].phase == .opening)
    }

    @Test("a turn cut into under 3 s after it began, and over under 10 s, is no opening account")
    func earlyCutIsNoOpening() throws {
        // The cut-in rule's floor (no account before the rule either: this holds it to 3 s): the second turn begins
        // 3.6 s after the onset; cut into 2 s later, the customer stopping 0.8 s after.
        let (report, _) = try Self.cutTwice(second: 5.6)
        let cuts = report.alerts.filter { $0.rule == .agentInterrupts }
        try #require(cuts.count == 2)
        #expect(report.summary.openingAccountSeconds == nil)
        #expect(report.summary.openingInterrupted != true)
        #expect(cuts.allSatisfy { $0.phase == nil })
    }
}
