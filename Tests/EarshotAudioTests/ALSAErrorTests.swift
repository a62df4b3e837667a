import Foundation
import Testing

@testable import EarshotAudio

/// ALSA's error codes become errors of a kind the commands map to exit status 2, each naming the device,
/// what went wrong and what to do. A busy device cannot be made here (no sound card); its code can.
@Suite("ALSA errors")
struct ALSAErrorTests {
    @Test(
        "each failure is named with the device and advice",
        arguments: [
            (ENOENT, AudioError.Kind.deviceNotFound, "no such device"),
            (ENODEV, .deviceNotFound, "no such device"),
            (EBUSY, .deviceBusy, "the device is busy"),
            (EACCES, .permissionDenied, "permission denied"),
            (EIO, .deviceFailed, "Input/output error"),
        ])
    func mapped(code: Int32, kind: AudioError.Kind, words: String) {
        let error = ALSAError.make(-code, operation: "open", device: "hw:3,0")
        #expect(error.kind == kind)
        #expect(error.device == "hw:3,0")
        #expect(error.path == nil)
        #expect(error.message.hasPrefix("cannot open 'hw:3,0': \(words)"), "\(error.message)")
        #expect(error.message.hasSuffix("run `earshot devices` to see the capture devices"), "\(error.message)")
    }

    @Test("a busy device is told how to share it; playback names the playback list")
    func advice() {
        #expect(ALSAError.make(-EBUSY, operation: "open", device: "default").message.contains("dsnoop"))
        let playback = ALSAError.make(-EBUSY, operation: "play to", device: "default")
        #expect(playback.message.hasSuffix("`aplay -L` lists the playback devices"), "\(playback.message)")
        // Playback is shared through dmix (dsnoop shares capture).
        #expect(playback.message.contains("share it through 'dmix'"), "\(playback.message)")
        #expect(!playback.message.contains("dsnoop"), "\(playback.message)")
    }
}
