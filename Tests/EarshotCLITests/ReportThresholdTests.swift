import Foundation
import Testing

@Suite("What the views say about the settings and about one-speaker calls")
struct ReportThresholdTests {
    @Test("text, HTML and JSON name the silence-gap and unacknowledged lengths the counts were made with")
    func thresholdsShown() throws {
        let file = EarshotProcess.sample("call-04-noisy.wav")
        let options = ["--silence-gap", "1", "--nod-after", "5.5"]
        let text = try EarshotProcess.run(["analyze", file] + options)
        #expect(text.status == 0)
        #expect(text.stdout.contains("silence gaps        3 of 1 s or more"), "\(text.stdout)")
        #expect(text.stdout.contains(" of 5.5 s or more"), "\(text.stdout)")
        #expect(!text.stdout.contains("of 3 s or more") && !text.stdout.contains("of 20 s or more"))
        let html = try EarshotProcess.run(["analyze", file, "--format", "html"] + options)
        #expect(html.stdout.contains("3 of 1 s or more") && html.stdout.contains(" of 5.5 s or more"))
        let json = try EarshotProcess.run(["analyze", file, "--format", "json"] + options)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let thresholds = try #require(object?["thresholds"] as? [String: Any])
        #expect(thresholds["silence_gap_s"] as? Double == 1)
        #expect(thresholds["unacknowledged_s"] as? Double == 5.5)
    }

    @Test("a window under a minute needs half of it in talk: --dominance-window 30 can fire, as 120 does")
    func shortDominanceWindow() throws {
        // call-03: the agent talks on from 9.2 s to 77 s. A 30 s window needing 30 s of talk could never fire.
        for window in ["30", "120"] {
            let result = try EarshotProcess.run([
                "analyze", EarshotProcess.sample("call-03-monologue.wav"), "--format", "json", "--dominance-window",
                window,
            ])
            let object = try JSONFile.object(from: result.stdout)
            let fired = (object["alerts"] as? [[String: Any]] ?? []).filter {
                $0["rule"] as? String == "agent_dominates"
            }
            let t = try #require(fired.first?["t"] as? Double, "window \(window): \(result.stderr)")
            // Not before the window holds the talk it needs: 15 s (half of 30), 30 s (the fixed minimum).
            #expect(t >= (window == "30" ? 15 : 30) && t < 77, "window \(window): fired at \(t)")
        }
    }

    @Test("a mono call (one speaker) never gets agent_dominates: there is no share to dominate")
    func monoHasNoDominance() throws {
        // The agent channel of call-03 alone: 67 s of one speaker, who would dominate any two-party call.
        let path = Scratch.url("mono-monologue.wav").path
        try SampleAudio.firstChannel(of: "call-03-monologue.wav", to: path)
        let result = try EarshotProcess.run(["analyze", path, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let rules = (object?["alerts"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
        #expect(rules.contains("agent_monologue"))  // the speaker is heard
        #expect(!rules.contains("agent_dominates"))
    }
}
