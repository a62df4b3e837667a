internal import CALSA
internal import EarshotCore
internal import Glibc
import Synchronization

/// The capture thread: what runs between `start()` and `stop()`.
extension ALSACapture {
    /// The capture thread's body: reads the device period by period into the ring until `stop()` or the frame
    /// limit, riding out overruns and losses of the device. Real-time safe: no allocation, lock or I/O beyond
    /// the device's own read.
    func captureLoop() {
        while !stopFlag.load(ordering: .acquiring) {
            guard let pcm else {
                reopenAfterLoss()
                continue
            }
            let wanted = min(periodFrames, frameLimit - rate.frameCount)
            if wanted <= 0 { break }
            readStartedAt.store(max(1, nowNanoseconds), ordering: .releasing)
            let got = snd_pcm_readi(pcm.handle, periodBuffer, snd_pcm_uframes_t(wanted))
            readStartedAt.store(0, ordering: .releasing)
            if got == -Int(EAGAIN) {
                waitForPeriod(pcm)
            } else if got < 0 {
                handleReadError(Int32(got), on: pcm)
            } else {
                deliver(frames: Int(got))
            }
        }
        pcm = nil
        ended.store(true, ordering: .releasing)
    }

    /// Monotonic time now, in nanoseconds.
    private var nowNanoseconds: UInt64 { UInt64(clock.now() * 1e9) }

    /// A read failed: a signal (read again), an overrun or suspend that recovers (its loss counted), or the device
    /// gone.
    private func handleReadError(_ code: Int32, on pcm: ALSAPCM) {
        if code == -EINTR { return }  // a signal interrupted the read: nothing was lost, read again
        if code == -EPIPE || code == -ESTRPIPE {
            overruns.add(1, ordering: .relaxed)
            if snd_pcm_recover(pcm.handle, code, 1) >= 0 {
                countOverrunLoss()
                return
            }
        }
        lossCode.store(code, ordering: .relaxed)
        loseDevice()
    }

    /// A period of `frames` was read into `periodBuffer`: into the ring as float, or held back as lost while a
    /// loss waits for the consumer (`holdsAfterLoss`); a full ring drops it and counts it.
    private func deliver(frames: Int) {
        silentWaits.store(0, ordering: .relaxed)
        let samples = frames * channelCount
        // Held periods added after the consumer took the loss they followed: a loss of their own to wait for.
        if holdsAfterLoss && !isHoldingAfterLoss && pendingLostFrames.load(ordering: .acquiring) > 0 {
            lossEvents.add(1, ordering: .releasing)
        }
        if isHoldingAfterLoss {
            // Lost time is filled in where the consumer finds the ring empty, so audio after a loss must not
            // reach the ring before the loss is taken, or the gap would land after it (every later time off
            // by the loss). Until then periods are dropped too, lost like an outage of this device, and
            // counted as dropped when a full ring began it (after an overrun, the device's loss goes on).
            if holdFollowsDrop { droppedFrames.add(frames, ordering: .relaxed) }
            pendingLostFrames.add(frames, ordering: .releasing)
        } else {
            for i in 0..<samples { floatBuffer[i] = Float(periodBuffer[i]) / 32_768 }
            let dropped = ring.write(UnsafeBufferPointer(start: floatBuffer, count: samples))
            if dropped > 0 {
                droppedFrames.add(dropped / channelCount, ordering: .relaxed)
                pendingDroppedFrames.add(dropped / channelCount, ordering: .releasing)
                holdFollowsDrop = true
                lossEvents.add(1, ordering: .releasing)
            }
        }
        let now = nowNanoseconds
        rate.notePeriod(frames: frames, at: now)
        lastProgressTime.store(now, ordering: .releasing)
    }

    /// Whether a loss waits to be taken by the consumer: new audio waits for it (`holdsAfterLoss`).
    private var isHoldingAfterLoss: Bool {
        holdsAfterLoss && lossesTaken.load(ordering: .acquiring) < lossEvents.load(ordering: .acquiring)
    }

    /// After an overrun (or a suspend) is recovered: the device discarded its buffer, so everything it
    /// captured after the last period delivered is lost capture, reported like an outage.
    private func countOverrunLoss() {
        rate.endRun()
        let since = lastProgressTime.load(ordering: .acquiring)
        pendingLostFrames.add(outageFrames(since: since).0, ordering: .releasing)
        lastProgressTime.store(nowNanoseconds, ordering: .releasing)
        holdFollowsDrop = false
        lossEvents.add(1, ordering: .releasing)
    }

    /// Nothing to read yet: waits for a period (a stop is seen within one wait). A device still silent after
    /// `ALSAPCM.silentWaitLimit` silent waits is gone since its last sign of life. Counting waits, not the
    /// clock, keeps a process that was stopped (Ctrl-Z) from losing a device that held its audio meanwhile.
    private func waitForPeriod(_ pcm: ALSAPCM) {
        guard !pcm.waitForDevice(clock: clock) else { return }
        let waits = silentWaits.add(1, ordering: .relaxed).newValue
        guard waits >= ALSAPCM.silentWaitLimit else { return }
        lossCode.store(0, ordering: .relaxed)
        loseDevice(since: lastProgressTime.load(ordering: .acquiring))
    }

    /// The device failed or went silent: closes it, and counts the time from `since` (ns; default now) as lost
    /// until it is back.
    private func loseDevice(since: UInt64? = nil) {
        pcm = nil
        silentWaits.store(0, ordering: .relaxed)
        outageCountedUntil.store(max(1, since ?? nowNanoseconds), ordering: .releasing)
        deviceLost.store(true, ordering: .releasing)
    }

    /// Retries the device once a second; on success, reports the lost time as frames.
    private func reopenAfterLoss() {
        let retry = clock.now() + 1
        while clock.now() < retry && !stopFlag.load(ordering: .acquiring) {  // a stop is seen within 50 ms
            clock.sleep(until: min(retry, clock.now() + 0.05))
        }
        guard !stopFlag.load(ordering: .acquiring) else { return }
        guard
            let reopened = try? ALSAPCM(
                device: device, capture: true, channelCount: channelCount, sampleRate: requestedRate,
                periodMilliseconds: periodMilliseconds)
        else { return }  // not back: keep retrying
        guard reopened.periodFrames == periodFrames, reopened.sampleRate == sampleRate else {
            // Back at another rate or period: keep retrying, and say which rate for the warning.
            if reopened.sampleRate != sampleRate { backAtRate.store(reopened.sampleRate, ordering: .relaxed) }
            return
        }
        backAtRate.store(0, ordering: .relaxed)
        // The rest of the outage not yet taken by `takeLostFrames`.
        let since = outageCountedUntil.exchange(0, ordering: .acquiringAndReleasing)
        if since != 0 { pendingLostFrames.add(outageFrames(since: since).0, ordering: .releasing) }
        holdFollowsDrop = false
        lossEvents.add(1, ordering: .releasing)
        pcm = reopened
        rate.endRun()
        lastProgressTime.store(nowNanoseconds, ordering: .releasing)
        deviceLost.store(false, ordering: .releasing)
    }
}
