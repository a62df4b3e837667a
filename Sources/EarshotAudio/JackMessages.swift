internal import Glibc

/// libjack, which ALSA's `jack` plugin loads, prints its own errors on stderr: a few lines when its server
/// dies and more at every retry of the device while it is gone. Earshot reports the loss itself, and those
/// lines would break into the live view. Once libjack is in the process (after an open through the plugin),
/// its error and info printers are set to print nothing; before that, a first open that fails still shows
/// libjack's reason ("jack server is not running or cannot be started") above Earshot's error.
enum JackMessages {
    private typealias Printer = @convention(c) (UnsafePointer<CChar>?) -> Void
    private typealias SetPrinter = @convention(c) (Printer?) -> Void

    /// Silences libjack when it is loaded; does nothing otherwise (it is not loaded for it).
    static func silenceIfLoaded() {
        guard let handle = dlopen("libjack.so.0", RTLD_NOW | RTLD_NOLOAD) else { return }
        defer { dlclose(handle) }
        let silent: Printer = { _ in }
        for name in ["jack_set_error_function", "jack_set_info_function"] {
            guard let symbol = dlsym(handle, name) else { continue }
            unsafeBitCast(symbol, to: SetPrinter.self)(silent)
        }
    }
}
