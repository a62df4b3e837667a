import Testing

@testable import EarshotAudio

/// The header's declared length, read from libsndfile's log in each container's words (logs as libsndfile 1.2
/// writes them for the files described).
@Suite("Declared length of truncated files")
struct DeclaredLengthTests {
    @Test("WAV: the data size in bytes, when more than the file holds; 0 found is still a length")
    func wav() {
        #expect(
            DeclaredLength.frames(
                log: "RIFF : 3840036 (should be 1920036)\ndata : 3840000 (should be 1920000)",
                bytesPerFrame: 4) == 960_000)
        // A file that is only its header: nothing found, the header's length stands.
        #expect(DeclaredLength.frames(log: "data : 3840000 (should be 0)", bytesPerFrame: 4) == 960_000)
        // The header agrees, or says less than there is.
        #expect(DeclaredLength.frames(log: "data : 3840000", bytesPerFrame: 4) == nil)
        #expect(DeclaredLength.frames(log: "data : 100 (should be 3840000)", bytesPerFrame: 4) == nil)
    }

    @Test("the unknown-length sizes of streaming recorders (0xFFFFFFFF, sox's and arecord's) are no truncation")
    func unknownSizes() {
        for size in [0xFFFF_FFFF, 0x7FFF_F000, 0x7FFF_FF00, 0x8000_0000] {
            #expect(DeclaredLength.frames(log: "data : \(size) (should be 3840000)", bytesPerFrame: 4) == nil)
        }
    }

    @Test("RF64, AIFF, W64 and AU say it in their own words")
    func otherContainers() {
        let rf64 = """
            ds64 : 28
              Data size : 3840000
            data : 0xFFFFFFFF
            *** Calculated frame count 479987 does not match value from 'ds64' chunk of 960000.
            """
        #expect(DeclaredLength.frames(log: rf64, bytesPerFrame: 4) == 960_000)
        #expect(DeclaredLength.frames(log: rf64, bytesPerFrame: nil) == 960_000)
        let aiff = "FORM : 3840046 (should be 1920019)\n SSND : 3840008 (should be 1919981)"
        #expect(DeclaredLength.frames(log: aiff, bytesPerFrame: 4) == 960_000)
        let w64 = "riff : 3840104 (should be 1920052)\ndata : 3840024"
        #expect(DeclaredLength.frames(log: w64, bytesPerFrame: 4) == 960_000)
        let au = ".snd\n  Data Offset : 24\n  Data Size   : 3840000 (should be 1920000)\n  Encoding    : 3"
        #expect(DeclaredLength.frames(log: au, bytesPerFrame: 4) == 960_000)
        // Compressed audio in a WAV (IMA ADPCM, GSM): its data sizes scaled by the frames they hold.
        #expect(DeclaredLength.frames(log: "data : 3840000 (should be 1920000)", bytesPerFrame: nil) == nil)
        #expect(
            DeclaredLength.frames(log: "data : 3840000 (should be 1920000)", bytesPerFrame: nil, found: 480_000)
                == 960_000)
    }

    @Test("audio after a WAV's declared data, in no chunk, counts from a second of it, scaled by the declared bytes")
    func undeclaredAudio() {
        let log = """
            Length : 4696460
            RIFF : 4696452
            data : 640000
            *** Unknown chunk marker (FE01) at position 640044. Exiting parser.
            """
        // 640 000 declared bytes hold 160 000 frames: the 4 056 416 after them, 1 014 104 frames' worth.
        #expect(DeclaredLength.undeclaredFrames(log: log, found: 160_000, sampleRate: 16_000) == 1_014_104)
        // libsndfile's other words for it (a marker it cannot name, then a resync).
        let resync =
            "Length : 894138\ndata : 160000\n  Unknown chunk marker at position 160058. Resynching.\n*** Chunk size"
        #expect(DeclaredLength.undeclaredFrames(log: resync, found: 80_000, sampleRate: 8_000) == 367_040)
        // Under a second of it (stray bytes), a parse to the end, or a truncated data chunk: nothing.
        let stray =
            "Length : 650000\ndata : 640000\n*** Unknown chunk marker (FE01) at position 640044. Exiting parser."
        #expect(DeclaredLength.undeclaredFrames(log: stray, found: 160_000, sampleRate: 16_000) == nil)
        #expect(
            DeclaredLength.undeclaredFrames(log: "Length : 4696460\ndata : 640000", found: 160_000, sampleRate: 16_000)
                == nil)
        let truncated =
            "Length : 1000044\ndata : 4000000 (should be 1000000)\n*** Unknown chunk marker (0) at position 1000044"
        #expect(DeclaredLength.undeclaredFrames(log: truncated, found: 250_000, sampleRate: 16_000) == nil)
    }
}
