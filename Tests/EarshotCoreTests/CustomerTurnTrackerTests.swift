import Testing

@testable import EarshotCore

/// The live opening-account tag of `agent_interrupts`, on frame-exact talk (10 ms frames, every spurt long enough
/// to count).
@Suite("Customer turns followed live")
struct CustomerTurnTrackerTests {
    /// A tracker fed frames 0 ..< `until` of the given talk (half-open frame ranges per party).
    static func tracker(agent: [Range<Int>], customer: [Range<Int>], until: Int) -> CustomerTurnTracker {
        var tracker = CustomerTurnTracker(pauseFrames: 300, openingMinFrames: 1_000, conversation: .standard)
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
        let tracker = Self.tracker(agent: [1_500..<1_800], customer: [0..<2_000], until: 1_600)
        #expect(tracker.isOpening(cutInAt: 1_500))
    }

    @Test(
        "a cut-in on a customer's 'mm' inside the agent's turn, after a 12 s account and a 5 s silence, is not tagged")
    func cutInAfterAccount() {
        // The account 0-12 s; silence to 17 s; the agent's turn from 17 s with a 0.4 s pause at 19.9 s; the customer's
        // "mm" from 19.8 s, begun under the agent's speech, goes on into the agent's resumed talk at 20.3 s.
        let agent = [1_700..<1_990, 2_030..<2_400]
        let customer = [0..<1_200, 1_980..<2_036]
        let tracker = Self.tracker(agent: agent, customer: customer, until: 2_130)
        #expect(!tracker.isOpening(cutInAt: 2_030))
        // A cut-in inside the account itself is tagged.
        #expect(Self.tracker(agent: [], customer: customer, until: 1_150).isOpening(cutInAt: 1_100))
    }
}
