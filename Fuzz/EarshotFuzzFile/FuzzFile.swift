// libFuzzer target: arbitrary bytes as an audio file, through libsndfile, FileSource and the engine.
// Built with -sanitize=fuzzer,address -DFUZZING by scripts/fuzz; built normally it is a runner that feeds
// the files named on its command line through the same function.
import EarshotAudio
import EarshotCore
import FuzzSupport
import Glibc

/// A file in memory where /dev/shm can be written (millions of runs), else in the temporary folder.
private let scratch: String = {
    let temporary = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    let folder = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : temporary
    return "\(folder)/earshot-fuzz-\(getpid()).audio"
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    guard let file = fopen(scratch, "wb") else { fatalError("cannot write \(scratch)") }
    precondition(fwrite(data, 1, size, file) == size, "short write to \(scratch)")
    fclose(file)
    do {
        ReportInvariants.check(try FileAnalysis.analyze(path: scratch))
    } catch {
        precondition(!error.message.isEmpty, "an error without a message")
        precondition(error.message.contains(scratch), "an error that does not name the file: \(error.message)")
    }
    return 0
}

/// libFuzzer's driver under scripts/fuzz; otherwise runs the files named on the command line.
@main
enum Runner {
    static func main() {
        // libFuzzer's driver ends the process with exit() itself: the file goes then, not after run returns.
        atexit { unlink(scratch) }
        exit(FuzzMain.run(fuzzFile))
    }
}
