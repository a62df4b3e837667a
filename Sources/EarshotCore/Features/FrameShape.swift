/// The shape of one channel's speech-band spectrum in one frame: what tells speech from noise and tones.
/// `FeatureExtractor.shape(channel:slot:)` computes it on demand, since the detector needs it only in frames
/// that pass its speech test.
public struct FrameShape: Sendable {
    /// Spectral flatness of the speech band in dB (≤ 0): about -1 … -5 dB for white or pink noise,
    /// -10 dB and below for voiced speech, far lower for a pure tone.
    public var flatnessDB: Float
    /// Share of the band's power within the main lobes (±2 bins, ±3 where the FFT is padded more) of its two
    /// strongest peaks, 0 … 1 (near 1 for tones, dual tones such as DTMF, and dial tones; well below for voiced
    /// speech).
    public var peakShare: Float
    /// Whether the two strongest peaks lie at a DTMF pair: one at a row tone (697, 770, 852 or 941 Hz), one at a
    /// column tone (1209, 1336, 1477 or 1633 Hz), each within half a bin and 2 %. A voiced frame whose two
    /// strongest harmonics fall there can match; with `peakShare` near 1, over two frames running, it is a key.
    public var dtmfPair: Bool

    /// A spectrum's shape.
    /// - Parameters: see the properties.
    public init(flatnessDB: Float, peakShare: Float, dtmfPair: Bool = false) {
        self.flatnessDB = flatnessDB
        self.peakShare = peakShare
        self.dtmfPair = dtmfPair
    }

    /// The DTMF row (low) and column (high) tones, Hz.
    static let dtmfRows: [Float] = [697, 770, 852, 941]
    static let dtmfColumns: [Float] = [1209, 1336, 1477, 1633]

    /// Whether peaks at `a` and `b` Hz, found on bins `binHz` wide, are one row and one column tone.
    static func isDTMFPair(_ a: Float, _ b: Float, binHz: Float) -> Bool {
        let near = { (hz: Float, tone: Float) in abs(hz - tone) <= 0.5 * binHz + 0.02 * tone }
        let (low, high) = a < b ? (a, b) : (b, a)
        return dtmfRows.contains { near(low, $0) } && dtmfColumns.contains { near(high, $0) }
    }
}
