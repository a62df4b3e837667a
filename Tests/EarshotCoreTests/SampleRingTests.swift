import Testing

@testable import EarshotCore

@Suite("Single-producer single-consumer sample ring")
struct SampleRingTests {
    @Test("samples come out in order across the wrap-around")
    func order() {
        let ring = SampleRing(minimumCapacity: 8, frameSize: 2)
        var next: Float = 0
        var expected: Float = 0
        var out = [Float](repeating: 0, count: 6)
        for _ in 0..<20 {
            let block = (0..<6).map { _ in
                defer { next += 1 }
                return next
            }
            #expect(block.withUnsafeBufferPointer { ring.write($0) } == 0)
            let got = out.withUnsafeMutableBufferPointer { ring.read(into: $0) }
            #expect(got == 6)
            for value in out.prefix(got) {
                #expect(value == expected)
                expected += 1
            }
        }
    }

    @Test("a full ring drops whole frames and reports how many samples it dropped")
    func overflow() {
        let ring = SampleRing(minimumCapacity: 8, frameSize: 2)
        let block = [Float](repeating: 1, count: 6)
        #expect(block.withUnsafeBufferPointer { ring.write($0) } == 0)
        #expect(block.withUnsafeBufferPointer { ring.write($0) } == 4)
        #expect(ring.available == 8)
    }

    @Test("a producer thread and a consumer thread move a million samples without loss or reordering")
    func threads() async {
        let ring = SampleRing(minimumCapacity: 4_096)
        let total = 1_000_000
        let producer = Task.detached {
            var sent = 0
            var block = [Float](repeating: 0, count: 256)
            while sent < total {
                let count = min(256, total - sent)
                for i in 0..<count { block[i] = Float(sent + i) }
                let dropped = block.withUnsafeBufferPointer { ring.write(UnsafeBufferPointer(rebasing: $0[0..<count])) }
                sent += count - dropped
                if dropped > 0 { await Task.yield() }
            }
        }
        var received = 0
        var ordered = true
        var out = [Float](repeating: 0, count: 300)
        while received < total {
            let got = out.withUnsafeMutableBufferPointer { ring.read(into: $0) }
            for i in 0..<got where out[i] != Float(received + i) { ordered = false }
            received += got
            if got == 0 { await Task.yield() }
        }
        await producer.value
        #expect(received == total)  // not more than was sent (the loop ends at `total` or past it)
        #expect(ordered)
    }
}
