import ArgumentParser
import EarshotAudio
import Foundation

extension Live {
    /// Refuses a `--record` path that cannot hold a WAV recording of its own: the report's file, a pipe or
    /// socket, standard output, or a name without a WAV extension.
    func validateRecordPath() throws {
        guard let record else { return }
        if let report = monitor.report, BatchInputs.resolved(record) == BatchInputs.resolved(report) {
            throw ValidationError("--record and --report name the same file: one would overwrite the other")
        }
        // WAV is written with its length in the header, which a pipe cannot take; opening a FIFO would also wait
        // for a reader before libsndfile says so.
        var status = stat()
        if stat(record, &status) == 0, [S_IFIFO, S_IFSOCK].contains(status.st_mode & S_IFMT) {
            throw ValidationError(
                "--record needs a file: '\(record)' is a pipe, and a WAV recording cannot be streamed")
        }
        // The live view, JSON lines or plain lines go to standard output: a recording there would be mixed into them.
        var output = stat()
        if stat(record, &status) == 0, fstat(STDOUT_FILENO, &output) == 0,
            status.st_dev == output.st_dev, status.st_ino == output.st_ino
        {
            throw ValidationError("--record '\(record)' is standard output: name a file of its own")
        }
        if !["wav", "wave", "rf64"].contains((record as NSString).pathExtension.lowercased()) {
            throw ValidationError("--record writes a WAV file: name it FILE.wav, not '\(record)'")
        }
    }

    /// The recorder of `--record`, or `nil`; a file that cannot be made ends the command with status 3.
    func makeRecorder(sampleRate: Int) throws -> BackgroundRecorder? {
        guard let record else { return nil }
        do {
            // Plain WAV, RF64 only past 4 GiB (about 18 h at 16 kHz, 6 h at 48 kHz).
            // Readable by its owner alone (personal data), never written through another user's link or file
            // (the links were checked at the start; a link put there since is refused by the writer).
            let target = (try? OutputLinks.chain(from: record))?.last ?? record
            let writer = try AudioFileWriter(
                path: target, sampleRate: sampleRate, channelCount: 2, encoding: .autoRF64, ownerOnly: true,
                named: record)
            return try BackgroundRecorder(sink: writer, sampleRate: sampleRate, channelCount: 2)
        } catch {
            StandardError.print("earshot: error: \(error.message)")
            throw ExitStatus.outputFailed
        }
    }
}
