import Testing

@testable import earshot

@Suite("JSON written piece by piece")
struct JSONValueTests {
    /// Values of every kind, nested as a report nests them.
    private static func element(_ index: Int) -> JSONValue {
        .object([
            ("channel", .int(index % 2)), ("role", .string(index % 3 == 0 ? "agent \"a\"\n" : "customer")),
            ("start", .seconds(Double(index) * 0.37)), ("end", .number(Double(index) + 0.123_456, decimals: 2)),
            ("flag", index % 5 == 0 ? .null : .bool(index % 2 == 0)),
        ])
    }

    @Test("a lazy array writes exactly what the same array of made values writes", arguments: [0, 1, 7, 2_000])
    func lazyEqualsArray(count: Int) {
        let eager = JSONValue.object([
            ("items", .array((0..<count).map(Self.element))), ("tail", .array([.int(1), .int(2)])),
        ])
        let lazy = JSONValue.object([
            ("items", .lazyArray(count: count, element: Self.element)), ("tail", .array([.int(1), .int(2)])),
        ])
        for indent in [nil, 1, 2] {
            #expect(lazy.rendered(indent: indent) == eager.rendered(indent: indent))
        }
    }

    @Test("writing to a stream gives the same text as rendering to one string")
    func streamEqualsString() {
        /// Keeps every piece it is given, to check that the text arrives in many of them.
        struct Pieces: TextOutputStream {
            var pieces: [String] = []
            mutating func write(_ string: String) { pieces.append(string) }
        }
        let value = JSONValue.object([("items", .lazyArray(count: 500, element: Self.element))])
        var pieces = Pieces()
        value.write(to: &pieces, indent: 1)
        #expect(pieces.pieces.count > 500)
        #expect(pieces.pieces.joined() == value.rendered(indent: 1))
    }
}
