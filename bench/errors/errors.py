#!/usr/bin/env python3
"""Where Earshot's remaining errors lie on mixcalls calls: silence gaps, agent share and extra talk.

For every NAME.wav with a NAME.truth.json in the given folders, runs `earshot analyze --format json` and prints,
per variant (real16, realbleed16, realphone8):

- silence gaps: found (start and end within 0.5 s, as `earshot eval` matches them), missed but reported with an
  end more than 0.5 s off (and the length of the truth's utterance at that end: the calls of every seed are cut
  from one pool of utterances, so an utterance that recurs is one source recording, not many), and not reported;
- agent share: the mean signed error and the median, 90th percentile and worst absolute error, in points;
- talk: each channel's talk over the truth's, in per cent, and where the frames Earshot adds lie on the 10 ms grid
  (filling a pause between one talker's labelled segments, leading a segment, trailing one, or alone).

    python3 bench/errors/errors.py /tmp/calls /tmp/calls2 ... [--earshot .build/release/earshot]

docs/ACCURACY.md ("What the remaining silence-gap errors are") and README ("Where Earshot falls short") quote it.
Needs only Python 3 and the release binary.
"""
import argparse
import collections
import glob
import json
import os
import statistics
import subprocess

TOLERANCE_S = 0.5


def analyze(earshot, wav):
    done = subprocess.run([earshot, "analyze", "--format", "json", wav], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def gaps(report):
    return [(e["start"], e["end"]) for e in report["events"] if e["type"] == "silence_gap"]


def utterance(truth, edge, key):
    """Length of the truth's segment that starts or ends (key) at edge, or None."""
    for s in truth["segments"]:
        if abs(s[key] - edge) < 0.02:
            return round(s["end"] - s["start"], 3)
    return None


def score_gaps(truth, report, tally, utterances):
    found = gaps(report)
    used = set()
    for start, end in gaps(truth):
        match = [i for i, (s, e) in enumerate(found)
                 if i not in used and abs(s - start) <= TOLERANCE_S and abs(e - end) <= TOLERANCE_S]
        if match:
            used.add(match[0])
            tally["found"] += 1
            continue
        overlapping = [(s, e) for s, e in found if s < end and e > start]
        if not overlapping:
            tally["not reported"] += 1
            continue
        tally["reported, an end off"] += 1
        s, e = overlapping[0]
        if abs(s - start) > TOLERANCE_S:
            utterances["end of %s s" % utterance(truth, start, "end")] += 1
        if abs(e - end) > TOLERANCE_S:
            utterances["start of %s s" % utterance(truth, end, "start")] += 1


def grid(segments, channel, frames):
    marks = bytearray(frames)
    for s in segments:
        if s["channel"] == channel:
            first, last = int(s["start"] * 100 + 0.5), min(frames, int(s["end"] * 100 + 0.5))
            marks[first:last] = b"\x01" * max(0, last - first)
    return marks


def score_extra_talk(truth, report, places):
    frames = int(truth["duration_s"] * 100)
    for channel in (0, 1):
        labelled, detected = grid(truth["segments"], channel, frames), grid(report["segments"], channel, frames)
        i = 0
        while i < frames:
            if detected[i] and not labelled[i]:
                j = i
                while j < frames and detected[j] and not labelled[j]:
                    j += 1
                before, after = i > 0 and labelled[i - 1], j < frames and labelled[j]
                place = "pause" if before and after else "trail" if before else "lead" if after else "alone"
                places[place] += j - i
                places[place + " runs"] += 1
                i = j
            else:
                i += 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="+", help="folders of mixcalls calls (NAME.wav beside NAME.truth.json)")
    parser.add_argument("--earshot", default=".build/release/earshot", help="the binary to run")
    options = parser.parse_args()
    by_variant = collections.defaultdict(list)
    for folder in options.folders:
        for wav in sorted(glob.glob(os.path.join(folder, "*.wav"))):
            truth_path = wav[:-4] + ".truth.json"
            if os.path.exists(truth_path):
                with open(truth_path) as file:
                    truth = json.load(file)
                by_variant[truth.get("variant", "?")].append((truth, analyze(options.earshot, wav)))
    for variant in sorted(by_variant):
        calls = by_variant[variant]
        tally, utterances, places = collections.Counter(), collections.Counter(), collections.Counter()
        share_errors, over = [], []
        for truth, report in calls:
            score_gaps(truth, report, tally, utterances)
            score_extra_talk(truth, report, places)
            t, r = truth["summary"], report["summary"]
            if t.get("agent_share") is not None and r.get("agent_share") is not None:
                share_errors.append(100 * (r["agent_share"] - t["agent_share"]))
            for key in ("agent_talk_s", "customer_talk_s"):
                if t[key] > 0:
                    over.append(100 * (r[key] - t[key]) / t[key])
        print("%s: %d calls" % (variant, len(calls)))
        total = sum(tally[k] for k in ("found", "reported, an end off", "not reported"))
        print("  silence gaps: %d in the truth; %s" % (total, ", ".join("%s %d" % kv for kv in sorted(tally.items()))))
        if utterances:
            ends = ", ".join("%s %d" % kv for kv in utterances.most_common())
            print("    ends off, by the truth's utterance there: " + ends)
        if share_errors:
            absolute = sorted(abs(e) for e in share_errors)
            print("  agent share error, points: mean signed %+.2f, median %.2f, 90th percentile %.2f, worst %.2f"
                  % (statistics.mean(share_errors), statistics.median(absolute),
                     absolute[min(len(absolute) - 1, int(0.9 * len(absolute)))], absolute[-1]))
        if over:
            print("  talk over the truth's, per channel: mean %+.1f %%" % statistics.mean(over))
        added = sum(places[k] for k in ("pause", "lead", "trail", "alone"))
        if added:
            runs = {k: max(1, places[k + " runs"]) for k in ("pause", "lead", "trail", "alone")}
            shares = ", ".join(
                "%s %.0f %% (%.2f s a run)" % (k, 100 * places[k] / added, places[k] / runs[k] / 100) for k in runs)
            print("  frames added over the truth: %d; %s" % (added, shares))


if __name__ == "__main__":
    main()
