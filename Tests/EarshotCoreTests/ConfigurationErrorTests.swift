import Testing

@testable import EarshotCore

/// Each invalid setting throws the kind of error it is: a value outside its range, or values that contradict
/// each other.
@Suite("Configuration errors")
struct ConfigurationErrorTests {
    /// The kind of configuration error `make` throws, or `nil` when it throws none.
    private static func kind(_ make: () throws -> Void) -> ConfigurationError.Kind? {
        do {
            try make()
            return nil
        } catch {
            return (error as? ConfigurationError)?.kind
        }
    }

    @Test("a value outside its range is outOfRange, two values that contradict each other are conflicting")
    func kinds() {
        #expect(Self.kind { _ = try AlertConfiguration(dominanceShare: 1.2) } == .outOfRange)
        #expect(Self.kind { _ = try AlertConfiguration(dominanceRearmShare: -0.1) } == .outOfRange)
        #expect(Self.kind { _ = try AlertConfiguration(dominanceShare: 0.6, dominanceRearmShare: 0.7) } == .conflicting)
        #expect(Self.kind { _ = try VADConfiguration(musicTimeFrames: 0) } == .outOfRange)
        #expect(Self.kind { _ = try VADConfiguration(musicOnShare: 0.3, musicOffShare: 0.4) } == .conflicting)
        #expect(Self.kind { _ = try VADConfiguration(backgroundTimeFrames: 0) } == .outOfRange)
        #expect(Self.kind { _ = try VADConfiguration(backgroundOnsetDB: 4, backgroundHoldDB: 5) } == .conflicting)
        #expect(Self.kind { _ = try VADConfiguration(resumeOnsetFrames: 0) } == .outOfRange)
        #expect(Self.kind { _ = try VADConfiguration(onsetFrames: 2, resumeOnsetFrames: 3) } == .conflicting)
        #expect(Self.kind { _ = try VADConfiguration(sustainRangeDB: -1) } == .outOfRange)
        #expect(Self.kind { _ = try VADConfiguration(minScore: 1, sustainMinScore: 1.25) } == .conflicting)
        #expect(Self.kind { _ = try VADConfiguration() } == nil)
        #expect(Self.kind { _ = try AlertConfiguration() } == nil)
    }
}
