/// How a report of a two-party call compares with its truth: speech frames per role, events per kind
/// and agent share.
public struct CallEvaluation: Sendable, Equatable {
    /// The event families scored, as named in eval output.
    public enum EventFamily: String, Sendable, CaseIterable {
        /// Interruptions by the agent.
        case interruptionByAgent = "interruption_by_agent"
        /// Interruptions by the customer.
        case interruptionByCustomer = "interruption_by_customer"
        /// Backchannels by either party (matched only to one by the same party).
        case backchannel
        /// Silence gaps (matched on start and end).
        case silenceGap = "silence_gap"
    }

    /// Speech-frame score of each role.
    public var speech: [Role: FrameScore]
    /// Boundary errors of each role's matched segments.
    public var boundaries: [Role: BoundaryError]
    /// Event matching per family (onsets within 0.5 s; silence gaps also ends within 0.5 s).
    public var events: [EventFamily: EventMatch]
    /// |reported − true agent share| in points (0-100), when both are known.
    public var agentShareErrorPoints: Double?

    /// Pools the evaluations of several calls (share errors are averaged by the caller).
    /// - Parameters:
    ///   - speech: speech-frame score of each role.
    ///   - boundaries: boundary errors of each role's matched segments.
    ///   - events: event matching per family.
    public init(speech: [Role: FrameScore], boundaries: [Role: BoundaryError], events: [EventFamily: EventMatch]) {
        self.speech = speech
        self.boundaries = boundaries
        self.events = events
        self.agentShareErrorPoints = nil
    }

    /// Scores `report` against `truth`.
    /// - Parameters:
    ///   - report: the engine's report of the call.
    ///   - truth: what really happened.
    ///   - onsetTolerance: largest onset difference of an event match. Default 0.5 s.
    public init(report: Report, truth: CallTruth, onsetTolerance: Double = 0.5) {
        let frames = Int((report.durationSeconds * Double(FrameClock.framesPerSecond)).rounded())
        var speech: [Role: FrameScore] = [:]
        var boundaries: [Role: BoundaryError] = [:]
        for role in Role.allCases where report.roles[role] != nil {
            let found = report.segments.filter { $0.role == role }.map(Self.span)
            let labelled = truth.speech[role] ?? []
            speech[role] = FrameScore(labelled: labelled, detected: found, frames: frames)
            boundaries[role] = BoundaryError(labelled: labelled, detected: found)
        }
        self.speech = speech
        self.boundaries = boundaries
        var events: [EventFamily: EventMatch] = [:]
        for family in EventFamily.allCases {
            let trueSpans = truth.events.filter { Self.family(of: $0.kind, by: $0.by) == family }
            let foundSpans = report.events.filter { Self.family(of: $0.kind, by: $0.by) == family }
            if family == .backchannel {
                // Backchannels must also match in who gave them.
                events[family] = Role.allCases.reduce(EventMatch()) { total, role in
                    total
                        + EventMatch(
                            truth: trueSpans.filter { $0.by == role }.map(\.span),
                            detected: foundSpans.filter { $0.by == role }.map(Self.span),
                            onsetTolerance: onsetTolerance)
                }
            } else {
                events[family] = EventMatch(
                    truth: trueSpans.map(\.span), detected: foundSpans.map(Self.span),
                    onsetTolerance: onsetTolerance, matchEnds: family == .silenceGap)
            }
        }
        self.events = events
        if let trueShare = truth.agentShare, let share = report.summary.agentShare {
            agentShareErrorPoints = abs(share - trueShare) * 100
        } else {
            agentShareErrorPoints = nil
        }
    }

    /// The mean agent-share error, in points, of the `evaluations` that have one (`nil` when none has), and how many
    /// have one: a call whose detection or truth gives no share is left out of the mean.
    /// - Parameter evaluations: the calls' evaluations.
    /// - Returns: `points`, the mean of their agent-share errors in points (0-100), `nil` when none has one; `calls`,
    ///   how many have one.
    public static func meanShareError(_ evaluations: [CallEvaluation]) -> (points: Double?, calls: Int) {
        let errors = evaluations.compactMap(\.agentShareErrorPoints)
        return (errors.isEmpty ? nil : errors.reduce(0, +) / Double(errors.count), errors.count)
    }

    /// Pooled counts of two evaluations (share errors are not pooled here).
    /// - Parameters:
    ///   - a: the evaluation of some calls.
    ///   - b: the evaluation of others.
    /// - Returns: an evaluation whose scores per role and family are pooled, with no agent-share error.
    public static func + (a: CallEvaluation, b: CallEvaluation) -> CallEvaluation {
        CallEvaluation(
            speech: a.speech.merging(b.speech, uniquingKeysWith: +),
            boundaries: a.boundaries.merging(b.boundaries, uniquingKeysWith: +),
            events: a.events.merging(b.events, uniquingKeysWith: +))
    }

    static func family(of kind: ConversationEvent.Kind, by: Role?) -> EventFamily {
        switch (kind, by) {
        case (.interruption, .agent?): .interruptionByAgent
        case (.interruption, _): .interruptionByCustomer
        case (.backchannel, _): .backchannel
        case (.silenceGap, _): .silenceGap
        }
    }

    /// A segment's time span in seconds.
    /// - Parameter segment: a segment of a report.
    /// - Returns: its start and end frames in seconds, end exclusive.
    public static func span(_ segment: Segment) -> TimeSpan {
        TimeSpan(
            start: FrameClock.seconds(ofFrame: segment.startFrame), end: FrameClock.seconds(ofFrame: segment.endFrame))
    }

    /// An event's time span in seconds.
    /// - Parameter event: an event of a report.
    /// - Returns: its start and end frames in seconds, end exclusive.
    public static func span(_ event: ConversationEvent) -> TimeSpan {
        TimeSpan(start: FrameClock.seconds(ofFrame: event.startFrame), end: FrameClock.seconds(ofFrame: event.endFrame))
    }
}
