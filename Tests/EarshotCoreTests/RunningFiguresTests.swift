import Testing

@testable import EarshotCore

/// The running summary's figures, kept up to date as segments settle, against the same figures computed from
/// the whole call at the same moment, frame by frame over random conversations.
@Suite("Running figures")
struct RunningFiguresTests {
    /// A small deterministic generator (SplitMix64).
    struct Random {
        var state: UInt64
        mutating func next(_ range: ClosedRange<Int>) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return range.lowerBound + Int(z % UInt64(range.count))
        }
    }

    /// One party's talk: nods, short and long spurts, pauses short and long, over `frames`.
    static func talk(_ random: inout Random, frames: Int) -> [Bool] {
        var out: [Bool] = []
        while out.count < frames {
            out += Array(repeating: false, count: random.next(0...9) < 3 ? random.next(2...40) : random.next(50...500))
            let kind = random.next(0...9)
            let length = kind < 3 ? random.next(3...40) : kind < 8 ? random.next(40...400) : random.next(400...3_000)
            out += Array(repeating: true, count: length)
        }
        return Array(out.prefix(frames))
    }

    /// Feeds a random call frame by frame and compares the running figures with the whole call's every
    /// `every` frames and at the end. Lost capture is announced a few frames before the analyzer reaches it
    /// (as the engine, whose lost stretches are input frames ahead of its final decisions), both parties silent.
    static func compare(
        seed: UInt64, frames: Int, coach: CoachConfiguration, every: Int
    ) -> (checks: Int, differ: Int, final: SegmentFigures) {
        var random = Random(state: seed)
        let agent = talk(&random, frames: frames)
        let customer = talk(&random, frames: frames)
        var lostPlan: [Range<Int>] = []
        for _ in 0..<random.next(0...3) {
            let start = random.next(100...(frames - 600))
            lostPlan.append(start..<(start + random.next(20...500)))
        }
        lostPlan.sort { $0.lowerBound < $1.lowerBound }
        let conversation = ConversationConfiguration.standard
        var analyzer = ConversationAnalyzer(configuration: conversation, channels: [.agent: 0, .customer: 1])
        var running = RunningFigures(monologueMaxPauseFrames: conversation.monologueMaxPauseFrames, coach: coach)
        var lost: [Range<Int>] = []
        let keeps = { (lost: [Range<Int>]) in
            { (event: ConversationEvent) in
                event.kind != .silenceGap
                    || !lost.contains { $0.overlaps(event.startFrame..<max(event.startFrame + 1, event.endFrame)) }
            }
        }
        var checks = 0
        var differ = 0
        var final = SegmentFigures()
        func check() {
            running.update(analyzer, lost: lost, keeps: keeps(lost))
            let whole = SegmentFigures(
                wholeCall: analyzer, lost: lost, keeps: keeps(lost),
                monologueMaxPauseFrames: conversation.monologueMaxPauseFrames, coach: coach)
            checks += 1
            final = whole
            if running.figures(analyzer, lost: lost) != whole { differ += 1 }
        }
        for frame in 0..<frames {
            for range in lostPlan where range.lowerBound == frame + 5 { lost.append(range) }
            let gone = lostPlan.contains { $0.contains(frame) }
            _ = analyzer.process(agentActive: agent[frame] && !gone, customerActive: customer[frame] && !gone)
            if frame % every == 0 { check() }
        }
        analyzer.finish()
        check()
        return (checks, differ, final)
    }

    @Test("random calls: the running figures equal the whole call's at every check, with the default coach")
    func defaultCoach() {
        for seed in 1...6 as ClosedRange<UInt64> {
            let result = Self.compare(seed: seed, frames: 12_000, coach: .standard, every: 5)
            #expect(result.checks > 2_000)
            #expect(result.differ == 0, "seed \(seed): \(result.differ) of \(result.checks) checks differ")
        }
    }

    @Test("random calls: the same with a short pause, hint and opening, which end many blocks and turns")
    func shortCoach() throws {
        let coach = try CoachConfiguration(nodAfterSeconds: 4, pauseSeconds: 0.8, openingMinSeconds: 2)
        // A long account whose cut-ins decide it (`openingCutInSeconds`), on other calls.
        let cutInCoach = try CoachConfiguration(
            nodAfterSeconds: 4, pauseSeconds: 0.8, openingMinSeconds: 30, openingCutInSeconds: 0.5)
        var finals: [SegmentFigures] = []
        for seed in 7...18 as ClosedRange<UInt64> {
            let result = Self.compare(seed: seed, frames: 12_000, coach: seed > 12 ? cutInCoach : coach, every: 3)
            #expect(result.differ == 0, "seed \(seed): \(result.differ) of \(result.checks) checks differ")
            finals.append(result.final)
        }
        // The calls have every figure to get wrong.
        #expect(finals.allSatisfy { $0.interruptionsByAgent + $0.interruptionsByCustomer > 0 })
        #expect(finals.allSatisfy { $0.backchannelsByAgent + $0.backchannelsByCustomer > 0 })
        #expect(finals.allSatisfy { $0.responseGapCount > 1 }, "\(finals.map(\.responseGapCount))")
        #expect(finals.contains { $0.unacknowledgedStretches > 0 }, "\(finals.map(\.longestUnacknowledged))")
        #expect(finals.allSatisfy { $0.openingAccount != nil })
        #expect(finals.contains { $0.openingInterrupted } && finals.contains { $0.openingNods > 0 })
    }

    @Test("the k-th smallest of two ordered lists, one short")
    func kthElement() {
        let a = [1, 3, 3, 7, 9]
        let b = [0, 3, 8, 20]
        let merged = (a + b).sorted()
        for k in merged.indices { #expect(RunningFigures.element(k, of: a, and: b) == merged[k]) }
        #expect(RunningFigures.element(2, of: [], and: [4, 5, 6]) == 6)
        #expect(RunningFigures.element(1, of: [4, 5], and: []) == 5)
    }
}
