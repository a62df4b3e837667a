import Testing

@Suite("Help text")
struct HelpTextTests {
    @Test("analyze --help lists every option a user needs")
    func analyzeHelp() throws {
        let result = try EarshotProcess.run(["analyze", "--help"])
        #expect(result.status == 0)
        for option in [
            "--format <format>", "--agent-channel", "--channels", "--silence-gap", "--backchannel-max",
            "--interruption-overlap", "--bridge", "--monologue-alert",
        ] {
            #expect(result.stdout.contains(option), "help is missing \(option)")
        }
        let flat = result.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("(values: text, json, csv, html; default: text)"))
    }

    @Test("the root help names the subcommands")
    func rootHelp() throws {
        let result = try EarshotProcess.run(["--help"])
        #expect(result.stdout.contains("analyze"))
    }
}
