import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a command as a child process and measures its wall time and peak resident memory.
enum ProcessMeasurement {
    struct Sample {
        var seconds: Double
        var peakMemoryMB: Double
        var status: Int32
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> Sample {
        var pid: pid_t = 0
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let start = DispatchTime.now()
        guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else {
            throw CocoaError(.executableLoad)
        }
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &status, 0, &usage)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return Sample(seconds: elapsed, peakMemoryMB: Double(usage.ru_maxrss) / 1024, status: (status >> 8) & 0xFF)
    }
}
