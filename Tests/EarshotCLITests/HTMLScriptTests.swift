import Foundation
import Testing

@Suite("The batch page's scripts, run by node on the page's own calls table")
struct HTMLScriptTests {
    /// What `Tests/Fixtures/page-scripts.js` prints after each step: the files of the rows shown, in order, and the
    /// count beside the filter box.
    struct Seen: Decodable, Equatable {
        var shown: [String]
        var count: String
    }

    @Test("the filter keeps the rows holding every word, cell by cell, sorted or not; a flag, agent or call id whole")
    func filterAndSort() throws {
        let root = try Scratch.folder("page-scripts")
        let manifest = root.appendingPathComponent("manifest.csv")
        let sample = { (name: String) in EarshotProcess.sample(name) }
        let mono = root.appendingPathComponent("one-channel.wav").path
        try SampleAudio.firstChannel(of: "call-01-calm.wav", to: mono)
        try """
        path,agent,call_id
        \(sample("call-01-calm.wav")),ann,C001
        \(sample("call-02-interruptions.wav")),bob,C0010
        \(sample("call-03-monologue.wav")),bob,C0011
        \(sample("call-04-noisy.wav")),bobby,constructor
        \(mono),,
        \(sample("call-05-noisy-crosstalk.wav")),Bob,
        \(sample("call-06-phone-line.wav")),Mary Ann,

        """.write(to: manifest, atomically: true, encoding: .utf8)
        let output = root.appendingPathComponent("out")
        let batch = try EarshotProcess.run(["analyze", "--manifest", manifest.path, "--output", output.path])
        try #require(batch.status == 0, "\(batch.stderr)")
        let steps: [[String: String]] = [
            ["type": "BOB"], ["type": ""], ["sort": "duration"], ["type": "bob"], ["type": "bob monologue"],
            ["type": "ann0"], ["type": "mono"], ["type": "monolog"], ["type": "c001"], ["type": "c00"],
            ["type": "(none)"], ["type": "bobb"], ["type": "Bob"], ["type": "constructor"], ["type": " Mary Ann "],
            ["type": "ann"],
        ]
        let stepsFile = root.appendingPathComponent("steps.json")
        try JSONSerialization.data(withJSONObject: steps).write(to: stepsFile)
        // Node.js from scripts/install-deps --test, wherever the PATH has it.
        let run = try EarshotProcess.run(
            [
                "node", EarshotProcess.root.appendingPathComponent("Tests/Fixtures/page-scripts.js").path,
                output.appendingPathComponent("report.html").path, stepsFile.path,
            ], tool: "/usr/bin/env")
        try #require(run.status == 0, "\(run.stderr)")
        // The file cell also says the call id ("call C001" under the file name): the files alone.
        let seen = try run.stdout.split(separator: "\n").map {
            var seen = try JSONDecoder().decode(Seen.self, from: Data($0.utf8))
            seen.shown = seen.shown.map { $0.replacing(/call (C\d+|constructor)$/, with: "") }
            return seen
        }
        try #require(seen.count == steps.count, "\(run.stdout)")
        let bob = [sample("call-02-interruptions.wav"), sample("call-03-monologue.wav")]
        // "BOB" is no agent's id as typed: any case of it, bob's and Bob's calls (not bobby's).
        let anyBob = bob + [sample("call-05-noisy-crosstalk.wav")]
        #expect(seen[0] == Seen(shown: anyBob, count: "3 of 7 calls shown (filter: BOB)"))
        #expect(seen[1].shown.count == 7 && seen[1].count == "")
        // Longest first (a figure's column): the monologue, 1:28.6, before the noisy call, the interruptions, the calm.
        #expect(seen[2].shown.first == sample("call-03-monologue.wav"), "\(seen[2])")
        // The rows moved, and the filter still finds bob's calls, in their new order; "bob" as typed is bob's only.
        #expect(seen[3] == Seen(shown: bob.reversed(), count: "2 of 7 calls shown (filter: bob)"))
        #expect(seen[4].shown == [sample("call-03-monologue.wav")])
        // A word does not run from one cell into the next (agent "ann", duration "0:55.9").
        #expect(seen[5] == Seen(shown: [], count: "0 of 7 calls shown (filter: ann0)"))
        // "mono" is a flag: the one-channel call only, not call-03-monologue (its name, its flag "monologue").
        #expect(seen[6] == Seen(shown: [mono], count: "1 of 7 calls shown (filter: mono)"))
        #expect(
            seen[7] == Seen(shown: [sample("call-03-monologue.wav")], count: "1 of 7 calls shown (filter: monolog)"))
        // A call id typed whole is that call only (C001, not C0010 and C0011); part of one finds all it is part of.
        #expect(seen[8] == Seen(shown: [sample("call-01-calm.wav")], count: "1 of 7 calls shown (filter: c001)"))
        #expect(seen[9].shown.count == 3, "\(seen[9])")
        // The call without an agent is "(none)", as in the agents' table; an agent's id whole is that agent's calls
        // only (bob is not bobby), part of one finds all it is part of.
        #expect(seen[10] == Seen(shown: [mono], count: "1 of 7 calls shown (filter: (none))"))
        #expect(seen[11] == Seen(shown: [sample("call-04-noisy.wav")], count: "1 of 7 calls shown (filter: bobb)"))
        // "Bob" as typed is Bob's only; an id that is a name of JavaScript's objects' own is an id like any other.
        let bobs = [sample("call-05-noisy-crosstalk.wav")]
        #expect(seen[12] == Seen(shown: bobs, count: "1 of 7 calls shown (filter: Bob)"))
        #expect(seen[13].shown == [sample("call-04-noisy.wav")], "\(seen[13])")
        // An id with a space typed whole is that id; one of its words that is another agent's id is that agent's.
        let mary = [sample("call-06-phone-line.wav")]
        #expect(seen[14] == Seen(shown: mary, count: "1 of 7 calls shown (filter: Mary Ann)"))
        #expect(seen[15] == Seen(shown: [sample("call-01-calm.wav")], count: "1 of 7 calls shown (filter: ann)"))
        // A page without a mono call: "mono" is still a flag's name, and finds none.
        let alone = root.appendingPathComponent("alone")
        let single = try EarshotProcess.run(["analyze", sample("call-03-monologue.wav"), "--output", alone.path])
        try #require(single.status == 0, "\(single.stderr)")
        try JSONSerialization.data(withJSONObject: [["type": "mono"]]).write(to: stepsFile)
        let again = try EarshotProcess.run(
            [
                "node", EarshotProcess.root.appendingPathComponent("Tests/Fixtures/page-scripts.js").path,
                alone.appendingPathComponent("report.html").path, stepsFile.path,
            ], tool: "/usr/bin/env")
        #expect(again.stdout == "{\"shown\":[],\"count\":\"0 of 1 call shown (filter: mono)\"}\n", "\(again.stdout)")
    }
}
