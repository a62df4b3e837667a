import Foundation

/// A FIFO whose buffer is full and whose reader (the test) has read nothing yet: a child given it as stderr waits in
/// each write until the test reads.
final class FullFIFO {
    let path: String
    private let reader: Int32
    /// Bytes put in to fill the buffer, which `readAll` leaves out.
    private var filled = 0

    init(_ name: String) throws {
        path = Scratch.url(name).path
        unlink(path)
        guard mkfifo(path, 0o600) == 0 else { throw POSIXError(.EIO) }
        reader = open(path, O_RDONLY | O_NONBLOCK)
        let filler = open(path, O_WRONLY | O_NONBLOCK)
        guard reader >= 0, filler >= 0 else { throw POSIXError(.EIO) }
        var chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 4096)
        while case let count = write(filler, &chunk, chunk.count), count > 0 { filled += count }
        close(filler)
    }

    deinit { close(reader) }

    /// Reads until `child` has ended (at most `seconds`), then what is left: what the child wrote, as text.
    func readAll(while child: ChildProcess, seconds: Double = 20) -> String {
        var said = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let until = Date().addingTimeInterval(seconds)
        while child.isRunning && Date() < until {
            let count = read(reader, &buffer, buffer.count)
            if count > 0 { said += buffer[..<count] } else { Thread.sleep(forTimeInterval: 0.02) }
        }
        while case let count = read(reader, &buffer, buffer.count), count > 0 { said += buffer[..<count] }
        return String(decoding: said.dropFirst(filled), as: UTF8.self)
    }
}
