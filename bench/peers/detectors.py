"""The peer voice-activity detectors, each turned into raw speech segments for one channel.

Every frame-based detector is streamed: `feed` takes int16 samples of one channel at the file's own
rate, in blocks of any size; `finish` returns the speech segments as (start_s, end_s) pairs. Nothing
here smooths, bridges or pads beyond what the peer itself does; Earshot's eval applies its own 0.3 s
pause bridge to every detector alike.
"""

import ast
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SILERO_DIR = os.path.join(HERE, ".venv", "silero")  # filled by ./run from the silero-vad wheel


def runs_to_segments(flags, frame_s):
    """(start_s, end_s) of every run of true flags, frame i covering [i, i+1) * frame_s."""
    flags = np.asarray(flags, dtype=np.int8)
    if flags.size == 0:
        return []
    edges = np.flatnonzero(np.diff(np.concatenate([[0], flags, [0]])))
    return [(round(a * frame_s, 4), round(b * frame_s, 4)) for a, b in zip(edges[0::2], edges[1::2])]


class Framed:
    """Cuts a stream into whole frames of `frame_samples`; a short tail is dropped unless `pad_tail`."""

    pad_tail = False

    def __init__(self, frame_samples):
        self.frame_samples = frame_samples
        self.carry = np.zeros(0, dtype=np.int16)

    def feed(self, x):
        x = np.concatenate([self.carry, x]) if self.carry.size else x
        whole = x.size - x.size % self.frame_samples
        for start in range(0, whole, self.frame_samples):
            self.frame(x[start:start + self.frame_samples])
        self.carry = x[whole:].copy()

    def finish(self):
        if self.pad_tail and self.carry.size:
            tail = np.zeros(self.frame_samples, dtype=np.int16)
            tail[:self.carry.size] = self.carry
            self.frame(tail)
        return self.segments()


class WebRTC(Framed):
    """py-webrtcvad (webrtcvad-wheels), aggressiveness 3, raw per-frame decisions."""

    def __init__(self, rate, frame_ms=30, mode=3):
        import webrtcvad
        if rate not in (8000, 16000, 32000, 48000):
            raise ValueError("WebRTC VAD takes 8/16/32/48 kHz, got {}".format(rate))
        super().__init__(rate * frame_ms // 1000)
        self.vad, self.rate, self.frame_s, self.flags = webrtcvad.Vad(mode), rate, frame_ms / 1000, []

    def frame(self, x):
        self.flags.append(self.vad.is_speech(x.tobytes(), self.rate))

    def segments(self):
        return runs_to_segments(self.flags, self.frame_s)


def _silero_timestamps_function():
    """`get_speech_timestamps_from_probs` from the wheel's utils_vad.py, taken out without its torch import."""
    path = os.path.join(SILERO_DIR, "silero_vad", "utils_vad.py")
    tree = ast.parse(open(path, encoding="utf-8").read())
    node = next(n for n in tree.body if isinstance(n, ast.FunctionDef)
                and n.name == "get_speech_timestamps_from_probs")
    scope = {}
    exec("from typing import Callable, List\n" + ast.unparse(node), scope)  # pure Python, no torch
    return scope["get_speech_timestamps_from_probs"]


class Silero(Framed):
    """Silero VAD v6 ONNX model via onnxruntime (one thread), threshold 0.5, segmented by the package's own
    defaults (min speech 250 ms, min silence 100 ms, pad 30 ms, release at 0.35), or with `raw` each
    window's probability >= threshold as it is."""

    pad_tail = True

    def __init__(self, rate, threshold=0.5, raw=False):
        import onnxruntime
        if rate not in (8000, 16000):
            raise ValueError("Silero VAD takes 8 or 16 kHz, got {}".format(rate))
        super().__init__(512 if rate == 16000 else 256)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            os.path.join(SILERO_DIR, "silero_vad", "data", "silero_vad.onnx"),
            sess_options=options, providers=["CPUExecutionProvider"])
        self.rate, self.threshold, self.raw, self.samples = rate, threshold, raw, 0
        self.context = np.zeros((1, 64 if rate == 16000 else 32), dtype=np.float32)
        self.state = np.zeros((2, 1, 128), dtype=np.float32)
        self.sr = np.array(rate, dtype=np.int64)
        self.probs = []
        self.timestamps = _silero_timestamps_function()

    def feed(self, x):
        self.samples += x.size
        super().feed(x)

    def frame(self, x):
        chunk = np.concatenate([self.context, (x.astype(np.float32) / 32768.0)[None, :]], axis=1)
        out, self.state = self.session.run(None, {"input": chunk, "state": self.state, "sr": self.sr})
        self.context = chunk[:, -self.context.shape[1]:]
        self.probs.append(float(out[0][0]))

    def segments(self):
        if self.raw:
            return runs_to_segments([p >= self.threshold for p in self.probs], self.frame_samples / self.rate)
        spans = self.timestamps(self.probs, sampling_rate=self.rate, threshold=self.threshold,
                                audio_length_samples=self.samples)
        return [(round(s["start"] / self.rate, 4), round(s["end"] / self.rate, 4)) for s in spans]


class TenVAD(Framed):
    """TEN VAD (ten-vad wheel, its bundled libten_vad.so), hop 256 at 16 kHz, threshold 0.5, raw flags.
    It takes 16 kHz only: other rates are resampled with soxr (HQ, streaming)."""

    def __init__(self, rate, threshold=0.5, hop=256):
        from ten_vad import TenVad
        super().__init__(hop)
        self.vad, self.flags, self.resampler = TenVad(hop, threshold), [], None
        if rate != 16000:
            import soxr
            self.resampler = soxr.ResampleStream(rate, 16000, 1, dtype="int16", quality="HQ")
        self.frame_s = hop / 16000

    def feed(self, x):
        super().feed(self.resampler.resample_chunk(x) if self.resampler else x)

    def finish(self):
        if self.resampler:
            super().feed(self.resampler.resample_chunk(np.zeros(0, dtype=np.int16), last=True))
        return super().finish()

    def frame(self, x):
        self.flags.append(self.vad.process(np.ascontiguousarray(x))[1])

    def segments(self):
        return runs_to_segments(self.flags, self.frame_s)


class Auditok:
    """auditok.split with its defaults (energy threshold 50 dB, 50 ms windows, min 0.2 s, at most 0.3 s of
    silence inside an event) except max_dur=None, so long talk is not cut into 5 s pieces.
    auditok is given each channel whole, as bytes: its file reader takes PCM WAV only, not mu-law."""

    def __init__(self, rate):
        self.rate, self.parts = rate, []

    def feed(self, x):
        self.parts.append(x)

    def finish(self):
        import auditok
        data = np.concatenate(self.parts).astype(np.int16).tobytes()
        self.parts = None
        regions = auditok.split(data, sampling_rate=self.rate, sample_width=2, channels=1,
                                min_dur=0.2, max_dur=None, max_silence=0.3, energy_threshold=50)
        return [(round(r.start, 4), round(r.end, 4)) for r in regions]


FRAME_PEERS = {
    "webrtc3": lambda rate: WebRTC(rate, 30),
    "webrtc3-20ms": lambda rate: WebRTC(rate, 20),
    "webrtc3-10ms": lambda rate: WebRTC(rate, 10),
    "silero": Silero,
    "silero-raw": lambda rate: Silero(rate, raw=True),
    "tenvad": TenVAD,
    "auditok": Auditok,
}


def call_ai_metrics_segments(path, channels, silent_partner=False):
    """call-ai-metrics on a whole stereo file: its own per-channel segments, after its crosstalk
    estimation, 0.12 s minimum and 0.3 s bridge (CallAnalyzer defaults). It refuses mono input; with
    `silent_partner` a mono file is given an all-zero second channel (off-label, for reference only)."""
    from call_ai_metrics import CallAnalyzer
    names = ["agent", "customer"]
    if silent_partner:
        import soundfile
        x, rate = soundfile.read(path, dtype="int16", always_2d=True)
        source, kwargs = (x[:, 0], np.zeros(x.shape[0], dtype=np.int16)), {"sample_rate": rate}
        channels = 1
    else:
        source, kwargs = path, {}
    report = CallAnalyzer().analyze(source, speakers=names[:max(channels, 2)], **kwargs)
    return [(names.index(s.speaker), s.start_s, s.end_s) for s in report.segments
            if names.index(s.speaker) < channels]
