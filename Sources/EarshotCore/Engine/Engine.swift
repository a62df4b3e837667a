/// The one streaming engine behind `analyze`, `replay` and `live`: framing → features → voice
/// activity → pause bridging → conversation analysis → alerts.
///
/// Feed interleaved blocks of any size with `process(_:)`, then call `finish()` for the report.
/// Everything per frame works in storage allocated by `init`; only the segment, event and alert
/// lists grow, by one element per segment, event or alert.
public final class Engine {
    /// The input format.
    public let format: StreamFormat
    /// The settings in use.
    public let configuration: EngineConfiguration
    /// Input channel of each role present.
    public let roles: [Role: Int]
    /// The agent's input channel (`roles[.agent]`, kept out of the per-frame path's dictionary lookups).
    let agentChannel: Int

    let clock: FrameClock
    let framer: Framer
    let extractor: FeatureExtractor
    // Per-frame state, worked in by the pipeline in Engine+Frame.swift (internal for that file's sake; nothing
    // else in the module touches it). No access to one of these overlaps another (no inout reference is held
    // across a call that reaches the same property), so the runtime's exclusivity checks, about 2 % of the
    // frame time, are off for them. The engine is fed by one thread at a time.
    @exclusivity(unchecked) var detectors: [VoiceActivityDetector]
    @exclusivity(unchecked) var bridgers: [PauseBridger]
    @exclusivity(unchecked) var analyzer: ConversationAnalyzer
    @exclusivity(unchecked) var alertEngine: AlertEngine
    let crosstalk: CrosstalkSuppressor
    let peakTrackers: [SustainedPeakTracker]
    @exclusivity(unchecked) var qualityMonitor = QualityMonitor()
    /// True while `skipLost` feeds its zeros: they are not audio, so the recording-quality figures skip them.
    var fillingLost = false
    @exclusivity(unchecked) var framesCompleted = 0
    @exclusivity(unchecked) var rawFrames = 0
    /// Consecutive frames of speech in each channel's raw decisions, up to the latest.
    @exclusivity(unchecked) var talkRun: (Int, Int) = (0, 0)
    /// Raw speech frames of one party after which the other's spurts count however short (a nod).
    let nodListenFrames: Int
    @exclusivity(unchecked) var nextBoundary: Int
    /// The frames analysed and not yet decided, their spectra in the extractor's slots of the same numbers.
    let batch = FrameBatch()
    /// Stretches of media lost by the capture device, in frames (`[start, end)`).
    public private(set) var lostCapture: [Range<Int>] = []
    /// Seconds of media lost by the capture device so far (the length of `lostCapture`).
    public var lostCaptureSeconds: Double { FrameClock.seconds(ofFrame: lostCapture.reduce(0) { $0 + $1.count }) }
    private var finished = false
    /// The segment and event figures of `summarySoFar`, kept up to date as segments settle.
    var running: RunningFigures
    /// What `skipLost` feeds, made once: 4096 frames of two channels.
    private static let zeros = [Float](repeating: 0, count: 2 * 4_096)

    /// An engine for a stream of `format`, at the start of a call.
    /// - Parameters:
    ///   - format: rate and channel count of the input.
    ///   - configuration: every setting; the defaults follow docs/METRICS.md.
    public convenience init(format: StreamFormat, configuration: EngineConfiguration = .standard) {
        self.init(format: format, configuration: configuration, minSpurtFrames: configuration.vad.minSpurtFrames)
    }

    /// - Parameter minSpurtFrames: the detector's shortest talk spurt; 0 for decisions made elsewhere.
    private init(format: StreamFormat, configuration: EngineConfiguration, minSpurtFrames: Int) {
        self.format = format
        self.configuration = configuration
        let channels = format.channelCount
        roles =
            channels == 1
            ? [.agent: 0] : [.agent: configuration.agentChannel, .customer: 1 - configuration.agentChannel]
        agentChannel = channels == 1 ? 0 : configuration.agentChannel
        clock = FrameClock(sampleRate: format.sampleRate)
        extractor = FeatureExtractor(
            sampleRate: format.sampleRate, configuration: configuration.features, slots: FrameBatch.capacity)
        framer = Framer(channelCount: channels, windowSamples: extractor.windowSamples)
        detectors = Array(
            repeating: VoiceActivityDetector(
                configuration: configuration.vad, windowMilliseconds: configuration.features.windowMilliseconds),
            count: channels)
        let bridger = PauseBridger(
            bridgeFrames: configuration.conversation.bridgeFrames, minSpurtFrames: minSpurtFrames)
        bridgers = Array(repeating: bridger, count: channels)
        nodListenFrames = configuration.vad.nodListenFrames == 0 ? Int.max : configuration.vad.nodListenFrames
        analyzer = ConversationAnalyzer(configuration: configuration.conversation, channels: roles)
        eventKnownFrames.reserveCapacity(1_024)
        running = RunningFigures(
            monologueMaxPauseFrames: configuration.conversation.monologueMaxPauseFrames, coach: configuration.coach)
        alertEngine = AlertEngine(
            configuration: configuration.alerts, conversation: configuration.conversation, coach: configuration.coach,
            finalDelayFrames: bridger.delayFrames, twoParties: channels == 2)
        crosstalk = CrosstalkSuppressor(configuration: configuration.crosstalk, layout: extractor.layout)
        let layout = extractor.layout
        let fftSize = extractor.fftSize
        let windowSamples = extractor.windowSamples
        peakTrackers = (0..<channels).map { _ in
            SustainedPeakTracker(layout: layout, fftSize: fftSize, windowSamples: windowSamples)
        }
        nextBoundary = clock.boundary(1)
    }

    /// How many frames a final decision trails the input: detector look-ahead plus pause bridging and the
    /// shortest-spurt check.
    public var latencyFrames: Int {
        detectors[0].lookaheadFrames + bridgers[0].delayFrames
    }

    /// Samples per channel consumed so far.
    public var samplesProcessed: Int { mediaSamples ?? framer.samplesWritten }
    /// The samples fed, kept by `finish()` (which pads the last frame with silence).
    private var mediaSamples: Int?

    /// Alerts fired so far, in firing order.
    public var alerts: [Alert] { alertEngine.alerts }

    /// Who is speaking in the newest decided frame (`nil` before the first decision).
    public var speakingNow: RawFrame? { alertEngine.newest }

    /// Seconds since the agent last made a sound while the customer talks now, else `nil`.
    public var agentQuietSecondsWhileCustomerTalks: Double? {
        alertEngine.agentQuietFramesWhileCustomerTalks.map { FrameClock.seconds(ofFrame: $0) }
    }

    /// The party whose channel has carried almost no speech from 30 s into the call on while the other talks, if
    /// any (`UnheardParty`): while it is the customer, dead air, dominance and acknowledge alerts are held.
    public var unheardParty: Role? { alertEngine.unheardParty }

    /// Agent share over the dominance window (the last 120 s by default), `nil` before anyone spoke.
    public var recentAgentShare: Double? { alertEngine.windowAgentShare }

    /// Seconds of talk (agent plus customer) over the dominance window, as the dominance alert counts it.
    public var recentTalkSeconds: Double { FrameClock.seconds(ofFrame: alertEngine.windowTalkFrames) }

    /// The conversation analysis so far (segments, events, talk counters).
    public var analyzerSnapshot: ConversationAnalyzer { analyzer }

    /// Per-frame quality measurements so far (for `quality(sampleCount:)`).
    var qualityFrames: QualityMonitor { qualityMonitor }

    /// The leak from channel `source` into the other, if one stands clear of the noise.
    func crosstalkLeak(from source: Int) -> (levelDB: Float, delayFrames: Int)? { crosstalk.leakFound(from: source) }

    /// The echo of channel `source` in the other, if one was found.
    func echo(from source: Int) -> (levelDB: Float, delayFrames: Int)? { crosstalk.echoFound(from: source) }

    /// Clipped samples seen on `channel`.
    func clippedSamples(channel: Int) -> Int { framer.clippedSamples(channel: channel) }

    /// Events found so far, in the order they became certain.
    public var events: [ConversationEvent] { analyzer.events }

    /// For each of `events`, the media frame at which it became certain (the audio consumed by then), as an
    /// alert's `firedFrame`: the same in every mode and at every speed.
    public internal(set) var eventKnownFrames: [Int] = []

    /// Feeds interleaved samples (`format.channelCount` per frame, nominally -1 … 1).
    /// Real-time safe apart from list growth on new segments, events and alerts.
    /// - Parameter samples: a whole number of interleaved frames.
    public func process(_ samples: UnsafeBufferPointer<Float>) {
        precondition(!finished, "process after finish")
        guard let base = samples.baseAddress else { return }
        let channels = format.channelCount
        precondition(samples.count % channels == 0, "block must hold whole frames")
        let total = samples.count / channels
        var consumed = 0
        while consumed < total {
            let count = min(nextBoundary - framer.samplesWritten, total - consumed)
            framer.append(base + consumed * channels, frames: count)
            consumed += count
            if framer.samplesWritten == nextBoundary {
                analyseFrame()
                if batch.isFull { decideBatch() }
            }
        }
        decideBatch()
    }

    /// Records `frames` sample frames of media that capture lost (device gone) and keeps the timeline:
    /// they go through the engine as silence, raise no alerts, and are reported as lost capture rather
    /// than as silence; consecutive calls make one stretch. Not real-time safe (it allocates a block of zeros);
    /// called while a capture device is gone or after the ring overflowed, when no audio is being processed.
    /// - Parameter frames: sample frames (per channel) lost; 0 or less does nothing.
    public func skipLost(frames: Int) {
        guard frames > 0 else { return }
        let startFrame = samplesProcessed * FrameClock.framesPerSecond / format.sampleRate
        alertEngine.muted = true
        fillingLost = true
        qualityMonitor.breakRuns()
        var left = frames
        Self.zeros.withUnsafeBufferPointer { block in
            while left > 0 {
                let count = min(left, Self.zeros.count / 2)
                process(UnsafeBufferPointer(rebasing: block[0..<(count * format.channelCount)]))
                left -= count
            }
        }
        alertEngine.muted = false
        fillingLost = false
        let endFrame = samplesProcessed * FrameClock.framesPerSecond / format.sampleRate
        // An outage counted as it goes arrives in many pieces: one stretch, as long as nothing came between.
        if let last = lostCapture.last, last.upperBound == startFrame {
            lostCapture[lostCapture.count - 1] = last.lowerBound..<endFrame
        } else {
            lostCapture.append(startFrame..<endFrame)
        }
    }

    /// Ends the stream: analyses the last partial frame, drains the detector and bridging delays, and
    /// returns the report.
    /// - Returns: the report of the whole stream. Call it once; a second call is a programmer error.
    public func finish() -> Report {
        precondition(!finished, "finish called twice")
        finished = true
        let sampleCount = framer.samplesWritten
        mediaSamples = sampleCount
        if sampleCount > clock.boundary(framesCompleted) {
            framer.appendSilence(frames: nextBoundary - sampleCount)
            analyseFrame()
            decideBatch()
        }
        drainDelays()
        finishAnalysis()
        return makeReport(sampleCount: sampleCount)
    }

    /// Runs speech decisions made elsewhere (one `[Bool]` per channel, one value per 10 ms frame, all the
    /// same length) through the same pause bridging, conversation analysis and alert rules as the detector's
    /// own, and returns the report: how other detectors are scored with Earshot's definitions.
    /// - Parameters:
    ///   - decisions: per channel, speech (true) or not for each 10 ms frame.
    ///   - format: the rate and channel count the decisions were made on.
    ///   - configuration: pause bridge, definitions and alert rules (the detector's settings are not used).
    /// - Returns: the report, as `finish()` gives it for the detector's own decisions.
    public static func report(
        decisions: [[Bool]], format: StreamFormat, configuration: EngineConfiguration = .standard
    ) -> Report {
        precondition(decisions.count == format.channelCount, "one decision list per channel")
        let frames = decisions.map(\.count).min() ?? 0
        let engine = Engine(format: format, configuration: configuration, minSpurtFrames: 0)
        engine.finished = true
        for frame in 0..<frames {
            engine.framesCompleted += 1
            engine.step(raw: (decisions[0][frame], format.channelCount == 2 ? decisions[1][frame] : false))
        }
        engine.drainDelays()
        engine.finishAnalysis()
        var report = engine.makeReport(sampleCount: engine.clock.boundary(frames))
        report.quality = .none
        return report
    }
}
