"""Running things: child processes timed with their peak memory, and Earshot's eval read back."""

import json
import os
import subprocess
import time

EARSHOT_WAIT_S = 900  # the binary may be briefly missing while it is rebuilt


class Run:
    """One child process: wall seconds, CPU seconds (user + system) and peak resident memory."""

    def __init__(self, wall_s, cpu_s, peak_rss_mb, returncode, error):
        self.wall_s, self.cpu_s, self.peak_rss_mb = wall_s, cpu_s, peak_rss_mb
        self.returncode, self.error = returncode, error

    def as_dict(self):
        return dict(wall_s=round(self.wall_s, 3), cpu_s=round(self.cpu_s, 3),
                    peak_rss_mb=round(self.peak_rss_mb, 1), returncode=self.returncode, error=self.error)


def swift_jobs():
    """How many swift compiler processes are running now (another engineer's builds share the cores)."""
    count = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open("/proc/{}/comm".format(pid)) as handle:
                count += handle.read().strip() in ("swift-frontend", "swift-build", "swiftc", "clang")
        except OSError:
            pass
    return count


def timed(argv, stdout_path=os.devnull, env=None):
    """Run argv as a direct child; peak RSS is its ru_maxrss as wait4 reports it."""
    with open(stdout_path, "wb") as out:
        started = time.perf_counter()
        child = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE, env=env)
        stderr = child.stderr.read()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    child.returncode = code  # reaped by wait4: stop Popen from waiting again
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    error = (lines[-1] if lines else "exit status {}".format(code)) if code != 0 else None
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0, code, error)


def earshot_binary(path):
    """The binary, waiting for it while a rebuild has it missing."""
    deadline = time.time() + EARSHOT_WAIT_S
    while not os.access(path, os.X_OK):
        if time.time() > deadline:
            raise SystemExit("peers: {} is missing; build it (swift build -c release) and run again".format(path))
        time.sleep(10)
    return path


def earshot_json(binary, args):
    """`earshot ARGS --format json`, retried if the binary is swapped out under us."""
    for attempt in range(3):
        done = subprocess.run([earshot_binary(binary)] + args + ["--format", "json"],
                              capture_output=True, text=True)
        if done.stdout.strip().startswith("{"):
            return json.loads(done.stdout)
        if attempt < 2:
            time.sleep(10)
    raise SystemExit("peers: earshot {} failed: {}".format(" ".join(args), done.stderr.strip()[-500:]))


def vad_scores(binary, labels, detections=None):
    """Pooled frame precision/recall/F1 on single-channel labels (channel 0)."""
    extra = ["--detections", detections] if detections else []
    return earshot_json(binary, ["eval", "--labels", labels, "--channel", "0"] + extra)["pooled"]


def call_scores(binary, truth, detections=None):
    """Per-variant pooled call figures: {variant: {...}} as `earshot eval --truth` prints them."""
    extra = ["--detections", detections] if detections else []
    return earshot_json(binary, ["eval", "--truth", truth] + extra)["calls"]
