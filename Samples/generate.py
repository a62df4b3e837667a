#!/usr/bin/env python3
"""Earshot sample calls: scripted two-party phone calls of espeak-ng speech, with exact truth.

usage (from the repo root): python3 Samples/generate.py          (a few seconds; writes into Samples/)
needs: python3 with numpy (pip), and the espeak-ng and sox command-line tools (apt install espeak-ng sox).
The calls' scripts (who says what, when) are in calls.py beside this file.

Each utterance is synthesized on its own (agent en-us+m3 on channel 0, customer en-gb+f2 on channel 1),
resampled to 16 kHz float, levelled (speech RMS -20 dBFS agent, -26 dBFS customer, +-1 dB per utterance,
capped so no peak passes -2 dBFS) and placed at a scripted time on a 10 ms grid: replies 0.4-1.2 s after the
other stops, dead air, backchannels while the other talks, and cut-ins after which the interrupted party
fades out (50 ms) 0.5-1.0 s later. The tracks are band-limited (sinc 200-3400 Hz), optionally given
crosstalk, pink noise and 50 Hz hum, and written as NAME.wav: stereo 8 kHz G.711 mu-law. Two calls add what
must not count as speech: telephone-line artefacts placed in pauses (dial tone, ringback, DTMF, a test tone,
hold music; comfort noise, a DC offset and clicks at 8 kHz) and office babble (other espeak voices and pink
noise) with the two voices leaking into each other's channel.

NAME.truth.json comes from the placed clean speech only, never from a detector: 10 ms frames above -50 dB
re the utterance's loudest frame form spans, bridged per role as in shared/tools/mixcalls.py; events,
summary and expected alerts follow the definitions in the truth section below. The artefacts are listed
in the truth with their times; the babble is not speech of either party, so it is not in the truth. The script
asserts that every planned event (and no other) is in the truth, and checks each written file against it.
"""
import json, os, random, runpy, statistics, subprocess, tempfile
import numpy as np

OUT = os.path.dirname(os.path.abspath(__file__))
SR, HOP = 16000, 160                                  # work rate; 10 ms frames. All truth math is in frames.
VOICE = {"agent": "en-us+m3", "customer": "en-gb+f2"}
LEVEL_DB = {"agent": -20.0, "customer": -26.0}        # speech RMS re full scale
PEAK_MAX = 10 ** (-2 / 20)                            # espeak's crest factor is ~19 dB: keep headroom
ROLES = ("agent", "customer")                         # channel 0, channel 1
RAW = ["-t", "raw", "-e", "floating-point", "-b", "32"]


# --- audio -------------------------------------------------------------------------------------------
def sox(inp, out, effects=(), data=None):
    """Run sox (no dither, repeatable) and return its stdout."""
    cmd = ["sox", "-D", "-R", "-V1", *inp, *out, *effects]
    return subprocess.run(cmd, input=data, capture_output=True, check=True).stdout


def synth(voice, text, speed=160, pitch=None):
    """One utterance from espeak-ng as 16 kHz mono float."""
    with tempfile.TemporaryDirectory() as d:
        wav = os.path.join(d, "u.wav")
        opts = ["-s", str(speed)] + (["-p", str(pitch)] if pitch is not None else [])
        subprocess.run(["espeak-ng", "-v", voice, *opts, "-w", wav, text], check=True)
        return np.frombuffer(sox([wav], RAW + ["-r", str(SR), "-c", "1", "-"]), np.float32).astype(np.float64)


def frame_spans(x):
    """(start, end) frame spans where the 10 ms RMS is within 50 dB of the loudest frame."""
    n = len(x) // HOP
    db = 10 * np.log10(np.mean(x[:n * HOP].reshape(n, HOP) ** 2, axis=1) + 1e-20)
    on = np.concatenate([[False], db > db.max() - 50, [False]])
    edges = np.flatnonzero(on[1:] != on[:-1])
    return [(int(s), int(e)) for s, e in zip(edges[::2], edges[1::2])]


def pink(rng, n):
    """Unit-RMS pink noise limited to the 200-3400 Hz phone band."""
    f = np.fft.rfft(rng.standard_normal(n))
    hz = np.fft.rfftfreq(n, 1 / SR)
    f[1:] /= np.sqrt(hz[1:])
    f[(hz < 200) | (hz > 3400)] = 0
    y = np.fft.irfft(f, n)
    return y / y.std()


# --- telephone-line artefacts and office babble (calls 06 and 07) ------------------------------------
# Line artefacts are scripted in pauses and listed in the truth under "artefacts"; they are never speech.
# Tones are given as the RMS of the whole tone (equal parts), with 5 ms raised-cosine edges.
LINE_TONE = {"dial_tone": ((350, 440), -15), "ringback": ((440, 480), -18), "test_tone": ((1000,), -20)}
DTMF_DB, HOLD_DB, CLICK = -12, -20, 0.5                  # dBFS RMS, dBFS RMS, sample value of a click
DTMF = dict(zip("123456789*0#", [(r, c) for r in (697, 770, 852, 941) for c in (1209, 1336, 1477)]))
RING_ON, RING_PERIOD, DTMF_ON, DTMF_PERIOD = 200, 600, 8, 16    # frames: ringback 2 s on, 4 s off; 80/80 ms


def tone(freqs, n, dbfs):
    """n samples of equal sines whose sum has RMS `dbfs`, with 5 ms raised-cosine edges."""
    t = np.arange(n) / SR
    y = sum(np.sin(2 * np.pi * f * t) for f in freqs) * np.sqrt(2 / len(freqs)) * 10 ** (dbfs / 20)
    return y * fades(n, int(0.005 * SR))


def fades(n, k):
    w = np.ones(n)
    w[:k] = w[-k:][::-1] = 0.5 - 0.5 * np.cos(np.pi * np.arange(k) / k)
    return w


def hold_music(n, dbfs=HOLD_DB):
    """A looping tune: melody notes (4 harmonics, plucked envelope) over a soft triad pad, RMS `dbfs`."""
    hz = lambda m: 440 * 2 ** ((m - 69) / 12)                     # MIDI note number -> Hz
    beat = int(0.3 * SR)
    melody = [(72, 2), (76, 1), (79, 1), (76, 2), (72, 2), (69, 2), (72, 1), (76, 1), (74, 2), (72, 2),
              (69, 2), (72, 1), (77, 1), (76, 2), (74, 2), (71, 2), (74, 1), (79, 1), (77, 2), (74, 2)]
    chords = [(60, 64, 67), (57, 60, 64), (60, 65, 69), (59, 62, 67)]   # C, Am, F/C, G: 8 beats each
    loop = sum(b for _, b in melody) * beat
    tune, pad = np.zeros(loop), np.zeros(loop)
    at = 0
    for m, b in melody:
        t = np.arange(b * beat) / SR
        note = sum(a * np.sin(2 * np.pi * k * hz(m) * t) for k, a in ((1, 1), (2, 0.5), (3, 0.3), (4, 0.15)))
        tune[at:at + len(t)] = note * np.exp(-t / 0.45) * fades(len(t), int(0.01 * SR))
        at += len(t)
    t = np.arange(8 * beat) / SR
    for i, chord in enumerate(chords):
        tri = sum(a * np.sin(2 * np.pi * k * hz(m) * t) for m in chord for k, a in ((1, 1), (2, 0.3), (3, 0.1)))
        pad[i * len(t):(i + 1) * len(t)] = tri * fades(len(t), int(0.05 * SR))
    y = tune / tune.std() + 0.3 * pad / pad.std()
    y = np.tile(y, n // loop + 1)[:n] * fades(n, int(0.05 * SR))
    return y * 10 ** (dbfs / 20) / y.std()


def babble(voices, sentences, n, level, rng):
    """n samples of office background for one channel: espeak talkers, each saying the unrelated
    `sentences` in its own order, speed and pitch, within +-3 dB of each other, plus pink noise 6 dB under
    them; in all at RMS `level` over the whole call."""
    talkers = np.zeros(n)
    for voice in voices:
        order = [*rng.permutation(len(sentences)), *rng.permutation(len(sentences))]
        x = synth(voice, " ".join(sentences[i] for i in order),
                  speed=int(rng.integers(145, 176)), pitch=int(rng.integers(30, 71)))
        speech = np.concatenate([x[s * HOP:e * HOP] for s, e in frame_spans(x)])
        x = np.tile(x, n // len(x) + 1)
        x = np.roll(x, -int(rng.integers(len(x) - n + 1)))[:n]
        talkers += x * 10 ** (rng.uniform(-3, 3) / 20) / np.sqrt(np.mean(speech ** 2))
    y = talkers + pink(rng, n) * talkers.std() * 10 ** (-6 / 20)
    return y * 10 ** (level / 20) / y.std()


# --- placing utterances ------------------------------------------------------------------------------
class Call:
    """Utterances placed on two tracks, in 10 ms frames. `last` holds the floor; `planned` lists the
    events the script means to create, as (type, by, start frame)."""

    def __init__(self, seed, levels=LEVEL_DB):
        self.rng, self.utts, self.last, self.planned = random.Random(seed), [], None, []
        self.level, self.line = levels, []           # line: artefacts as (kind, channel, start, end, digit)

    def _make(self, role, text):
        x = synth(VOICE[role], text)
        rel = frame_spans(x)
        speech = np.concatenate([x[s * HOP:e * HOP] for s, e in rel])
        gain = 10 ** ((self.level[role] + self.rng.uniform(-1, 1)) / 20) / np.sqrt(np.mean(speech ** 2))
        return {"role": role, "x": x * min(gain, PEAK_MAX / np.abs(x).max()), "rel": rel}

    def _place(self, u, first):                       # u's first speech frame lands on frame `first`
        u["at"] = first - u["rel"][0][0]
        self.utts.append(u)
        return u

    @staticmethod
    def spans(u):
        return [(u["at"] + s, u["at"] + e) for s, e in u["rel"]]

    def _stretch(self, role, at, length):
        """Start frame, nearest fraction `at` of the floor holder's speech, of `length` frames in which the
        holder really talks: inside one of its phrases (pauses < 0.1 s bridged), 0.1 s clear of the ends."""
        host = self.last
        assert host["role"] != role, "backchannels and cut-ins go inside the other party's speech"
        spans = self.spans(host)
        t = spans[0][0] + round(at * (spans[-1][1] - spans[0][0]))
        fits = [min(max(t, s + 10), e - 10 - length) for s, e in bridge(spans, 10) if s + 10 <= e - 10 - length]
        if not fits:
            raise ValueError(f"no phrase of {length + 20} frames in {bridge(spans, 10)}")
        return host, min(fits, key=lambda p: abs(p - t))

    def say(self, role, text, gap=None):
        """A turn `gap` s (default random; shorter if the same party goes on) after the floor holder stops;
        the first turn starts at `gap` s (default 0.8)."""
        u = self._make(role, text)
        start = 80 if gap is None else round(gap * 100)
        if self.last is not None:
            end = self.spans(self.last)[-1][1]
            if gap is None:
                gap = self.rng.uniform(0.35, 0.8) if self.last["role"] == role else self.rng.uniform(0.4, 1.2)
            if gap >= 3.0:
                self.planned.append(("silence_gap", None, end))
            start = end + round(gap * 100)
        self.last = self._place(u, start)

    def backchannel(self, role, text, at):
        """A short reply starting near fraction `at` of the floor holder's speech, while the holder talks."""
        u = self._make(role, text)
        _, start = self._stretch(role, at, u["rel"][-1][1] - u["rel"][0][0])
        self._place(u, start)
        self.planned.append(("backchannel", role, start))

    def cut_in(self, role, text, at, stop=None):
        """Start near fraction `at` of the floor holder's speech; the holder talks on for `stop` s
        (default 0.5-1.0), then fades out in 50 ms."""
        stop = round(100 * (stop or self.rng.uniform(0.5, 1.0)))
        host, start = self._stretch(role, at, stop + 5)
        cut, fade = (start + stop - host["at"]) * HOP, int(0.05 * SR)
        x = host["x"].copy()
        x[cut:cut + fade] *= np.linspace(1, 0, fade)
        x[cut + fade:] = 0
        host["x"], host["rel"] = x, frame_spans(x)
        self.last = self._place(self._make(role, text), start)
        self.planned.append(("interruption", role, start))

    def artefact(self, kind, channel, at, arg=None):
        """A line artefact on `channel`, `at` s after the floor holder stops (after 0 before anyone spoke).
        arg: the length in s (dial_tone, test_tone, hold_music), the number of bursts (ringback) or the
        digits (dtmf); a click is one sample."""
        t = (self.spans(self.last)[-1][1] if self.last else 0) + round(at * 100)
        if kind == "ringback":
            self.line += [(kind, channel, t + i * RING_PERIOD, t + i * RING_PERIOD + RING_ON, None)
                          for i in range(arg)]
        elif kind == "dtmf":
            self.line += [(kind, channel, t + i * DTMF_PERIOD, t + i * DTMF_PERIOD + DTMF_ON, d)
                          for i, d in enumerate(arg)]
        else:
            self.line.append((kind, channel, t, t + (1 if kind == "click" else round(arg * 100)), None))

    def line_tracks(self, frames):
        """The tones and hold music as a 16 kHz stereo track (clicks come later, at 8 kHz)."""
        x = np.zeros((frames * HOP, 2))
        for kind, ch, s, e, digit in self.line:
            n = (e - s) * HOP
            if kind == "dtmf":
                y = tone(DTMF[digit], n, DTMF_DB)
            elif kind == "hold_music":
                y = hold_music(n)
            elif kind in LINE_TONE:
                y = tone(LINE_TONE[kind][0], n, LINE_TONE[kind][1])
            else:
                continue
            x[s * HOP:e * HOP, ch] += y
        return x

    def segments(self):
        return {r: bridge([sp for u in self.utts if u["role"] == r for sp in self.spans(u)], BRIDGE, MIN_SEG)
                for r in ROLES}

    def tracks(self, frames):
        out = {r: np.zeros(frames * HOP) for r in ROLES}
        for u in self.utts:
            i = u["at"] * HOP
            x = u["x"][:frames * HOP - i]
            out[u["role"]][i:i + len(x)] += x
        return out["agent"], out["customer"]


# --- truth: segments -> events, summary, alerts. Times in frames; as in mixcalls.py where it has them ---
# segments: a role's spans merged across gaps < 0.3 s, then spans < 0.05 s dropped.
# backchannel by X: an X segment of <= 1 s starting and ending strictly inside Y segments.
# interruption by X: an X segment starting strictly inside a Y segment, not a backchannel, overlapping Y >= 0.3 s.
# silence_gap: >= 3 s between consecutive spans of the union of both roles.
# turns: runs of one role among both roles' non-backchannel segments sorted by start; monologue pieces: a
# turn split where its segments are >= 3 s apart. agent_dominates: over the last 120 s, with >= 30 s of talk
# (agent + customer frames), agent share > 0.65 fires (start = window start) and disarms; < 0.55 re-arms.
BRIDGE, MIN_SEG, BC_MAX, INT_OVERLAP, GAP_MIN = 30, 5, 100, 30, 300        # 0.3 s, 0.05 s, 1 s, 0.3 s, 3 s
MONO_SPLIT, MONO_ALERT = 300, 6000                                         # 3 s, 60 s
DOM_WINDOW, DOM_MIN, DOM_HIGH, DOM_LOW = 12000, 3000, 0.65, 0.55           # 120 s, 30 s


def bridge(spans, gap=BRIDGE, min_len=0):
    """Merge spans closer than `gap`, then drop those shorter than `min_len`."""
    out = []
    for s, e in sorted(spans):
        if out and s - out[-1][1] < gap:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return [(s, e) for s, e in out if e - s >= min_len]


def inside(t, spans):
    return any(s < t < e for s, e in spans)


def union_len(spans):
    return sum(e - s for s, e in bridge(spans, 0))


def events(seg):
    ev = []
    for x, y in (ROLES, ROLES[::-1]):
        for s, e in seg[x]:
            if not inside(s, seg[y]):
                continue
            if e - s <= BC_MAX and inside(e, seg[y]):
                ev.append({"type": "backchannel", "by": x, "start": s, "end": e})
            elif sum(max(0, min(e, e2) - max(s, s2)) for s2, e2 in seg[y]) >= INT_OVERLAP:
                ev.append({"type": "interruption", "by": x, "start": s, "end": e})
    both = bridge(seg["agent"] + seg["customer"], 0)
    ev += [{"type": "silence_gap", "start": e0, "end": s1} for (_, e0), (s1, _) in zip(both, both[1:])
           if s1 - e0 >= GAP_MIN]
    return sorted(ev, key=lambda d: d["start"])


def turns(seg, ev):
    """[(role, [floor segments])] in order of start."""
    bcs = {(d["by"], d["start"], d["end"]) for d in ev if d["type"] == "backchannel"}
    out = []
    for s, e, r in sorted((s, e, r) for r in ROLES for s, e in seg[r] if (r, s, e) not in bcs):
        if out and out[-1][0] == r:
            out[-1][1].append((s, e))
        else:
            out.append((r, [(s, e)]))
    return [(r, segs[0][0], max(e for _, e in segs), segs) for r, segs in out]


def dominance_alerts(seg, frames):
    cum = {}
    for r in ROLES:
        on = np.zeros(frames, np.int64)
        for s, e in seg[r]:
            on[s:e] = 1
        cum[r] = np.concatenate([[0], np.cumsum(on)])
    starts, armed = [], True
    for t in range(1, frames + 1):
        w = max(0, t - DOM_WINDOW)
        a, c = cum["agent"][t] - cum["agent"][w], cum["customer"][t] - cum["customer"][w]
        if a + c >= DOM_MIN and armed and a / (a + c) > DOM_HIGH:
            starts.append(w)
            armed = False
        elif a + c >= DOM_MIN and not armed and a / (a + c) < DOM_LOW:
            armed = True
    return starts


def truth(name, seg, frames, ev, extra):
    sec = lambda f: round(f / 100, 2)
    tn = turns(seg, ev)
    pieces = {r: [p for t in tn if t[0] == r for p in bridge(t[3], MONO_SPLIT)] for r in ROLES}
    longest = {r: max([e - s for s, e in pieces[r]], default=0) for r in ROLES}
    gaps = [max(0, b[1] - a[2]) / 100 for a, b in zip(tn, tn[1:]) if a[0] == "customer" and b[0] == "agent"]
    count = lambda t, by=None: sum(1 for d in ev if d["type"] == t and (by is None or d["by"] == by))
    alerts = [("agent_interrupts", d["start"]) for d in ev if d["type"] == "interruption" and d["by"] == "agent"]
    alerts += [("silence_gap", d["start"]) for d in ev if d["type"] == "silence_gap"]
    alerts += [("agent_monologue", s) for s, e in pieces["agent"] if e - s >= MONO_ALERT]
    alerts += [("agent_dominates", s) for s in dominance_alerts(seg, frames)]
    a, c = union_len(seg["agent"]), union_len(seg["customer"])
    ov = union_len([(max(s1, s2), min(e1, e2)) for s1, e1 in seg["agent"] for s2, e2 in seg["customer"]
                    if min(e1, e2) > max(s1, s2)])
    summary = {
        "agent_talk_s": sec(a), "customer_talk_s": sec(c), "overlap_s": sec(ov),
        "silence_s": sec(frames - (a + c - ov)), "agent_share": round(a / (a + c), 3),
        **{f"{k}s_by_{r}": count(k, r) for k in ("interruption", "backchannel") for r in ROLES},
        "silence_gaps": count("silence_gap"),
        "longest_agent_monologue_s": sec(longest["agent"]),
        "longest_customer_monologue_s": sec(longest["customer"]),
        "response_gap_mean_s": round(statistics.mean(gaps), 3) if gaps else None,
        "response_gap_median_s": round(statistics.median(gaps), 3) if gaps else None,
        "switches_per_min": round((len(tn) - 1) / (frames / 6000), 2),
    }
    return {
        "file": name + ".wav", "duration_s": sec(frames), "sample_rate": 8000, "channels": 2,
        "roles": {"agent": 0, "customer": 1},
        "segments": [{"channel": ch, "role": r, "start": sec(s), "end": sec(e)}
                     for ch, r in enumerate(ROLES) for s, e in seg[r]],
        "events": [dict(d, start=sec(d["start"]), end=sec(d["end"])) for d in ev],
        "alerts": [{"type": "alert", "rule": r, "start": sec(s)} for r, s in sorted(alerts, key=lambda a: a[1])],
        "summary": summary, **extra,
    }


# --- mixing, writing, checking -----------------------------------------------------------------------
def mix(agent, customer, spec, extra=None):
    """Stereo 16 kHz mix: `extra` (line artefacts, babble), crosstalk (the other's clean voice, late: the
    same both ways, or per voice with "leak"), phone band, pink noise, mains hum."""
    x = np.stack([agent, customer], axis=1)
    if extra is not None:
        x += extra
    if "crosstalk" in spec:
        db, ms = spec["crosstalk"]
        d, k = ms * SR // 1000, 10 ** (db / 20)
        x[d:, 0] += k * customer[:-d]
        x[d:, 1] += k * agent[:-d]
    for src, (db, ms) in spec.get("leak", {}).items():   # src's voice into the other channel
        d, k, voice = ms * SR // 1000, 10 ** (db / 20), {"agent": agent, "customer": customer}[src]
        x[d:, 1 - ROLES.index(src)] += k * voice[:-d]
    raw = RAW + ["-r", str(SR), "-c", "2", "-"]
    x = np.frombuffer(sox(raw, raw, ["sinc", "200-3400"], x.astype(np.float32).tobytes()), np.float32)
    x = x.reshape(-1, 2)[:len(agent)].astype(np.float64)
    if spec.get("noisy"):                             # 15 dB under each voice; hum at -45 dBFS (sine peak)
        rng = np.random.default_rng(spec["seed"])
        for ch, role in enumerate(ROLES):
            x[:, ch] += pink(rng, len(x)) * 10 ** ((LEVEL_DB[role] - 15) / 20)
        x[:, 1] += 10 ** (-45 / 20) * np.sin(2 * np.pi * 50 * np.arange(len(x)) / SR)
    assert np.abs(x).max() < 0.99, "mix would clip"
    return x


def write_wav(path, x, post=None):
    """Write stereo 8 kHz mu-law; `post` (if any) is applied to the 8 kHz float signal just before encoding."""
    raw = RAW + ["-r", str(SR), "-c", "2", "-"]
    if post is None:
        sox(raw, ["-r", "8000", "-e", "u-law", "-b", "8", path], data=x.astype(np.float32).tobytes())
        return
    raw8 = RAW + ["-r", "8000", "-c", "2", "-"]
    y = np.frombuffer(sox(raw, raw8, data=x.astype(np.float32).tobytes()), np.float32).reshape(-1, 2)
    y = post(y.astype(np.float64))
    assert np.abs(y).max() < 0.99, "line signal would clip"
    sox(raw8, ["-e", "u-law", "-b", "8", path], data=y.astype(np.float32).tobytes())


def line_post(spec, clicks):
    """At 8 kHz: white comfort noise on both channels, the channels' DC offsets, and single-sample clicks."""
    def post(y):
        rng = np.random.default_rng(spec["seed"])
        y = y + rng.standard_normal(y.shape) * 10 ** (spec["line"]["comfort_dbfs"] / 20) + spec["line"]["dc"]
        for ch, frame in clicks:
            y[frame * 80, ch] += CLICK
        return y
    return post


def check(path, t):
    """Decode the file: both voices 6 dB over the gaps' noise wherever an event claims overlap, neither
    in a silence gap (line artefacts, 20 ms either side, aside; with babble, in 0.3 s averages). Each artefact
    stands 6 dB over the gaps' noise, and with comfort noise no frame is digital silence. Returns the
    per-channel level in the gaps (dBFS)."""
    y = np.frombuffer(sox([path], RAW + ["-r", "8000", "-c", "2", "-"]), np.float32).astype(np.float64)
    n = len(y) // 160
    power = np.mean(y[:n * 160].reshape(n, 80, 2) ** 2, axis=1)            # per 10 ms frame and channel
    level = lambda frames: 10 * np.log10(power[frames].mean(axis=0) + 1e-12)
    fr = lambda s: int(round(s * 100))
    quiet = np.ones_like(power, bool)                                      # frames without artefacts
    for a in t.get("artefacts", []):
        quiet[max(0, fr(a["start"]) - 2):fr(a["end"]) + 2, a["channel"]] = False
    gaps = [range(fr(d["start"]) + 10, fr(d["end"]) - 10) for d in t["events"] if d["type"] == "silence_gap"]
    g_all = [f for g in gaps for f in g]
    floor = (10 * np.log10(np.array([power[g_all, c][quiet[g_all, c]].mean() for c in (0, 1)]) + 1e-12)
             if gaps else np.full(2, -120.0))
    win = 30 if "babble" in t else 1                 # babble is speech-like: judge it over 0.3 s
    for g in gaps:
        smooth = np.stack([np.convolve(power[g, c] * quiet[g, c], np.ones(win) / win, "valid") for c in (0, 1)], 1)
        assert (10 * np.log10(smooth.max(axis=0) + 1e-12) < np.maximum(floor + 6, -60)).all(), g
    for a in t.get("artefacts", []):
        f = range(fr(a["start"]), max(fr(a["end"]), fr(a["start"]) + 1))
        assert 10 * np.log10(power[f, a["channel"]].mean()) > floor[a["channel"]] + 6, a
    if "comfort_noise_dbfs" in t:
        assert (10 * np.log10(power.min(axis=0)) > t["comfort_noise_dbfs"] - 10).all(), "digital silence"
    for d in (d for d in t["events"] if d["type"] != "silence_gap"):
        other = [(fr(s["start"]), fr(s["end"])) for s in t["segments"] if s["role"] != d["by"]]
        both = [f for f in range(fr(d["start"]), fr(d["end"])) if inside(f + 0.5, other)]
        assert (level(both) > np.maximum(floor + 6, -45)).all(), (d, level(both))
    return floor


# --- the calls (scripts in calls.py) -----------------------------------------------------------------
def build(spec):
    call = Call(spec["seed"], {**LEVEL_DB, **spec.get("levels", {})})
    for who, text, *arg in spec["script"]:
        role = "agent" if who[0] in "Aa" else "customer"
        if who == "~":
            call.artefact(text, *arg)
        elif who.endswith(">"):
            call.cut_in(role, text, *arg)
        elif who.islower():
            call.backchannel(role, text, *arg)
        else:
            call.say(role, text, *arg)
    return call


def make(spec):
    """Build one call, assert its truth holds exactly what was planned, write and check NAME.wav/.truth.json."""
    call = build(spec)
    seg = call.segments()
    frames = max(e for r in ROLES for _, e in seg[r]) + 150            # end with 1.5 s of silence
    ev = events(seg)
    got = sorted(((d["type"], d.get("by"), d["start"]) for d in ev), key=str)
    assert got == sorted(call.planned, key=str), f"{spec['name']}: planned {call.planned}, derived {got}"
    extra = {"description": spec["description"]}
    if "crosstalk" in spec:
        extra.update(crosstalk_db=spec["crosstalk"][0], crosstalk_delay_ms=spec["crosstalk"][1])
    agent, customer = call.tracks(frames)
    sec = lambda f: round(f / 100, 2)
    if "step" in spec:                                # a gain step on one voice, in a pause of its own
        role, db = spec["step"]
        step = frames // 2
        assert not any(s - 10 <= step < e + 10 for s, e in seg[role]), f"{spec['name']}: step inside speech"
        (agent if role == "agent" else customer)[step * HOP:] *= 10 ** (db / 20)
        extra["gain_steps"] = [{"channel": ROLES.index(role), "start": sec(step), "db": db}]
    line = None
    if "line" in spec:                                # artefacts only where nobody speaks, 0.2 s clear
        for kind, ch, s, e, _ in call.line:
            assert not any(s - 20 < e2 and s2 < e + 20 for r in ROLES for s2, e2 in seg[r]), (kind, s, e)
        extra["artefacts"] = [dict(kind=k, channel=ch, start=sec(s), end=sec(e), **({"digit": d} if d else {}))
                              for k, ch, s, e, d in sorted(call.line, key=lambda a: (a[2], a[1]))]
        extra["hold_music"] = [[sec(s), sec(e)] for k, _, s, e, _ in call.line if k == "hold_music"]
        assert all(any(d["type"] == "silence_gap" and d["start"] < s and e < d["end"] for d in ev)
                   for k, _, s, e, _ in call.line if k == "hold_music"), "hold music outside a silence gap"
        extra.update(comfort_noise_dbfs=spec["line"]["comfort_dbfs"], dc_offset=list(spec["line"]["dc"]))
        line = call.line_tracks(frames)
    if "babble" in spec:                              # independent per channel, db re each channel's speech
        bg, rng = spec["babble"], np.random.default_rng(spec["seed"])
        line = np.stack([babble(bg["voices"][r], bg["sentences"], frames * HOP, call.level[r] + bg["db"], rng)
                         for r in ROLES], axis=1)
        extra["babble"] = {"db_re_speech": bg["db"], "voices": [bg["voices"][r] for r in ROLES]}
    if "leak" in spec:
        extra["leakage"] = [{"from": r, "channel": 1 - ROLES.index(r), "db": db, "delay_ms": ms}
                            for r, (db, ms) in spec["leak"].items()]
    t = truth(spec["name"], seg, frames, ev, extra)
    other_alerts = sorted(a["rule"] for a in t["alerts"] if a["rule"] not in ("agent_interrupts", "silence_gap"))
    assert other_alerts == sorted(spec["alerts"]), f"{spec['name']}: alerts {other_alerts}"
    path = os.path.join(OUT, spec["name"] + ".wav")
    clicks = [(ch, s) for k, ch, s, _, _ in call.line if k == "click"]
    write_wav(path, mix(agent, customer, spec, line), line_post(spec, clicks) if "line" in spec else None)
    with open(os.path.join(OUT, spec["name"] + ".truth.json"), "w") as f:
        json.dump(t, f, indent=1)
        f.write("\n")
    return t, check(path, t)


def main():
    for spec in runpy.run_path(os.path.join(OUT, "calls.py"))["CALLS"]:     # runpy: no __pycache__ here
        t, floor = make(spec)
        s = t["summary"]
        print(f"{spec['name']:24} {t['duration_s']:5.1f} s  share {s['agent_share']:.2f}  "
              f"interruptions {s['interruptions_by_agent']}/{s['interruptions_by_customer']}  "
              f"backchannels {s['backchannels_by_agent']}/{s['backchannels_by_customer']}  "
              f"gaps {s['silence_gaps']}  alerts {len(t['alerts'])}  noise floor {floor.round().tolist()} dBFS")


if __name__ == "__main__":
    main()
