"""One peer over some audio files, in its own process so that its time and peak memory are its own.

usage: worker.py PEER OUTDIR FILE...   writes OUTDIR/NAME.json for each FILE.wav:
    {"duration_s": 123.4, "segments": [{"channel": 0, "start": 1.23, "end": 4.56}, ...]}
Frame-based peers read the file in 10 s blocks, channel by channel state, at the file's own rate.
"""

import json
import os
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")

import soundfile  # noqa: E402

import detectors  # noqa: E402

BLOCK_S = 10


def frame_peer_segments(peer, path):
    info = soundfile.info(path)
    channels = [detectors.FRAME_PEERS[peer](info.samplerate) for _ in range(info.channels)]
    for block in soundfile.blocks(path, blocksize=BLOCK_S * info.samplerate, dtype="int16", always_2d=True):
        for index, detector in enumerate(channels):
            detector.feed(block[:, index].copy())
    return [(index, start, end) for index, detector in enumerate(channels) for start, end in detector.finish()]


def segments_for(peer, path):
    if peer == "call-ai-metrics":
        return detectors.call_ai_metrics_segments(path, soundfile.info(path).channels)
    if peer == "call-ai-metrics-silent":
        return detectors.call_ai_metrics_segments(path, 1, silent_partner=True)
    return frame_peer_segments(peer, path)


def main(argv):
    peer, out_dir, paths = argv[0], argv[1], argv[2:]
    os.makedirs(out_dir, exist_ok=True)
    for path in paths:
        segments = segments_for(peer, path)
        name = os.path.splitext(os.path.basename(path))[0]
        document = {
            "duration_s": round(soundfile.info(path).duration, 4),
            "segments": [{"channel": c, "start": float(s), "end": float(e)} for c, s, e in sorted(segments)],
        }
        temporary = os.path.join(out_dir, name + ".json.tmp")
        with open(temporary, "w") as handle:
            json.dump(document, handle)
        os.replace(temporary, os.path.join(out_dir, name + ".json"))


if __name__ == "__main__":
    main(sys.argv[1:])
