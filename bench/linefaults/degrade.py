#!/usr/bin/env python3
"""Apply phone-line conditions that mixcalls' calls lack to every call of the given folders, keeping the calls'
timing so that their truth still holds: OUT/COND/sK-NAME.wav beside a link to NAME.truth.json, for
`earshot eval --truth OUT/COND`.

    degrade.py --out OUT COND [COND ...] --calls /tmp/calls /tmp/calls2 /tmp/calls3

Conditions: see COND below (echo, gates, AGC, hum, DC, hiss, levels, clipping, packet loss, 8 kHz stored at 16 kHz;
'ident' rewrites without change, a control). Deterministic: each file's random numbers are seeded from the
condition, the folder's place in --calls and the name. Outputs keep the sample rate as PCM_16, but 'up16'
(8 kHz -> 16 kHz). Needs numpy and soundfile (the mixcalls venv has both). Written by a review of stop 44
(docs/ACCURACY.md, "Echo and other line faults")."""
import argparse, json, os, sys, zlib
import numpy as np, soundfile as sf


def spans(truth, ch):
    return [(s["start"], s["end"]) for s in truth["segments"] if s["channel"] == ch]


def mask(spn, n, sr):
    m = np.zeros(n, bool)
    for s, e in spn:
        m[int(s * sr):int(e * sr)] = True
    return m


def speech_rms(x, m):
    v = x[m]
    return float(np.sqrt(np.mean(v ** 2))) if len(v) else 0.05


def pink(rng, n):
    w = rng.standard_normal(n + 4096)
    f = np.fft.rfft(w); f[1:] /= np.sqrt(np.arange(1, len(f))); f[0] = 0
    y = np.fft.irfft(f, n + 4096)[:n]
    return y / (np.std(y) + 1e-12)


def fft_filter(x, sr, lo=None, hi=None):
    f = np.fft.rfft(x); fr = np.fft.rfftfreq(len(x), 1 / sr)
    if lo is not None: f[fr < lo] = 0
    if hi is not None: f[fr > hi] = 0
    return np.fft.irfft(f, len(x))


def frame_db(x, sr, hop=0.010):
    h = int(hop * sr); nf = len(x) // h
    e = np.sqrt(np.mean(x[:nf * h].reshape(nf, h) ** 2, axis=1) + 1e-12)
    return 20 * np.log10(e), h


# ---------------- conditions: f(x[n,2], sr, truth, rng) -> (y, sr) ----------------

def plc(x, sr, truth, rng, mode):
    """20-60 ms losses inside each channel's speech, 1-3 % of its speech frames, zeros or repeat of the last 20 ms."""
    y = x.copy()
    for ch in (0, 1):
        m = mask(spans(truth, ch), len(x), sr); idx = np.flatnonzero(m)
        if not len(idx): continue
        rate = rng.uniform(0.01, 0.03); target = rate * len(idx); lost = 0
        while lost < target:
            L = int(rng.uniform(0.020, 0.060) * sr); p = int(idx[rng.integers(len(idx))])
            if p < int(0.02 * sr) or p + L > len(x): continue
            if mode == "zero":
                y[p:p + L, ch] = 0
            else:
                r = int(0.02 * sr); prev = y[p - r:p, ch].copy()
                y[p:p + L, ch] = np.tile(prev, L // r + 1)[:L]
            lost += L
    return y, sr


def gate(x, sr, truth, rng, gated, thr=25):
    """Noise gate: channel `gated` -> digital silence in its pauses; the other -> comfort noise in its pauses.
    Gate opens on 10 ms frames within thr dB (25 or 12) of the channel's speech level, holds 150 ms."""
    y = x.copy()
    for ch in (0, 1):
        lvl = 20 * np.log10(speech_rms(x[:, ch], mask(spans(truth, ch), len(x), sr)) + 1e-9)
        db, h = frame_db(x[:, ch], sr)
        op = db > lvl - thr
        hold = np.zeros_like(op); last = -999
        for i, o in enumerate(op):
            if o: last = i
            hold[i] = i - last <= 15
        g = np.repeat(hold, h); g = np.concatenate([g, np.ones(len(x) - len(g), bool)])
        if ch == gated:
            y[~g, ch] = 0.0
        else:
            cn = rng.standard_normal(len(x)) * 10 ** ((lvl - 45) / 20)
            y[~g, ch] = cn[~g]
    return y, sr


def agc(x, sr, truth, rng):
    """AGC pumping: gain rises to +12 dB (8 dB/s) while the channel is quiet, falls back (tau 80 ms) on sound."""
    y = x.copy()
    for ch in (0, 1):
        lvl = 20 * np.log10(speech_rms(x[:, ch], mask(spans(truth, ch), len(x), sr)) + 1e-9)
        db, h = frame_db(x[:, ch], sr); g = 0.0; gs = np.zeros(len(db))
        gmax = rng.uniform(10, 15)
        for i, d in enumerate(db):
            if d + g < lvl - 20:      # quiet (as the AGC hears it, after its gain)
                g = min(gmax, g + 8 * 0.01)
            else:
                g += (0 - g) * (1 - np.exp(-0.01 / 0.08))
            gs[i] = g
        gi = np.interp(np.arange(len(x)), np.arange(len(gs)) * h + h / 2, gs)
        y[:, ch] = x[:, ch] * 10 ** (gi / 20)
    return np.clip(y, -1, 1), sr


def hum(x, sr, truth, rng, f0, dbfs, harm):
    """Mains hum: fundamental at dbfs (RMS) plus odd harmonics (rel dB), same on both channels, random phases."""
    t = np.arange(len(x)) / sr; hsum = np.zeros(len(x))
    for k, rel in harm:
        if k * f0 < sr / 2:
            hsum += np.sqrt(2) * 10 ** ((dbfs + rel) / 20) * np.sin(2 * np.pi * k * f0 * t + rng.uniform(0, 2 * np.pi))
    return np.clip(x + hsum[:, None], -1, 1), sr


def dc(x, sr, truth, rng, off=0.05):
    return np.clip(x + off, -1, 1), sr


def hiss(x, sr, truth, rng):
    """Extra pink noise 10 dB under each channel's speech level (mixcalls' is 20 dB under): about 10 dB louder."""
    y = x.copy()
    for ch in (0, 1):
        r = speech_rms(x[:, ch], mask(spans(truth, ch), len(x), sr))
        n = pink(rng, len(x)) * r * 10 ** (-10 / 20)
        if sr == 8000: n = fft_filter(n, sr, 300, 3400)
        y[:, ch] += n
    return np.clip(y, -1, 1), sr


def level(x, sr, truth, rng, ch):
    y = x.copy(); y[:, ch] *= 10 ** (-rng.uniform(20, 30) / 20)
    return y, sr


def echo(x, sr, truth, rng):
    d = int(rng.uniform(0.150, 0.300) * sr); y = x.copy()
    y[d:, 1] += 0.1 * x[:-d, 0]
    return np.clip(y, -1, 1), sr


def clip(x, sr, truth, rng):
    """The louder channel (speech RMS) is driven +12 dB into full scale and hard-clipped."""
    r = [speech_rms(x[:, ch], mask(spans(truth, ch), len(x), sr)) for ch in (0, 1)]
    ch = int(np.argmax(r)); y = x.copy(); y[:, ch] = np.clip(x[:, ch] * 4.0, -1, 1)
    return y, sr


def clip_pure(x, sr, truth, rng):
    """The louder channel hard-clipped at the magnitude its speech exceeds 2 % of the time, no gain change
    (clipping as distortion only; about 1-3 dB off the channel's peak-heavy level)."""
    m = [mask(spans(truth, ch), len(x), sr) for ch in (0, 1)]
    r = [speech_rms(x[:, ch], m[ch]) for ch in (0, 1)]
    ch = int(np.argmax(r)); y = x.copy(); t = np.quantile(np.abs(x[m[ch], ch]), 0.98)
    y[:, ch] = np.clip(x[:, ch], -t, t)
    return y, sr


def up16(x, sr, truth, rng):
    """8 kHz audio stored at 16 kHz: 16 kHz files low-passed at 3.4 kHz; 8 kHz files upsampled x2 (FFT)."""
    if sr == 16000:
        return np.stack([fft_filter(x[:, ch], sr, None, 3400) for ch in (0, 1)], 1), sr
    n = len(x); y = []
    for ch in (0, 1):
        f = np.fft.rfft(x[:, ch]); F = np.zeros(n + 1, complex); F[:len(f)] = f
        y.append(np.fft.irfft(F, 2 * n) * 2)
    return np.stack(y, 1), 16000


COND = {
    "ident": lambda x, sr, t, r: (x, sr),
    "plc_zero": lambda x, sr, t, r: plc(x, sr, t, r, "zero"),
    "plc_rep": lambda x, sr, t, r: plc(x, sr, t, r, "repeat"),
    "gate_cust": lambda x, sr, t, r: gate(x, sr, t, r, 1),
    "gate_agent": lambda x, sr, t, r: gate(x, sr, t, r, 0),
    "gate_cust_hi": lambda x, sr, t, r: gate(x, sr, t, r, 1, 12),
    "gate_agent_hi": lambda x, sr, t, r: gate(x, sr, t, r, 0, 12),
    "agc": agc,
    "hum50": lambda x, sr, t, r: hum(x, sr, t, r, 50, -30, [(1, 0), (3, -6), (5, -10), (7, -14)]),
    "hum60": lambda x, sr, t, r: hum(x, sr, t, r, 60, -40, [(1, 0), (3, -6), (5, -10), (7, -14)]),
    "hum50pure": lambda x, sr, t, r: hum(x, sr, t, r, 50, -30, [(1, 0)]),
    "dc": dc,
    "hiss": hiss,
    "cust_weak": lambda x, sr, t, r: level(x, sr, t, r, 1),
    "agent_weak": lambda x, sr, t, r: level(x, sr, t, r, 0),
    "echo": echo,
    "clip": clip,
    "up16": up16,
    "clip_pure": clip_pure,
}


def run(cond, sources, out):
    od = os.path.join(out, cond); os.makedirs(od, exist_ok=True)
    for sk, d in sources.items():
        for f in sorted(os.listdir(d)):
            if not f.endswith(".wav"): continue
            name = f[:-4]; tp = os.path.join(d, name + ".truth.json")
            if not os.path.exists(tp): continue
            truth = json.load(open(tp))
            x, sr = sf.read(os.path.join(d, f), dtype="float64")
            rng = np.random.default_rng(zlib.crc32(f"{cond}/{sk}/{name}".encode()))
            y, sr2 = COND[cond](x, sr, truth, rng)
            sf.write(os.path.join(od, f"{sk}-{name}.wav"), y, sr2, subtype="PCM_16")
            link = os.path.join(od, f"{sk}-{name}.truth.json")
            if not os.path.lexists(link): os.symlink(tp, link)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="phone-line conditions for mixcalls calls")
    parser.add_argument("--out", required=True)
    parser.add_argument("--calls", nargs="+", required=True, help="mixcalls output folders (seed 1, 2, ...)")
    parser.add_argument("conditions", nargs="+", choices=sorted(COND))
    args = parser.parse_args()
    sources = {f"s{i + 1}": folder for i, folder in enumerate(args.calls)}
    for c in args.conditions:
        run(c, sources, args.out); print("done", c, flush=True)
