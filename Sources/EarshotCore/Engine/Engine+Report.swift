extension Engine {
    /// The call-level figures of what has been analysed so far (final frames only: they trail the input
    /// by `latencyFrames`). Not real-time safe: it walks the segment list; call it a few times a second.
    public func summarySoFar() -> Summary {
        summary(
            sampleCount: min(
                samplesProcessed, FrameClock(sampleRate: format.sampleRate).boundary(analyzerSnapshot.frameCount)))
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
            summary: summary(sampleCount: sampleCount), lostCapture: lostCapture,
            unacknowledged: listening.unacknowledged.filter { $0.count >= configuration.coach.nodAfterFrames },
            openingAccount: listening.openingAccount, quality: quality(sampleCount: sampleCount),
            thresholds: CountThresholds(
                silenceGapSeconds: FrameClock.seconds(ofFrame: configuration.conversation.silenceGapMinFrames),
                unacknowledgedSeconds: FrameClock.seconds(ofFrame: configuration.coach.nodAfterFrames)))
    }

    /// What makes the figures less certain, measured over the whole input.
    func quality(sampleCount: Int) -> RecordingQuality {
        let analyzer = analyzerSnapshot
        var leaks: [RecordingQuality.Crosstalk] = []
        if format.channelCount == 2 {
            for source in 0...1 {
                guard let found = crosstalkLeak(from: source) else { continue }
                leaks.append(
                    RecordingQuality.Crosstalk(
                        from: role(of: source), to: role(of: 1 - source), levelDB: Double(found.levelDB),
                        delayMilliseconds: found.delayFrames * 1_000 / FrameClock.framesPerSecond))
            }
        }
        return qualityFrames.quality(
            roles: roles, speechFrames: [.agent: analyzer.agentFrames, .customer: analyzer.customerFrames],
            clippedSamples: (0..<format.channelCount).map(clippedSamples(channel:)), samples: sampleCount,
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
            configuration: configuration.coach)
    }

    /// Whether `event` stands in the report: silence gaps that overlap lost capture are not silence (the
    /// live outputs use this to leave them out as the report does).
    public func notLost(_ event: ConversationEvent) -> Bool {
        event.kind != .silenceGap
            || !lostCapture.contains { $0.overlaps(event.startFrame..<max(event.startFrame + 1, event.endFrame)) }
    }

    private func summary(sampleCount: Int) -> Summary {
        let analyzer = analyzerSnapshot
        let seconds = { (frames: Int) in FrameClock.seconds(ofFrame: frames) }
        let turns = TurnAnalysis(
            segments: analyzer.segments, isBackchannel: analyzer.segmentIsBackchannel,
            monologueMaxPauseFrames: configuration.conversation.monologueMaxPauseFrames, lost: lostCapture)
        let events = analyzer.events.filter(notLost)
        func count(_ kind: ConversationEvent.Kind, by role: Role?) -> Int {
            events.count { $0.kind == kind && $0.by == role }
        }
        let duration = Double(sampleCount) / Double(format.sampleRate)
        let agentTalk = seconds(analyzer.agentFrames)
        let customerTalk = seconds(analyzer.customerFrames)
        let overlap = seconds(analyzer.overlapFrames)
        let gaps = turns.responseGapFrames.sorted()
        let lostFrames = lostCapture.reduce(0) { $0 + $1.count }
        let heard = duration - seconds(lostFrames)  // the media analysed: lost capture has no turns
        var summary = Summary(
            agentTalkSeconds: agentTalk,
            customerTalkSeconds: customerTalk,
            overlapSeconds: overlap,
            silenceSeconds: max(0, duration - (agentTalk + customerTalk - overlap) - seconds(lostFrames)),
            agentShare: format.channelCount == 2 && agentTalk + customerTalk > 0
                ? agentTalk / (agentTalk + customerTalk) : nil,
            interruptionsByAgent: count(.interruption, by: .agent),
            interruptionsByCustomer: count(.interruption, by: .customer),
            backchannelsByAgent: count(.backchannel, by: .agent),
            backchannelsByCustomer: count(.backchannel, by: .customer),
            silenceGaps: count(.silenceGap, by: nil),
            longestAgentMonologueSeconds: seconds(turns.longestMonologueFrames[.agent] ?? 0),
            longestCustomerMonologueSeconds: seconds(turns.longestMonologueFrames[.customer] ?? 0),
            responseGapMeanSeconds: gaps.isEmpty ? nil : seconds(gaps.reduce(0, +)) / Double(gaps.count),
            responseGapMedianSeconds: gaps.isEmpty
                ? nil : seconds(gaps[(gaps.count - 1) / 2] + gaps[gaps.count / 2]) / 2,
            switchesPerMinute: heard > 0 ? Double(turns.switches) / (heard / 60) : 0)
        if format.channelCount == 2 {
            let listening = self.listening
            summary.agentNodsPerCustomerMinute = listening.nodsPerCustomerMinute
            summary.longestUnacknowledgedSeconds = seconds(listening.unacknowledged.map(\.count).max() ?? 0)
            summary.unacknowledgedStretches = listening.unacknowledged.count {
                $0.count >= configuration.coach.nodAfterFrames
            }
            summary.openingAccountSeconds = listening.openingAccount.map { seconds($0.count) }
            summary.openingInterrupted = listening.openingAccount.map { _ in listening.openingInterrupted }
            summary.openingNods = listening.openingAccount.map { _ in listening.openingNods }
        }
        return summary
    }
}
