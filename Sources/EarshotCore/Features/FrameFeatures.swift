/// What the detector knows about one channel in one 10 ms frame.
public struct FrameFeatures: Sendable {
    /// Number of sub-bands the speech band is split into (see `bandPower`).
    public static let bandCount = 8
    /// Sub-band edges in hertz: equal steps on a log scale, 200 · 17^(j/8), across 200 … 3 400 Hz.
    public static let bandEdgesHz: [Double] = [
        200, 284.99, 406.11, 578.69, 824.62, 1_175.06, 1_674.43, 2_386.01, 3_400,
    ]

    /// Mean-square level in the speech band, in dB relative to full scale (a full-scale sine in band
    /// is about -3 dB; digital silence is about -380 dB).
    public var energyDB: Float
    /// The band level that belongs to this channel's own talker, in dBFS: `energyDB` less the other
    /// channel's predicted leak (equal to `energyDB` for mono input or before crosstalk suppression).
    public var ownEnergyDB: Float
    /// Share of the sound above a slow per-bin floor held in sustained spectral peaks (musical notes),
    /// 0 … 1; set by `SustainedPeakTracker`, 0 until then.
    public var tonalShare: Float = 0
    /// Whether the sustained peaks are a music's notes (a chord, a note with its overtones, a melody), not a tone's;
    /// set by `SustainedPeakTracker`, false until then.
    public var tonalNotes = false
    /// Mean-square level of each sub-band, linear (full scale = 1); their sum is the band level.
    public var bandPower: InlineArray<8, Float>
    /// `bandPower` less the other channel's predicted leak (equal to it for mono input).
    public var ownBandPower: InlineArray<8, Float>

    /// A frame's features, its own band power equal to `bandPower` until crosstalk removal sets it.
    /// - Parameters: see the properties.
    public init(energyDB: Float, bandPower: InlineArray<8, Float> = InlineArray(repeating: 0)) {
        self.energyDB = energyDB
        self.ownEnergyDB = energyDB
        self.bandPower = bandPower
        self.ownBandPower = bandPower
    }
}
