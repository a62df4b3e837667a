extension Engine {
    /// The call-level figures of what has been analysed so far (final frames only: they trail the input
    /// by `latencyFrames`), equal to those of a report of the call so far. Not real-time safe (it allocates):
    /// call it a few times a second. Its cost grows with the segments not yet settled, not with the call.
    /// - Returns: the figures of the final frames so far, over the input they cover.
    public func summarySoFar() -> Summary {
        let analyzer = analyzerSnapshot
        running.update(analyzer, lost: lostCapture, keeps: notLost)
        return summary(
            sampleCount: min(samplesProcessed, FrameClock(sampleRate: format.sampleRate).boundary(analyzer.frameCount)),
            figures: running.figures(analyzer, lost: lostCapture))
    }

    /// The summary so far computed from the whole call's segment and event lists, as a report computes it: what
    /// `summarySoFar` must equal (for checks: it walks the whole call).
    /// - Returns: the figures of the final frames so far, walked from the whole call's segment and event lists.
    public func summaryOfWholeCall() -> Summary {
        let analyzer = analyzerSnapshot
        return summary(
            sampleCount: min(samplesProcessed, FrameClock(sampleRate: format.sampleRate).boundary(analyzer.frameCount)),
            figures: wholeCallFigures())
    }

    /// Assembles the report from the analyzer's lists and counters.
    func makeReport(sampleCount: Int) -> Report {
        let analyzer = analyzerSnapshot
        let events = analyzer.events.filter(notLost).sorted {
            ($0.startFrame, $0.endFrame) < ($1.startFrame, $1.endFrame)
        }
        return Report(
            sampleRate: format.sampleRate,
            channelCount: format.channelCount,
            sampleCount: sampleCount,
            roles: roles,
            segments: analyzer.segments.sorted { ($0.startFrame, $0.channel) < ($1.startFrame, $1.channel) },
            events: events,
            alerts: alerts,
            summary: summary(sampleCount: sampleCount, figures: wholeCallFigures()), lostCapture: lostCapture,
            unacknowledged: listening.unacknowledged.filter { $0.count >= configuration.coach.nodAfterFrames },
            openingAccount: listening.openingAccount, quality: quality(sampleCount: sampleCount),
            thresholds: CountThresholds(
                silenceGapSeconds: FrameClock.seconds(ofFrame: configuration.conversation.silenceGapMinFrames),
                unacknowledgedSeconds: FrameClock.seconds(ofFrame: configuration.coach.nodAfterFrames),
                dominanceShare: configuration.alerts.dominanceShare,
                monologueSeconds: FrameClock.seconds(ofFrame: configuration.alerts.monologueFrames)))
    }

    /// What makes the figures less certain, measured over the whole input.
    func quality(sampleCount: Int) -> RecordingQuality {
        let analyzer = analyzerSnapshot
        var leaks: [RecordingQuality.Crosstalk] = []
        if format.channelCount == 2 {
            // Each direction's leak, then its echo (the same voice returned later), each where found. The leak's
            // estimate hears the echo too, in the frames where the echo is all the target carries: a leak quieter
            // than the echo found is that, not a leak of its own.
            for source in 0...1 {
                let echo = echo(from: source)
                var leak = crosstalkLeak(from: source)
                if let echo, let found = leak, found.levelDB < echo.levelDB { leak = nil }
                let kinds: [(RecordingQuality.Crosstalk.Kind, (levelDB: Float, delayFrames: Int)?)] = [
                    (.leak, leak), (.echo, echo),
                ]
                for (kind, found) in kinds {
                    guard let found else { continue }
                    leaks.append(
                        RecordingQuality.Crosstalk(
                            kind: kind, from: role(of: source), to: role(of: 1 - source),
                            levelDB: Double(found.levelDB),
                            delayMilliseconds: found.delayFrames * 1_000 / FrameClock.framesPerSecond))
                }
            }
        }
        return qualityFrames.quality(
            roles: roles, speechFrames: [.agent: analyzer.agentFrames, .customer: analyzer.customerFrames],
            clippedSamples: (0..<format.channelCount).map(clippedSamples(channel:)),
            invalidSamples: (0..<format.channelCount).map(framer.invalidSamples(channel:)), samples: sampleCount,
            crosstalk: leaks)
    }

    private func role(of channel: Int) -> Role {
        roles.first { $0.value == channel }?.key ?? .agent
    }

    private var listening: ListeningFigures {
        let analyzer = analyzerSnapshot
        return ListeningFigures(
            segments: analyzer.segments, isBackchannel: analyzer.segmentIsBackchannel,
            events: analyzer.events.filter(notLost), customerTalkFrames: analyzer.customerFrames,
            framesAnalysed: analyzer.frameCount, configuration: configuration.coach)
    }

    /// Whether `event` stands in the report: silence gaps that overlap lost capture are not silence (the
    /// live outputs use this to leave them out as the report does).
    /// - Parameter event: an event of the analyzer.
    /// - Returns: `false` for a silence gap that overlaps lost capture; `true` otherwise.
    public func notLost(_ event: ConversationEvent) -> Bool {
        event.kind != .silenceGap
            || !lostCapture.contains { $0.overlaps(event.startFrame..<max(event.startFrame + 1, event.endFrame)) }
    }

    /// The segment and event figures of the whole call so far, from its segment and event lists.
    private func wholeCallFigures() -> SegmentFigures {
        SegmentFigures(
            wholeCall: analyzerSnapshot, lost: lostCapture, keeps: notLost,
            monologueMaxPauseFrames: configuration.conversation.monologueMaxPauseFrames, coach: configuration.coach)
    }

    private func summary(sampleCount: Int, figures: SegmentFigures) -> Summary {
        let analyzer = analyzerSnapshot
        let seconds = { (frames: Int) in FrameClock.seconds(ofFrame: frames) }
        let duration = Double(sampleCount) / Double(format.sampleRate)
        let agentTalk = seconds(analyzer.agentFrames)
        let customerTalk = seconds(analyzer.customerFrames)
        let overlap = seconds(analyzer.overlapFrames)
        let gaps = figures.responseGapCount
        let lost = lostCaptureSeconds
        let heard = duration - lost  // the media analysed: lost capture has no turns
        var summary = Summary(
            agentTalkSeconds: agentTalk,
            customerTalkSeconds: customerTalk,
            overlapSeconds: overlap,
            silenceSeconds: max(0, duration - (agentTalk + customerTalk - overlap) - lost),
            agentShare: format.channelCount == 2 && agentTalk + customerTalk > 0
                ? agentTalk / (agentTalk + customerTalk) : nil,
            interruptionsByAgent: figures.interruptionsByAgent,
            interruptionsByCustomer: figures.interruptionsByCustomer,
            backchannelsByAgent: figures.backchannelsByAgent,
            backchannelsByCustomer: figures.backchannelsByCustomer,
            silenceGaps: figures.silenceGaps,
            longestAgentMonologueSeconds: seconds(figures.longestAgentMonologue),
            longestCustomerMonologueSeconds: seconds(figures.longestCustomerMonologue),
            responseGapMeanSeconds: gaps == 0 ? nil : seconds(figures.responseGapSum) / Double(gaps),
            responseGapMedianSeconds: gaps == 0 ? nil : seconds(figures.responseGapMiddleSum) / 2,
            switchesPerMinute: heard > 0 ? Double(figures.switches) / (heard / 60) : 0)
        if format.channelCount == 2 {
            if analyzer.customerFrames > 0 {
                summary.agentNodsPerCustomerMinute =
                    Double(figures.backchannelsByAgent) / (Double(analyzer.customerFrames) / 6_000)
            }
            summary.longestUnacknowledgedSeconds = seconds(figures.longestUnacknowledged)
            summary.unacknowledgedStretches = figures.unacknowledgedStretches
            summary.openingAccountSeconds = figures.openingAccount.map { seconds($0.count) }
            summary.openingInterrupted = figures.openingAccount.map { _ in figures.openingInterrupted }
            summary.openingNods = figures.openingAccount.map { _ in figures.openingNods }
        }
        return summary
    }
}
