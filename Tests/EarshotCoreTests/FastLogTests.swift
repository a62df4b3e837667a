import Testing

@testable import EarshotCore

@Suite("Fast logarithm")
struct FastLogTests {
    @Test(
        "log2 is within 1e-4 of exact over twelve decades", arguments: [1e-6, 0.001, 0.37, 1, 1.5, 2, 3.99, 1e3, 7.5e5])
    func accuracy(x: Double) {
        // Exact log2 by repeated halving/doubling and a series: independent of the fast path.
        var m = x
        var e = 0.0
        while m >= 2 { m /= 2; e += 1 }
        while m < 1 { m *= 2; e -= 1 }
        let y = (m - 1) / (m + 1)
        var series = 0.0
        var power = y
        for k in stride(from: 1, through: 41, by: 2) {
            series += power / Double(k)
            power *= y * y
        }
        let exact = e + 2 * series / 0.693_147_180_559_945_3
        #expect(abs(Double(FastLog.log2(Float(x))) - exact) < 1e-4)
    }
}
