import Testing

@testable import EarshotCore

@Suite("Vector helpers")
struct VectorMathTests {
    /// The plain definition: the first index of the largest value.
    private static func firstMaximum(_ values: [Float], _ range: Range<Int>) -> Int? {
        guard !range.isEmpty else { return nil }
        var index = range.lowerBound
        for i in range where values[i] > values[index] { index = i }
        return index
    }

    @Test("indexOfMaximum finds the first largest value in every range of a row with ties")
    func indexOfMaximum() {
        // Values with repeats, so ties must resolve to the first index.
        let values: [Float] = (0..<40).map { Float(($0 * 7) % 11) }
        values.withUnsafeBufferPointer { row in
            for lower in 0..<values.count {
                for upper in lower...values.count {
                    #expect(
                        VectorMath.indexOfMaximum(row.baseAddress!, lower..<upper)
                            == Self.firstMaximum(values, lower..<upper))
                }
            }
        }
    }

    @Test("indexOfMaximum stays inside the range when the first value is NaN", arguments: [8, 16, 104, 13])
    func notANumber(count: Int) throws {
        // A guard value after the range: reading it would be a read past the range.
        var values = [Float](repeating: 1, count: count + 1)
        values[0] = .nan
        values[count] = 99
        let index = try #require(
            values.withUnsafeBufferPointer { VectorMath.indexOfMaximum($0.baseAddress!, 0..<count) })
        #expect((0..<count).contains(index))
    }

    @Test("paddedSum adds exactly the values of every range, whatever lies in the padding after it")
    func paddedSum() {
        // Small integers sum exactly in any order; the row continues with large values, so a mask that lets
        // one of them in shows at once.
        let count = 40
        let values: [Float] = (0..<count).map { Float(($0 * 5) % 13) } + [Float](repeating: 1e6, count: 8)
        values.withUnsafeBufferPointer { row in
            for lower in 0..<count {
                for upper in lower...count {
                    let plain = values[lower..<upper].reduce(0, +)
                    #expect(VectorMath.paddedSum(row.baseAddress!, lower..<upper, masks: VectorMath.chunkMask) == plain)
                }
            }
        }
    }
}
