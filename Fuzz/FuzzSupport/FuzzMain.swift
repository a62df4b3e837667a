#if FUZZING
    internal import CLibFuzzer
#endif

/// The entry point of a fuzz target: libFuzzer's driver when built with `-sanitize=fuzzer -DFUZZING`
/// (scripts/fuzz), otherwise a runner that feeds the files named on the command line through the target
/// (the seed corpus and past crashes go through it in the tests).
public enum FuzzMain {
    /// Runs `target` as described above and returns the process exit status.
    public static func run(_ target: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32 {
        #if FUZZING
            var argc = CommandLine.argc
            var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
            return LLVMFuzzerRunDriver(&argc, &argv, target)
        #else
            let ran = FuzzReplay.run(Array(CommandLine.arguments.dropFirst()), through: target)
            return ran == CommandLine.arguments.count - 1 ? 0 : 1
        #endif
    }
}
