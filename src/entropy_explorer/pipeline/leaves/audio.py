"""Audio files: 16-bit WAV in and out, any audio decoded by ffmpeg, the codecs we publish.

Samples are mono ``float32`` in [-1, 1]. Writes are atomic; decoding goes through
:func:`~entropy_explorer.pipeline.leaves.media.ffmpeg` (so Ctrl-C stops it). Errors are
:class:`~entropy_explorer.pipeline.leaves.media.MediaError` whose message starts with
the ``where`` the caller gives (a clip id and a file, say).
"""

from __future__ import annotations

import tempfile
import wave
from math import gcd
from pathlib import Path

import av
import numpy as np

from entropy_explorer.pipeline.leaves.files import atomic_output
from entropy_explorer.pipeline.leaves.media import MediaError, ffmpeg

__all__ = ["AAC_ARGS", "OPUS_ARGS", "probe_audio", "read_audio", "wav_seconds", "write_wav"]

#: The published voice track: AAC in mp4 (one mono voice: 128 kb/s is transparent).
AAC_ARGS = ("-c:a", "aac", "-b:a", "128k")
#: The same in WebM: Opus (48 kHz, as the mixed track already is).
OPUS_ARGS = ("-c:a", "libopus", "-b:a", "64k")


def write_wav(dst: Path, samples: np.ndarray, rate: int) -> None:
    """Mono 16-bit PCM WAV, atomically (samples clipped to [-1, 1])."""
    pcm = (np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2")
    with atomic_output(dst) as tmp, wave.open(str(tmp), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())


def wav_seconds(path: Path) -> float:
    """Length of a PCM WAV file in seconds."""
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / w.getframerate()


def probe_audio(path: Path, where: str = "") -> tuple[int, int, float]:
    """``(sample rate, channels, seconds)`` of the first audio stream of any media file."""
    where = where or str(path)
    try:
        with av.open(str(path)) as c:
            if not c.streams.audio:
                raise MediaError(f"{where}: not a readable audio file (no audio stream)")
            a = c.streams.audio[0]
            seconds = (float(c.duration) / av.time_base if c.duration is not None
                       else float((a.duration or 0) * a.time_base))
            return int(a.codec_context.sample_rate), int(a.codec_context.channels), seconds
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        raise MediaError(f"{where}: not a readable audio file ({exc})") from None


def _read_pcm_wav(path: Path) -> tuple[np.ndarray, int] | None:
    """Mono 16-bit PCM WAV samples and rate, or None for any other file."""
    try:
        with wave.open(str(path), "rb") as w:
            if (w.getnchannels(), w.getsampwidth(), w.getcomptype()) != (1, 2, "NONE"):
                return None
            data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
            return data.astype(np.float32) / 32768.0, w.getframerate()
    except (wave.Error, EOFError, OSError):
        return None  # ffmpeg says what is wrong


def read_audio(path: Path, rate: int, where: str = "") -> np.ndarray:
    """The first audio stream of ``path``, mixed down to mono and resampled to ``rate``.

    A mono 16-bit WAV (every clip this project writes) is read directly and resampled
    with a polyphase filter (no ffmpeg process: about 0.25 s saved per clip); anything
    else is decoded by ffmpeg.
    """
    where = where or str(path)
    pcm = _read_pcm_wav(path) if path.suffix.lower() == ".wav" else None
    if pcm is not None:
        samples, source_rate = pcm
        if source_rate == rate:
            return samples
        g = gcd(rate, source_rate)
        # scipy.signal takes about 2 s to import: only a recording at another rate needs it.
        from scipy.signal import resample_poly

        return resample_poly(samples, rate // g, source_rate // g).astype(np.float32)
    with tempfile.TemporaryDirectory(prefix="entropy-explorer-audio-") as work:
        raw = Path(work) / "samples.f32"
        try:
            ffmpeg(["-i", str(path), "-map", "0:a:0", "-ac", "1", "-ar", str(rate),
                    "-f", "f32le", str(raw)], f"{where}: decoding")
        except MediaError as exc:
            raise MediaError(f"{where}: not a readable audio file "
                             f"({' '.join(str(exc).split())[-300:]})") from None
        return np.fromfile(raw, dtype="<f4")
