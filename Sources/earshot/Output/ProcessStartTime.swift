import Foundation

/// When a running process started, from `/proc` (seconds since 1970): tells a process that holds a reused process
/// id from the one that wrote a file under that id.
enum ProcessStartTime {
    /// The start of process `pid`, or `nil` when it cannot be read (no such process, no `/proc`).
    static func of(_ pid: Int32) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")"),
            let boot = bootTime
        else { return nil }
        // After the command name in parentheses (which may hold spaces): state is field 3, starttime field 22,
        // in clock ticks since boot.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        let perSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        return perSecond > 0 ? boot + ticks / perSecond : nil
    }

    /// The time the system booted (`btime` of `/proc/stat`).
    private static let bootTime: Double? = {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }()
}
