import Testing

@testable import EarshotCore

/// The live opening-account tag of `agent_interrupts`, on frame-exact talk (10 ms frames, every spurt long enough
/// to count).
@Suite("Customer turns followed live")
struct CustomerTurnTrackerTests {
    /// A tracker fed frames 0 ..< `until` of the given talk (half-open frame ranges per party).
    static func tracker(agent: [Range<Int>], customer: [Range<Int>], until: Int) -> CustomerTurnTracker {
        var tracker = CustomerTurnTracker(
            pauseFrames: 300, openingMinFrames: 1_000, openingCutInFrames: 300, conversation: .standard)
        for frame in 0..<until {
            let agentActive = agent.contains { $0.contains(frame) }
            tracker.process(
                RawFrame(
                    frame: frame, agentActive: agentActive, customerActive: customer.contains { $0.contains(frame) },
                    agentOpenSegmentStart: agentActive ? frame : nil))
        }
        return tracker
    }

    @Test("a cut-in 15 s into a 20 s account is tagged when its alert fires, 1 s later")
    func cutInsideAccount() {
        var tracker = Self.tracker(agent: [1_500..<1_800], customer: [0..<2_000], until: 1_600)
        let tagged = tracker.tagCutIn(at: 1_500)
        #expect(tagged)
    }

    @Test(
        "a cut-in on a customer's 'mm' inside the agent's turn, after a 12 s account and a 5 s silence, is not tagged")
    func cutInAfterAccount() {
        // The account 0-12 s; silence to 17 s; the agent's turn from 17 s with a 0.4 s pause at 19.9 s; the customer's
        // "mm" from 19.8 s, begun under the agent's speech, goes on into the agent's resumed talk at 20.3 s.
        let agent = [1_700..<1_990, 2_030..<2_400]
        let customer = [0..<1_200, 1_980..<2_036]
        var tracker = Self.tracker(agent: agent, customer: customer, until: 2_130)
        let after = tracker.tagCutIn(at: 2_030)
        #expect(!after)
        // A cut-in inside the account itself is tagged.
        var inside = Self.tracker(agent: [], customer: customer, until: 1_150)
        let insideTagged = inside.tagCutIn(at: 1_100)
        #expect(insideTagged)
    }

    @Test("a cut-in 3 s or more into the customer's first turn makes it the account, however short it stays")
    func cutOffAccount() {
        // The customer's first words (2 s), the agent's answer, then the customer's story from 5 s: the agent cuts in
        // 4 s into it and the customer stops 0.5 s later.
        let agent = [200..<450, 900..<1_400]
        let customer = [0..<200, 500..<950]
        var tracker = Self.tracker(agent: agent, customer: customer, until: 1_000)
        let early = tracker.tagCutIn(at: 600)  // a cut-in 1 s into the story would not be tagged
        #expect(!early)
        let cut = tracker.tagCutIn(at: 900)
        #expect(cut)
        // The customer's next turn, 20 s long, is not the account: the cut-off one is.
        for frame in 1_000..<3_800 {
            let customerActive = frame >= 1_700
            tracker.process(
                RawFrame(
                    frame: frame, agentActive: frame < 1_400, customerActive: customerActive,
                    agentOpenSegmentStart: frame < 1_400 ? 900 : nil))
        }
        let later = tracker.tagCutIn(at: 3_700)
        #expect(!later)
    }

    @Test("the cut-in rule's edge: 3.00 s into the turn makes it the account, 2.99 s does not")
    func cutInEdge() {
        var atEdge = Self.tracker(agent: [], customer: [500..<950], until: 900)
        let at = atEdge.tagCutIn(at: 800)
        #expect(at)
        var before = Self.tracker(agent: [], customer: [500..<950], until: 900)
        let under = before.tagCutIn(at: 799)
        #expect(!under)
    }
}
