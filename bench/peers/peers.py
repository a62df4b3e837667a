"""Peer comparison: open-source voice-activity detectors against Earshot, all scored by `earshot eval`.

usage: peers.py [--quick] [--out DIR] [--calls DIR] [--seed N]   (bench/peers/run sets up the venv and calls this)

Each peer runs in its own process (worker.py) over the vad-testset, the mixcalls calls and a one-hour
stereo call, writing raw per-channel speech segments as OUT/<set>/PEER/NAME.json; `earshot eval
--detections` scores them with Earshot's own bridge, definitions and matching. Writes OUT/results.json
and BENCHMARKS.md at the repository root.
"""

import argparse
import datetime
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

import soundfile

import measure
import report
import seeds

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.join(os.path.dirname(REPO), "shared")

# (key, title); the first five are the columns of the calls table.
PEERS = [("webrtc3", "WebRTC VAD 3"), ("silero", "Silero 0.5"), ("tenvad", "TEN VAD"),
         ("auditok", "auditok"), ("call-ai-metrics", "call-ai-metrics")]
# Other settings of the same peers, to show how much the choice matters (tables A and B2).
VARIANTS = [("webrtc3-20ms", "WebRTC VAD 3, 20 ms frames"), ("webrtc3-10ms", "WebRTC VAD 3, 10 ms frames"),
            ("silero-raw", "Silero 0.5, raw windows (no min/pad/hysteresis)")]
VAD_ONLY = [("call-ai-metrics-silent", "call-ai-metrics, mono + all-zero 2nd channel (off-label)")]
ONE_HOUR_S = 3600
SLOW_XRT = 20  # peers slower than this get one timed run of the hour, not three


def log(message):
    print("peers: " + message, file=sys.stderr, flush=True)


def duration(paths):
    return sum(soundfile.info(p).duration for p in paths)


def labelled(folder, suffix):
    return [p for p in sorted(glob.glob(os.path.join(folder, "*.wav")))
            if os.path.exists(p[:-4] + suffix)]


def ensure_calls(folder, seed):
    if len(labelled(folder, ".truth.json")) >= 36:
        return
    log("making the calls in {} (mixcalls defaults, seed {}, about a minute)".format(folder, seed))
    subprocess.run([sys.executable, os.path.join(SHARED, "tools", "mixcalls.py"), "--out", folder,
                    "--seed", str(seed)], check=True)


def one_hour_call(calls, out):
    """The real16 calls concatenated with sox, repeated until at least an hour; cached in OUT."""
    path = os.path.join(out, "onehour-real16.wav")
    if os.path.exists(path) and soundfile.info(path).duration >= ONE_HOUR_S:
        return path
    parts = [p for p in calls if p.endswith("-real16.wav")]
    chosen, total = [], 0.0
    while total < ONE_HOUR_S:
        for part in parts:
            chosen.append(part)
            total += soundfile.info(part).duration
    log("building {} from {} calls ({:.0f} s)".format(path, len(chosen), total))
    subprocess.run(["sox"] + chosen + [path + ".tmp.wav"], check=True)
    os.replace(path + ".tmp.wav", path)
    return path


def worker(peer, out_dir, files):
    shutil.rmtree(out_dir, ignore_errors=True)
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    run = measure.timed([sys.executable, os.path.join(HERE, "worker.py"), peer, out_dir] + files, env=env)
    if run.error:
        log("{} failed: {}".format(peer, run.error))
    return run


def speed(run, audio_s):
    entry = run.as_dict()
    entry["x_real_time"] = round(audio_s / run.wall_s, 1) if not run.error else None
    entry["swift_jobs_after"] = measure.swift_jobs()
    return entry


def vad_table(args, binary, out):
    files = labelled(args.testset, ".scv")
    audio_s = duration(files)
    rows = {}
    for key, title in PEERS + VARIANTS + VAD_ONLY:
        log("vad-testset: " + key)
        folder = os.path.join(out, "vad", key)
        run = worker(key, folder, files)
        row = {"title": title, "speed": speed(run, audio_s)}
        if not run.error:
            row["scores"] = measure.vad_scores(binary, args.testset, folder)
        rows[key] = row
    log("vad-testset: earshot")
    run = measure.timed([binary, "analyze"] + files + ["--format", "json"])
    rows["earshot"] = {"title": "Earshot", "speed": speed(run, audio_s),
                       "scores": measure.vad_scores(binary, args.testset)}
    return {"files": len(files), "audio_s": round(audio_s, 1), "rows": rows}


def calls_table(args, binary, out):
    files = labelled(args.calls, ".truth.json")
    audio_s = duration(files)
    rows = {}
    for key, title in PEERS + VARIANTS:
        log("calls: " + key)
        folder = os.path.join(out, "calls", key)
        run = worker(key, folder, files)
        row = {"title": title, "speed": speed(run, audio_s)}
        if not run.error:
            row["scores"] = measure.call_scores(binary, args.calls, folder)
        rows[key] = row
    log("calls: earshot")
    rows["earshot"] = {"title": "Earshot", "scores": measure.call_scores(binary, args.calls)}
    return {"files": len(files), "audio_s": round(audio_s, 1), "rows": rows}


def hour_table(args, binary, out):
    path = one_hour_call(labelled(args.calls, ".truth.json"), out)
    audio_s = duration([path])
    tools = [(key, title, lambda key=key: worker(key, os.path.join(out, "onehour", key), [path]))
             for key, title in PEERS]
    tools.append(("earshot", "Earshot", lambda: measure.timed([binary, "analyze", path, "--format", "json"])))
    rows = {}
    for key, title, go in tools:
        log("one-hour call: " + key)
        runs = [speed(go(), audio_s)]
        if runs[0]["x_real_time"] and runs[0]["x_real_time"] >= SLOW_XRT:
            runs += [speed(go(), audio_s) for _ in range(2)]
        ok = [r for r in runs if r["x_real_time"]]
        rows[key] = {"title": title, "runs": runs, "error": runs[0]["error"],
                     "x_real_time": statistics.median(r["x_real_time"] for r in ok) if ok else None,
                     "cpu_s": statistics.median(r["cpu_s"] for r in ok) if ok else None,
                     "peak_rss_mb": max(r["peak_rss_mb"] for r in ok) if ok else None}
    return {"file": path, "audio_s": round(audio_s, 1), "rows": rows}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the one-hour timing")
    parser.add_argument("--out", default=os.path.join(HERE, "out"), help="output folder (default bench/peers/out)")
    parser.add_argument("--calls", default="/tmp/calls", help="mixcalls output (made if missing)")
    parser.add_argument("--seed", type=int, default=1, help="mixcalls seed when the calls are made (default 1)")
    parser.add_argument("--testset", default=os.path.join(SHARED, "data", "vad-testset"))
    parser.add_argument("--earshot", default=os.path.join(REPO, ".build", "release", "earshot"))
    parser.add_argument("--markdown", default=os.path.join(REPO, "BENCHMARKS.md"))
    parser.add_argument("--report-only", action="store_true", help="rewrite the markdown from OUT/results.json")
    args = parser.parse_args()
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    if args.report_only:
        with open(os.path.join(out, "results.json")) as handle:
            return write_markdown(json.load(handle), args.markdown, out)
    started = time.time()
    binary = measure.earshot_binary(os.path.abspath(args.earshot))
    ensure_calls(args.calls, args.seed)
    results = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
               "machine": report.machine(), "versions": report.versions(binary, REPO),
               "load_at_start": report.loadavg()}
    results["vad"] = vad_table(args, binary, out)
    results["calls"] = calls_table(args, binary, out)
    results["hour"] = None if args.quick else hour_table(args, binary, out)
    results["load_at_end"] = report.loadavg()
    results["elapsed_min"] = round((time.time() - started) / 60, 1)
    with open(os.path.join(out, "results.json"), "w") as handle:
        json.dump(results, handle, indent=1)
    write_markdown(results, args.markdown, out)
    log("wrote {} and {} in {} min".format(args.markdown, os.path.join(out, "results.json"), results["elapsed_min"]))


def write_markdown(results, path, out):
    """The tables of `results`, and section D from the seed runs kept in OUT (bench/peers/seeds.py)."""
    with open(path + ".tmp", "w") as handle:
        handle.write(report.markdown(results, PEERS, VARIANTS, seeds.section(out, PEERS)))
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
