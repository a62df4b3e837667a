#!/usr/bin/env python3
"""Two-party calls with a tone over the talk: a recorder's warning tone, a call-waiting tone, a beep.

Copies each NAME.wav of a folder of calls (such as mixcalls' output) with a sine added at a fixed period, and its
NAME.truth.json unchanged: the tone is no one's speech, so the truth still holds.

    python3 ../shared/tools/mixcalls.py --seed 1 --out /tmp/calls
    python3 bench/tones/add.py --calls /tmp/calls --out /tmp/tone440 --hz 440 --seconds 1 --every 12 --on customer
    earshot eval --truth /tmp/tone440

The tone starts at --first seconds and every --every seconds after, with 5 ms ramps, at --dbfs RMS (its peak 3 dB
higher), on the customer's channel (1), the agent's (0) or both; files keep their sample format (µ-law stays
µ-law). Needs numpy and soundfile.
"""
import argparse, glob, os, shutil

import numpy as np
import soundfile as sf

parser = argparse.ArgumentParser()
parser.add_argument("--calls", required=True, help="folder of NAME.wav with NAME.truth.json")
parser.add_argument("--out", required=True)
parser.add_argument("--hz", type=float, default=440)
parser.add_argument("--seconds", type=float, default=1.0, help="length of each tone")
parser.add_argument("--every", type=float, default=12.0, help="period of the tones")
parser.add_argument("--first", type=float, default=3.0, help="start of the first tone")
parser.add_argument("--dbfs", type=float, default=-17.0, help="RMS level of the tone")
parser.add_argument("--on", choices=["agent", "customer", "both"], default="customer")
options = parser.parse_args()

os.makedirs(options.out, exist_ok=True)
channels = {"agent": [0], "customer": [1], "both": [0, 1]}[options.on]
for path in sorted(glob.glob(os.path.join(options.calls, "*.wav"))):
    truth = path[: -len(".wav")] + ".truth.json"
    if not os.path.exists(truth):
        continue
    info = sf.info(path)
    audio, rate = sf.read(path, always_2d=True)
    length = int(options.seconds * rate)
    ramp = np.minimum(1, np.minimum(np.arange(length), length - 1 - np.arange(length)) / (0.005 * rate))
    tone = np.sqrt(2) * 10 ** (options.dbfs / 20) * np.sin(2 * np.pi * options.hz * np.arange(length) / rate) * ramp
    start = options.first
    while start + options.seconds <= len(audio) / rate:
        at = int(start * rate)
        for channel in channels:
            audio[at : at + length, channel] += tone
        start += options.every
    name = os.path.basename(path)
    sf.write(os.path.join(options.out, name), np.clip(audio, -1, 1), rate, subtype=info.subtype)
    shutil.copy(truth, os.path.join(options.out, name[: -len(".wav")] + ".truth.json"))
