import Testing

@testable import EarshotCore

@Suite("Scoring conventions")
struct FrameScoreTests {
    @Test("a frame counts when its centre lies in a span, end exclusive")
    func centreConvention() {
        // Frame centres are 5, 15, 25 … ms. [4 ms, 15 ms) holds only frame 0's centre; [15 ms, 26 ms) holds frames 1 and 2.
        #expect(FrameScore.mask([TimeSpan(start: 0.004, end: 0.015)], frames: 4) == [true, false, false, false])
        #expect(FrameScore.mask([TimeSpan(start: 0.015, end: 0.026)], frames: 4) == [false, true, true, false])
        #expect(FrameScore.mask([TimeSpan(start: 0.0, end: 10)], frames: 3) == [true, true, true])
    }

    @Test("precision, recall, F1 and accuracy follow their definitions")
    func figures() {
        // Truth 0-1 s, detected 0.5-1.5 s over 2 s: TP 50, FP 50, FN 50, TN 50.
        let score = FrameScore(
            labelled: [TimeSpan(start: 0, end: 1)], detected: [TimeSpan(start: 0.5, end: 1.5)], frames: 200)
        #expect(score.truePositives == 50 && score.falsePositives == 50)
        #expect(score.falseNegatives == 50 && score.trueNegatives == 50)
        #expect(score.precision == 0.5 && score.recall == 0.5 && score.f1 == 0.5 && score.accuracy == 0.5)
        let pooled =
            score
            + FrameScore(labelled: [TimeSpan(start: 0, end: 1)], detected: [TimeSpan(start: 0, end: 1)], frames: 100)
        #expect(pooled.truePositives == 150)
        #expect(abs(pooled.precision - 0.75) < 1e-12)
    }

    @Test("events match one to one within the onset tolerance")
    func eventMatching() {
        let truth = [TimeSpan(start: 10, end: 12), TimeSpan(start: 20, end: 21)]
        let found = [TimeSpan(start: 10.2, end: 12), TimeSpan(start: 10.4, end: 13), TimeSpan(start: 20.6, end: 21)]
        let match = EventMatch(truth: truth, detected: found)
        #expect(match.truePositives == 1)
        #expect(match.falsePositives == 2)
        #expect(match.falseNegatives == 1)
        #expect(EventMatch(truth: truth, detected: [TimeSpan(start: 20.5, end: 22)]).truePositives == 1)
    }

    @Test("the matching is the largest one-to-one matching, not closest pairs first; exactly 0.5 s apart matches")
    func largestMatching() {
        // Closest first pairs 12.0 with 12.25 (0.25 s) and leaves 11.55 (0.45 s from 12.0) and 12.6 (0.35 s from
        // 12.25) unmatched; both pairs can match.
        let truth = [TimeSpan(start: 12.0, end: 12.3), TimeSpan(start: 12.6, end: 12.9)]
        let found = [TimeSpan(start: 11.55, end: 11.9), TimeSpan(start: 12.25, end: 12.5)]
        let match = EventMatch(truth: truth, detected: found)
        #expect(match.truePositives == 2 && match.falsePositives == 0 && match.falseNegatives == 0)
        // 16.1 - 15.6 is 0.5000000000000018 in doubles: still within 0.5 s, as 20.8 - 20.3 is.
        let edges = EventMatch(
            truth: [TimeSpan(start: 15.6, end: 16), TimeSpan(start: 20.3, end: 21)],
            detected: [TimeSpan(start: 16.1, end: 16.5), TimeSpan(start: 20.8, end: 21.5)])
        #expect(edges.truePositives == 2)
        #expect(EventMatch(truth: [truth[0]], detected: [TimeSpan(start: 12.501, end: 13)]).truePositives == 0)
    }

    @Test("silence gaps also need their ends within the tolerance")
    func endsMatched() {
        let truth = [TimeSpan(start: 10, end: 14)]
        #expect(
            EventMatch(truth: truth, detected: [TimeSpan(start: 10.1, end: 15)], matchEnds: true).truePositives == 0)
        #expect(
            EventMatch(truth: truth, detected: [TimeSpan(start: 10.1, end: 14.4)], matchEnds: true).truePositives == 1)
    }

    @Test("boundary errors pair each labelled segment with the detected one overlapping it most")
    func boundaries() {
        let error = BoundaryError(
            labelled: [TimeSpan(start: 1, end: 2), TimeSpan(start: 3, end: 4)],
            detected: [TimeSpan(start: 1.1, end: 2.3), TimeSpan(start: 2.9, end: 4.0), TimeSpan(start: 3.95, end: 5)])
        #expect(error.matched == 2)
        #expect(abs((error.meanStartError ?? -1) - 0.1) < 1e-9)
        #expect(abs((error.meanEndError ?? -1) - 0.15) < 1e-9)
        // Nothing matched: no error was measured, which must not read as a perfect 0.
        let none = BoundaryError(labelled: [TimeSpan(start: 1, end: 2)], detected: [TimeSpan(start: 5, end: 6)])
        #expect(none.matched == 0 && none.meanStartError == nil && none.meanEndError == nil)
    }
}
