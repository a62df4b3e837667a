/// Removes each channel's leak into the other (headset crosstalk, softphone echo) before the speech
/// decision, so a voice heard on the wrong channel does not count as that party speaking, while real
/// overlap (both parties speaking) still does.
///
/// For each direction it learns the leak path (gain per sub-band and delay) while the source channel
/// speaks loudly, predicts the leak in every frame, and replaces the target's band level by what
/// exceeds the prediction by `marginDB` in each sub-band. Fixed-size state; real-time safe.
public struct CrosstalkSuppressor: ~Copyable {
    /// The settings in use.
    public let configuration: CrosstalkConfiguration
    private var history0 = SourceHistory()
    private var history1 = SourceHistory()
    private var leak0to1: LeakPath
    private var leak1to0: LeakPath
    private let margin: Float

    /// - Parameter configuration: margin, learning threshold and delay range.
    public init(configuration: CrosstalkConfiguration = .standard) {
        self.configuration = configuration
        leak0to1 = LeakPath(initialGainDB: configuration.initialLeakDB)
        leak1to0 = LeakPath(initialGainDB: configuration.initialLeakDB)
        var m: Float = 1
        var db = configuration.marginDB
        while db >= 1 {  // 10^(margin/10) without libm
            m *= 1.258_925_4
            db -= 1
        }
        margin = m * (1 + db * 0.258_925_4)
    }

    /// The learnt leak gain from channel `source` into the other, per sub-band, in dB.
    public func leakGainDB(from source: Int) -> InlineArray<8, Float> {
        source == 0 ? leak0to1.gainDB : leak1to0.gainDB
    }

    /// De-leaks one stereo frame in place. `noiseFloorDB` are the detectors' floors of each channel.
    /// Real-time safe.
    public mutating func process(_ f0: inout FrameFeatures, _ f1: inout FrameFeatures, noiseFloorDB: (Float, Float)) {
        guard configuration.enabled else { return }
        history0.push(f0.bandPower)
        history1.push(f1.bandPower)
        let maxDelay = configuration.maxDelayFrames
        if f0.energyDB - noiseFloorDB.0 > configuration.learnSNRDB {
            leak0to1.learn(target: f1.bandPower, history: history0, maxDelay: maxDelay)
        }
        if f1.energyDB - noiseFloorDB.1 > configuration.learnSNRDB {
            leak1to0.learn(target: f0.bandPower, history: history1, maxDelay: maxDelay)
        }
        let own0 = residual(f0.bandPower, leak: leak1to0, source: history1)
        let own1 = residual(f1.bandPower, leak: leak0to1, source: history0)
        f0.ownEnergyDB = min(f0.energyDB, FastLog.decibels(own0 + 1e-30))
        f1.ownEnergyDB = min(f1.energyDB, FastLog.decibels(own1 + 1e-30))
    }

    /// Band power left after removing `margin` times the predicted leak from each band.
    private func residual(
        _ bands: InlineArray<8, Float>, leak: borrowing LeakPath, source: borrowing SourceHistory
    ) -> Float {
        let predicted = source.maxOver(delay: leak.delayFrames, spread: 1)
        var total: Float = 0
        for band in 0..<FrameFeatures.bandCount {
            let gain = FastLog.power(decibels: leak.gainDB[band])
            total += max(0, bands[band] - margin * gain * predicted[band])
        }
        return total
    }
}
