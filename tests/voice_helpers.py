"""Measurements of voiced videos shared by the voice tests: EBU R128, silences, onsets.

Each uses ffmpeg's own meters (``ebur128``, ``silencedetect``) or a plain level threshold
on the decoded samples, independently of the code under test.
"""

from __future__ import annotations

import math
import re
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["Ebu", "decode", "ebur128", "onset_after", "silences", "speech_starts", "tone_wav"]


@dataclass(frozen=True)
class Ebu:
    integrated: float  # LUFS
    true_peak: float  # dBTP


def ebur128(path: Path) -> Ebu:
    """Integrated loudness and true peak of the first audio stream (ffmpeg ``ebur128``)."""
    err = subprocess.run(
        ["ffmpeg", "-hide_banner", "-nostats", "-i", str(path), "-map", "0:a:0",
         "-af", "ebur128=peak=true", "-f", "null", "-"],
        capture_output=True, text=True, check=True).stderr
    summary = err[err.rindex("Summary:"):]
    integrated = float(re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary).group(1))
    peak = float(re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary).group(1))
    return Ebu(integrated, peak)


def silences(path: Path, noise_db: float = -40.0, min_seconds: float = 0.6) -> list[tuple[float, float]]:
    """``(start, end)`` of each silence ffmpeg's ``silencedetect`` finds."""
    err = subprocess.run(
        ["ffmpeg", "-hide_banner", "-nostats", "-i", str(path), "-map", "0:a:0",
         "-af", f"silencedetect=noise={noise_db}dB:d={min_seconds}", "-f", "null", "-"],
        capture_output=True, text=True, check=True).stderr
    starts = [float(x) for x in re.findall(r"silence_start: (-?[\d.]+)", err)]
    ends = [float(x) for x in re.findall(r"silence_end: (-?[\d.]+)", err)]
    ends += [math.inf] * (len(starts) - len(ends))
    return list(zip(starts, ends, strict=True))


def decode(path: Path, rate: int = 48_000) -> np.ndarray:
    """The first audio stream as mono float32 samples."""
    out = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:a:0", "-ac", "1", "-ar", str(rate),
         "-f", "f32le", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(out, dtype="<f4")


def onset_after(samples: np.ndarray, t: float, rate: int = 48_000, level_db: float = -35.0) -> float:
    """Time of the first sample at or after ``t`` whose level exceeds ``level_db`` dBFS."""
    i0 = int(t * rate)
    loud = np.nonzero(np.abs(samples[i0:]) > 10 ** (level_db / 20))[0]
    return math.inf if not len(loud) else (i0 + int(loud[0])) / rate


def speech_starts(samples: np.ndarray, rate: int = 48_000, *, gap: float = 0.25,
                  level_db: float = -35.0) -> list[float]:
    """Times where sound above ``level_db`` dBFS starts after at least ``gap`` s of quiet."""
    loud = np.nonzero(np.abs(samples) > 10 ** (level_db / 20))[0]
    if not len(loud):
        return []
    starts = [loud[0]] + [b for a, b in zip(loud, loud[1:], strict=False) if b - a > gap * rate]
    return [int(i) / rate for i in starts]


def tone_wav(path: Path, seconds: float, *, rate: int = 44_100, pad: float = 0.5,
             freq: float = 220.0, amplitude: float = 0.5, channels: int = 1) -> Path:
    """A WAV with ``pad`` s of silence, a ``seconds`` s tone, ``pad`` s of silence."""
    t = np.arange(int(seconds * rate)) / rate
    body = amplitude * np.sin(2 * np.pi * freq * t)
    x = np.concatenate([np.zeros(int(pad * rate)), body, np.zeros(int(pad * rate))])
    pcm = (x * 32767).astype("<i2")
    if channels == 2:
        pcm = np.repeat(pcm, 2)
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return path
