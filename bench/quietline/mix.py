#!/usr/bin/env python3
"""The two-party calls of ../shared/tools/mixcalls.py with a quieter (or no) line noise.

mixcalls adds pink noise 20 dB under each talker's speech to the realbleed16 and realphone8 variants, which
masks the weaker leaks. This runs mixcalls unchanged except for that level, so the calls, leaks and truth are
those of the same seed and only the noise differs:

    python3 bench/quietline/mix.py --noise-db -40 --seed 1 --out /tmp/quiet1
    earshot eval --truth /tmp/quiet1

--noise-db off leaves the noise out. Other options are mixcalls' own. Needs numpy, soundfile and sox.
"""
import argparse, os, sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "..", "shared", "tools"))
import mixcalls  # noqa: E402

parser = argparse.ArgumentParser(add_help=False)
parser.add_argument("--noise-db", default="-40", help="noise under speech in dB (mixcalls: -20), or 'off'")
options, rest = parser.parse_known_args()
scale = 0.0 if options.noise_db == "off" else 10 ** ((float(options.noise_db) + 20) / 20)
original = mixcalls.pink
mixcalls.pink = lambda rng, n: original(rng, n) * scale  # same random draws, so the same calls and leaks
sys.argv = [sys.argv[0]] + rest
mixcalls.main()
