/// The per-frame pipeline: each frame is analysed (window, FFT, features) into the batch, then decided
/// (crosstalk suppression, detectors), bridged, analysed as conversation and passed to the alert rules.
/// Real-time safe: the state it works in was allocated by `Engine.init`.
extension Engine {
    /// Analyses the frame that ends at the framer's newest sample into the batch: window, FFT, band features
    /// and the tonal share, which depend on nothing the decisions change.
    func analyseFrame() {
        let slot = batch.count
        if framesCompleted == 0 && slot == 0 { framer.fillHistoryBeforeStart() }  // the stream's first frame
        for channel in 0..<format.channelCount {
            var features = extractor.features(of: framer, channel: channel, slot: slot)
            features.tonalShare = peakTrackers[channel].tonalShare(
                spectrum: extractor.spectrum(channel: channel, slot: slot))
            features.tonalNotes = peakTrackers[channel].notesHeld
            batch.store(features, channel: channel)
        }
        batch.commit()
        // Frames analysed so far: those decided and those in the batch.
        nextBoundary = clock.boundary(framesCompleted + batch.count + 1)
    }

    /// Decides the batch's frames, oldest first, then steps their decisions through the conversation analysis.
    @inline(__always)
    func decideBatch() {
        for slot in 0..<batch.count { decideFrame(slot: slot) }
        for slot in 0..<batch.count {
            framesCompleted += 1
            let decided = batch.decisions(slot: slot)
            guard let channel0 = decided.raw.0 else { continue }
            step(raw: (channel0, decided.raw.1 ?? false), foreground: decided.foreground, nodLevel: decided.nodLevel)
        }
        batch.removeAll()
    }

    /// Takes the frame analysed into `slot` through crosstalk suppression and the detectors, keeping their
    /// decisions in the batch.
    private func decideFrame(slot: Int) {
        var first = batch.features(slot: slot, channel: 0)
        var raw: (Bool?, Bool?) = (nil, nil)
        var peerLevels: (Float?, Float?) = (nil, nil)
        if format.channelCount == 2 {
            var second = batch.features(slot: slot, channel: 1)
            crosstalk.record(channel: 0, spectrum: extractor.spectrum(channel: 0, slot: slot))
            crosstalk.record(channel: 1, spectrum: extractor.spectrum(channel: 1, slot: slot))
            if !fillingLost { qualityMonitor.record(first, second) }
            crosstalk.process(
                &first, &second, noiseFloorDB: (detectors[0].noiseFloorDB, detectors[1].noiseFloorDB),
                bandFloorPowers: (detectors[0].bandFloorPowers, detectors[1].bandFloorPowers),
                speaking: (detectors[0].isSpeaking, detectors[1].isSpeaking))
            // A talker not known yet is measured against the other party after digital silence (fresh sound):
            // each against the other's level before this frame.
            peerLevels = (detectors[1].knownTalkLevelDB, detectors[0].knownTalkLevelDB)
            raw.1 = detectors[1].process(second, peerTalkLevelDB: peerLevels.1) { [unowned(unsafe) extractor] in
                extractor.shape(channel: 1, slot: slot)
            }
        } else {
            if !fillingLost { qualityMonitor.record(first, nil) }
        }
        raw.0 = detectors[0].process(first, peerTalkLevelDB: peerLevels.0) { [unowned(unsafe) extractor] in
            extractor.shape(channel: 0, slot: slot)
        }
        batch.setDecisions((raw, foregroundSeen, nodLevelSeen), slot: slot)
    }

    /// Whether each channel's current spurt is the talker's own voice (a missing second channel: yes).
    private var foregroundSeen: (Bool, Bool) {
        (detectors[0].foregroundSeen, format.channelCount == 2 ? detectors[1].foregroundSeen : true)
    }

    /// Whether each channel's current spurt was heard near the talker's own level (a nod in their voice).
    private var nodLevelSeen: (Bool, Bool) {
        (detectors[0].nodLevelSeen, format.channelCount == 2 ? detectors[1].nodLevelSeen : false)
    }

    /// Pushes one frame of detector decisions through pause bridging, the analyzer and the alert rules.
    /// `foreground`: whether each channel's current spurt is the talker's own voice (`VoiceActivityDetector`);
    /// `nodLevel`: whether it was heard near the talker's level (`VoiceActivityDetector.nodLevelSeen`).
    func step(
        raw: (Bool, Bool), foreground: (Bool, Bool) = (true, true), nodLevel: (Bool, Bool) = (false, false)
    ) {
        talkRun = (raw.0 ? talkRun.0 &+ 1 : 0, raw.1 ? talkRun.1 &+ 1 : 0)
        let listen = nodListenFrames
        let final0 = bridgers[0].process(
            raw.0, foreground: foreground.0, nodLevel: nodLevel.0, otherTalking: talkRun.1 >= listen)
        let final1 =
            format.channelCount == 2
            ? bridgers[1].process(
                raw.1, foreground: foreground.1, nodLevel: nodLevel.1, otherTalking: talkRun.0 >= listen)
            : false
        let (agent, customer) = byRole(raw.0, raw.1)
        let newest = RawFrame(
            frame: rawFrames, agentActive: agent, customerActive: customer,
            agentOpenSegmentStart: bridgers[agentChannel].openSegmentStart,
            agentPendingStart: bridgers[agentChannel].pendingSpurtStart,
            customerPendingStart: format.channelCount == 2 ? bridgers[1 - agentChannel].pendingSpurtStart : nil)
        rawFrames += 1
        var signals: ConversationSignals?
        if let final0 { signals = analyze(final0, final1 ?? false) }
        alertEngine.process(final: signals, raw: newest, mediaFrame: framesCompleted)
    }

    private func analyze(_ channel0: Bool, _ channel1: Bool) -> ConversationSignals {
        let (agent, customer) = byRole(channel0, channel1)
        let signals = analyzer.process(agentActive: agent, customerActive: customer)
        noteNewEvents()
        return signals
    }

    /// Keeps, for events the analyzer has just decided, the media frame it was at (as alerts' `firedFrame`).
    @inline(__always)
    private func noteNewEvents() {
        while eventKnownFrames.count < analyzer.events.count { eventKnownFrames.append(framesCompleted) }
    }

    /// Channel activity as (agent, customer); mono input has no customer.
    @inline(__always)
    private func byRole(_ channel0: Bool, _ channel1: Bool) -> (Bool, Bool) {
        if format.channelCount == 1 { return (channel0, false) }
        return configuration.agentChannel == 0 ? (channel0, channel1) : (channel1, channel0)
    }

    /// Ends the analysis: an agent cut-in decided only now (it ended under 0.5 s before the end, the customer not
    /// heard again) still gets its alert.
    func finishAnalysis() {
        let start = analyzer.finish()
        noteNewEvents()
        guard let start else { return }
        alertEngine.agentInterruptedAtEnd(start: start, mediaFrame: framesCompleted)
    }

    /// Pushes the frames still held back by the detector's look-ahead and by pause bridging through
    /// the analysis, so that the report covers every frame of the input.
    func drainDelays() {
        var pending: [[Bool]] = []
        for channel in 0..<format.channelCount {
            var decisions: [Bool] = []
            detectors[channel].flush { decisions.append($0) }
            pending.append(decisions)
        }
        for i in 0..<pending[0].count {
            step(
                raw: (pending[0][i], format.channelCount == 2 ? pending[1][i] : false),
                foreground: foregroundSeen, nodLevel: nodLevelSeen)
        }
        var finals: [[Bool]] = []
        for channel in 0..<format.channelCount {
            var out: [Bool] = []
            bridgers[channel].flush { out.append($0) }
            finals.append(out)
        }
        for i in 0..<finals[0].count {
            let signals = analyze(finals[0][i], format.channelCount == 2 ? finals[1][i] : false)
            alertEngine.process(final: signals, raw: nil, mediaFrame: framesCompleted)
        }
    }
}
