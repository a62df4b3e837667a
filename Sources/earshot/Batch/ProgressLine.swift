import Foundation

/// The progress bar on stderr (terminals only): files, hours of audio, speed, ETA, failures.
final class ProgressLine {
    private var lastDraw = 0.0

    func update(done: Int, total: Int, failed: Int, audioSeconds: Double, elapsed: Double) {
        let now = Date().timeIntervalSince1970
        guard now - lastDraw >= 0.2 || done == total else { return }
        lastDraw = now
        let width = 24
        let filled = total == 0 ? width : width * done / total
        let speed = elapsed > 0 ? audioSeconds / elapsed : 0
        let eta = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
        let figures =
            " \(done)/\(total) files  failed \(failed)  \(String(format: "%.1f", audioSeconds / 3_600)) h audio  "
            + "\(Int(speed))x real time  ETA \(ReportText.clock(eta))"
        // Within the terminal's width (a line that wraps leaves a stale row at each redraw): the bar shrinks first,
        // down to none, then the figures are cut from the end.
        let room = TerminalView.terminalSize(of: STDERR_FILENO).columns - 1
        let barWidth = min(width, room - figures.count - 2)
        let bar =
            barWidth < 4
            ? ""
            : "[" + String(repeating: "█", count: barWidth * filled / width)
                + String(repeating: "░", count: barWidth - barWidth * filled / width) + "]"
        let fitted = String((bar + (bar.isEmpty ? String(figures.dropFirst()) : figures)).prefix(max(room, 0)))
        try? FileHandle.standardError.write(contentsOf: Data(("\r\u{1B}[2K" + fitted).utf8))
    }

    func clear() {
        try? FileHandle.standardError.write(contentsOf: Data("\r\u{1B}[2K".utf8))
    }
}
