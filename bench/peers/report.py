"""BENCHMARKS.md: the machine, the versions and the three tables, from results.json's contents."""

import datetime
import glob
import importlib.metadata
import os
import platform
import re
import subprocess
import textwrap

from detectors import SILERO_DIR

PACKAGES = ["webrtcvad-wheels", "onnxruntime", "ten-vad", "auditok", "call-ai-metrics", "numpy", "soundfile", "soxr"]
EVENT_ROWS = [("interruption F1, by agent / by customer", ("interruption_by_agent", "interruption_by_customer")),
              ("backchannel F1 / silence-gap F1", ("backchannel", "silence_gap"))]


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    system = dict(line.rstrip().split("=", 1) for line in open("/etc/os-release") if "=" in line)
    memory_kb = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(memory_kb / 2**20),
            "os": system.get("PRETTY_NAME", "?").strip('"'), "kernel": platform.release(),
            "python": platform.python_version()}


def versions(binary, repo):
    found = {}
    for name in PACKAGES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "not installed"
    wheel = glob.glob(os.path.join(SILERO_DIR, "silero_vad-*.dist-info"))
    found["silero-vad"] = (os.path.basename(wheel[0])[len("silero_vad-"):-len(".dist-info")] + " (ONNX model only)"
                           if wheel else "not fetched")
    git = ["git", "-C", repo]
    head = subprocess.run(git + ["rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(git + ["status", "--porcelain", "--", "Sources", "Package.swift"],
                           capture_output=True, text=True).stdout.strip()
    own = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    built = datetime.datetime.fromtimestamp(os.path.getmtime(binary), datetime.timezone.utc)
    found["earshot"] = "{} at {}{}, binary built {:%Y-%m-%d %H:%M} UTC".format(
        own or "?", head, " (Sources or Package.swift modified in the work tree)" if dirty else "", built)
    return found


def loadavg():
    return open("/proc/loadavg").read().split()[0]


def f(value, digits=2):
    if value is None:
        return "n/a"
    text = "{:.{}f}".format(value, digits)
    return text[1:] if text.startswith("0.") else text


def reason(error):
    """The first sentence of a peer's error, for an n/a note."""
    return (error or "failed").split(". ")[0].rstrip(".")


def vad_section(vad):
    lines = ["## A. Speech frames on the vad-testset", "",
             "{} files, {:.0f} s of labelled speech; 10 ms grid, frames pooled; no pause bridge (hand labels mark "
             "pauses between words). x real time is the whole process over all files, start-up and model "
             "loading included.".format(vad["files"], vad["audio_s"]), "",
             "| detector | precision | recall | F1 | x real time | peak RSS MB |", "|---|---|---|---|---|---|"]
    missing = []
    for row in vad["rows"].values():
        run = row["speed"]
        if "scores" not in row:
            lines.append("| {} | n/a | n/a | n/a | n/a | n/a |".format(row["title"]))
            missing.append("n/a, {}: {}.".format(row["title"], reason(run["error"])))
            continue
        s = row["scores"]
        bold = "**" if row["title"] == "Earshot" else ""
        lines.append("| {b}{}{b} | {} | {} | {b}{}{b} | {:.0f} | {:.0f} |".format(
            row["title"], f(s["precision"], 3), f(s["recall"], 3), f(s["f1"], 3), run["x_real_time"],
            run["peak_rss_mb"], b=bold))
    return lines + ([""] + missing if missing else [])


def call_figures(scores):
    """{row label: (values...)} for one variant's pooled figures; bigger is better except share error."""
    events = scores["events"]
    figures = {label: tuple(events[k]["f1"] for k in keys) for label, keys in EVENT_ROWS}
    figures["agent_share error, points (lower is better)"] = (scores["agent_share_error_pt"],)
    figures["speech-frame F1, agent / customer"] = (scores["speech_agent"]["f1"], scores["speech_customer"]["f1"])
    return figures


def best_peer(label, per_peer, titles):
    lower = "lower is better" in label
    parts = []
    for index in range(len(next(iter(per_peer.values())))):
        pick = (min if lower else max)(per_peer, key=lambda key: per_peer[key][index])
        value = per_peer[pick][index]
        parts.append("{} ({})".format(f(value, 1) if lower else f(value), titles[pick].split(" ")[0]))
    return " / ".join(parts)


def calls_section(calls, peers, variants):
    titles = dict(peers)
    rows = calls["rows"]
    variants_of_call = [v for v in rows["earshot"]["scores"] if v != "pooled"]
    lines = ["## B. Two-party calls", "",
             "mixcalls defaults: 12 calls per variant, {:.0f} min per variant. Every detector's segments go through "
             "Earshot's 0.3 s pause bridge, conversation definitions and one-to-one event matching "
             "(`earshot eval --detections`); figures pooled per variant. Best peer: the best of the five peer "
             "columns for each number, with its name.".format(calls["audio_s"] / 60 / len(variants_of_call)), ""]
    for variant in variants_of_call:
        lines += ["### " + variant, "", "| figure | " + " | ".join(t for _, t in peers) + " | best peer | Earshot |",
                  "|---" * (len(peers) + 3) + "|"]
        per = {k: call_figures(rows[k]["scores"][variant]) for k, _ in peers if "scores" in rows[k]}
        mine = call_figures(rows["earshot"]["scores"][variant])
        for label, values in mine.items():
            cells = [cell(label, per[k][label]) if k in per else "n/a" for k, _ in peers]
            peer_best = best_peer(label, {k: per[k][label] for k in per}, titles) if per else "n/a"
            lines.append("| {} | {} | {} | **{}** |".format(label, " | ".join(cells), peer_best, cell(label, values)))
        lines.append("")
    lines += ["n/a, {}: {}.".format(rows[k]["title"], reason(rows[k]["speed"]["error"]))
              for k, _ in peers + variants if "scores" not in rows[k]]
    labels = list(call_figures(rows["earshot"]["scores"][variants_of_call[0]]))
    lines += ["### B2. Other settings of the same peers", "",
              "Same scoring; columns as the rows above.", "",
              "| detector | variant | " + " | ".join(labels) + " |", "|---" * (len(labels) + 2) + "|"]
    for key, title in variants:
        if "scores" not in rows[key]:
            continue
        for variant in variants_of_call:
            figures = call_figures(rows[key]["scores"][variant])
            lines.append("| {} | {} | {} |".format(title, variant, " | ".join(cell(l, figures[l]) for l in labels)))
    return lines


def cell(label, values):
    return " / ".join(f(v, 1 if "points" in label else 2) for v in values)


def hour_section(hour):
    if hour is None:
        return ["## C. One-hour stereo call", "", "Skipped (`--quick`)."]
    lines = ["## C. One-hour stereo call", "",
             "`{}`: the real16 calls concatenated with sox, {:.1f} min, 16 kHz 16-bit stereo. Each tool is a fresh "
             "process over the whole file (peers: both channels, segments written as JSON; Earshot: `earshot "
             "analyze FILE --format json > /dev/null`). Median of 3 runs, one run for tools slower than 20x real "
             "time. Peak RSS is the child's ru_maxrss (largest over its runs).".format(
                 os.path.basename(hour["file"]), hour["audio_s"] / 60), "",
             "| tool | x real time | runs | CPU s (median) | peak RSS MB |", "|---|---|---|---|---|"]
    for row in hour["rows"].values():
        if row["x_real_time"] is None:
            lines.append("| {} | n/a | | | n/a: {} |".format(row["title"], reason(row["error"])))
            continue
        lines.append("| {} | {:.0f} | {} | {:.1f} | {:.0f} |".format(
            row["title"], row["x_real_time"], len(row["runs"]), row["cpu_s"], row["peak_rss_mb"]))
    busy = [row["title"] for row in hour["rows"].values() if any(r["swift_jobs_after"] for r in row["runs"])]
    if busy:
        lines += ["", "Swift compiler processes were running when some runs of {} ended: those timings may be "
                  "low (compare CPU s with wall time).".format(", ".join(busy))]
    return lines


NOTES = """## How each peer was run

- **WebRTC VAD 3**: py-webrtcvad (`webrtcvad-wheels`), aggressiveness 3, 30 ms frames (20 and 10 ms in table A
  too), at the file's own rate (8 or 16 kHz); raw per-frame decisions.
- **Silero 0.5**: `silero_vad.onnx` taken from the silero-vad wheel (the package itself needs torch, which is not
  installed), run with onnxruntime on one thread: 512-sample windows at 16 kHz, 256 at 8 kHz, with the 64/32
  sample context and the state tensor carried over as the package does; segments by the package's own
  `get_speech_timestamps_from_probs` (threshold 0.5, release 0.35, min speech 250 ms, min silence 100 ms,
  pad 30 ms), read from the wheel without its torch import. Table B2 also shows the raw windows (probability
  >= 0.5 as it is), the way WebRTC VAD and TEN VAD are used here; the two differ by a few events per figure.
- **TEN VAD**: the `ten-vad` wheel's `libten_vad.so` (needs `libc++1` from apt), hop 256 at 16 kHz, threshold
  0.5, raw per-hop flags. It takes 16 kHz only: the 8 kHz calls are resampled to 16 kHz with soxr (HQ).
- **auditok**: `auditok.split` with its defaults (energy threshold 50, 50 ms windows, min 0.2 s, at most 0.3 s
  of silence inside an event) but `max_dur=None`, so long talk is not cut into 5 s pieces; native rate. It is
  given each channel whole as bytes (its file reader takes PCM WAV only, not the mu-law calls); that and
  auditok's own copies of it make its peak RSS.
- **call-ai-metrics**: `CallAnalyzer()` defaults on the stereo file; its own per-channel segments, after its
  crosstalk estimation, 0.12 s minimum and 0.3 s bridge. It refuses mono files, so it has no row of its own
  in table A; the off-label row feeds it the mono file plus an all-zero second channel.
- **Earshot**: `earshot eval` without `--detections` (its own detector and smoothing); timing with `earshot
  analyze`.

Every peer runs in its own process, one at a time, with `OMP_NUM_THREADS=1`; frame-based peers read the file in
10 s blocks, auditok takes each channel whole, call-ai-metrics reads the file itself.
"""


def markdown(results, peers, variants, other_seeds=()):
    m, v = results["machine"], results["versions"]
    lines = ["# Benchmarks: Earshot and open-source peers", "",
             "Made by `bench/peers/run` ({} min); do not edit by hand. See `bench/peers/README.md`.".format(
                 results["elapsed_min"]), "",
             "- Date: " + results["date"],
             "- Machine: {cpu}, {cores} cores, {memory_gib} GiB; {os}, Linux {kernel}; Python {python}".format(**m),
             "- Load average (1 min) at start / end: {} / {} (Swift builds by others may share the cores; "
             "timings are single runs of a shared machine)".format(results["load_at_start"], results["load_at_end"]),
             "- Earshot: " + v["earshot"],
             "- Peers: " + ", ".join("{} {}".format(k, v[k]) for k in
                                     ["webrtcvad-wheels", "silero-vad", "onnxruntime", "ten-vad", "auditok",
                                      "call-ai-metrics"]),
             "- Support: " + ", ".join("{} {}".format(k, v[k]) for k in ["numpy", "soundfile", "soxr"]), ""]
    lines += vad_section(results["vad"]) + [""] + calls_section(results["calls"], peers, variants) + [""]
    lines += hour_section(results["hour"]) + [""] + list(other_seeds) + [NOTES]
    return "\n".join(wrapped("\n".join(lines).split("\n")))


WIDTH = 120


def wrapped(lines):
    """Lines of prose and list items over WIDTH columns broken at spaces (a list item's lines indented under its
    text); table rows, headings and code blocks as they are. Markdown renders the same text."""
    out, code = [], False
    for line in lines:
        if line.startswith("```"):
            code = not code
        if code or len(line) <= WIDTH or line.startswith(("|", "#", "    ")):
            out.append(line)
            continue
        marker = re.match(r"(\s*(?:[-*]|\d+\.)\s+)?", line).group(0)
        pieces = textwrap.wrap(line[len(marker):], width=WIDTH, initial_indent=marker,
                               subsequent_indent=" " * len(marker), break_long_words=False, break_on_hyphens=False)
        # A continuation line that would start a block (a list item, heading, quote, setext underline, rule, code
        # fence or HTML block) keeps its first word on the line before.
        starts_block = re.compile(r"\s*(?:(?:[-+*>]|#+|\d+[.)]|=+|-+|[*_]{3,}|[*_ ]{5,})(?:\s|$)|```|~~~|<)")
        for i in range(1, len(pieces)):
            while starts_block.match(pieces[i]):
                head, _, rest = pieces[i].strip().partition(" ")
                pieces[i - 1] += " " + head
                pieces[i] = " " * len(marker) + rest
        out += [piece for piece in pieces if piece.strip()]
    return out
