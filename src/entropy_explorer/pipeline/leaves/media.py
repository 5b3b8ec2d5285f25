"""Media files: probing with PyAV and running ffmpeg.

Upload checks that every video we publish passes: constant frame rate (timestamps on the
frame grid), the index at the front (``+faststart``) and a keyframe at least every
:data:`KEYFRAME_SECONDS` (Manim's encoder is set up for that by our Manim entry point;
:data:`CFR_COPY` snaps the timestamps back onto the grid without re-encoding).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import av

from entropy_explorer.pipeline.leaves import procs

__all__ = [
    "cfr_copy",
    "ENCODER_TAG",
    "KEYFRAME_SECONDS",
    "MediaError",
    "VideoInfo",
    "codec_settings",
    "ffmpeg",
    "keyframe_interval",
    "media_duration",
    "video_info",
    "video_problem",
]

#: Longest gap between keyframes in any published video (seekable, upload-friendly).
KEYFRAME_SECONDS = 2.0
#: Names the settings our Manim entry point adds to the encoder; partial movies made with
#: them live in a folder of this name, so changing the settings must change the name.
ENCODER_TAG = "x264-keyint-2s"


def cfr_copy(fps: float) -> list[str]:
    """Stream-copy options that put every timestamp back on the ``fps`` frame grid (the
    concat demuxer and Manim's partial-movie joins shift some by a few ticks, and stretch
    the last packet of each part, which players and upload checks read as a variable
    frame rate) and the index in front."""
    step = f"(1/({fps}*TB))"
    snap = f"round(PTS*TB*{fps})*{step}"
    return ["-c:v", "copy",
            "-bsf:v", f"setts=pts={snap}:dts=round(DTS*TB*{fps})*{step}:duration={step}",
            "-movflags", "+faststart"]


class MediaError(RuntimeError):
    """ffmpeg failed, or a file is not a readable video (the message says which)."""


def keyframe_interval(fps: float) -> int:
    """Frames between keyframes: at most :data:`KEYFRAME_SECONDS`."""
    return max(1, int(KEYFRAME_SECONDS * fps))


def ffmpeg(args: Sequence[str], what: str = "ffmpeg", loglevel: str = "error") -> str:
    """Run ffmpeg quietly (cancellable); its output (``loglevel`` ``info`` for what a
    filter prints). Raises :class:`MediaError` with its error on failure."""
    try:
        done = procs.run(["ffmpeg", "-hide_banner", "-nostats", "-loglevel", loglevel,
                          "-nostdin", "-y", *args])
    except FileNotFoundError:
        raise MediaError("ffmpeg not found (install: sudo apt-get install ffmpeg)") from None
    if done.returncode != 0:
        raise MediaError(f"{what} failed (exit {done.returncode}): {done.output.strip()[-1500:]}")
    return done.output


@dataclass(frozen=True)
class VideoInfo:
    codec: str
    pix_fmt: str
    width: int
    height: int
    fps: float


def _open(path: Path) -> av.container.InputContainer:
    try:
        return av.open(str(path))
    except (av.error.FFmpegError, OSError) as exc:
        raise MediaError(f"{path} is not a readable video ({exc})") from None


def video_info(path: Path) -> VideoInfo:
    with _open(path) as c:
        if not c.streams.video:
            raise MediaError(f"{path} has no video stream")
        v = c.streams.video[0]
        cc = v.codec_context
        return VideoInfo(cc.name, str(cc.pix_fmt), cc.width, cc.height,
                         float(v.guessed_rate or v.average_rate or 0))


def media_duration(path: Path) -> float:
    """Duration in seconds (the container's, as players report it)."""
    with _open(path) as c:
        if c.duration is not None:
            return float(c.duration) / av.time_base
        if not c.streams.video:
            raise MediaError(f"{path} has no video stream")
        stream = c.streams.video[0]
        return float(stream.duration * stream.time_base)


def codec_settings(path: Path) -> tuple[object, ...]:
    """What must be equal for two videos to join by stream copy: codec, profile, size,
    pixel format, nominal rate, time base and decoder set-up (SPS/PPS)."""
    with _open(path) as c:
        v = c.streams.video[0]
        cc = v.codec_context
        return (cc.name, cc.profile, cc.width, cc.height, cc.pix_fmt, v.guessed_rate,
                v.time_base, bytes(cc.extradata or b""), len(c.streams.audio))


def video_problem(path: Path) -> str | None:
    """Why ``path`` is not a complete video (``None`` when it is): PyAV's verdict after
    reading every packet (no decoding, so it is quick)."""
    if not path.exists():
        return f"{path} is missing"
    if path.stat().st_size == 0:
        return f"{path} is empty"
    try:
        with av.open(str(path)) as c:
            if not c.streams.video:
                return f"{path} has no video stream"
            stream = c.streams.video[0]
            expected = stream.frames  # from the index; 0 when the container does not say
            packets = sum(1 for p in c.demux(stream) if p.size)
    except (av.error.FFmpegError, OSError) as exc:
        return f"{path} is damaged ({exc})"
    if not packets:
        return f"{path} holds no frames"
    if expected and packets < expected:
        return f"{path} is truncated ({packets} of {expected} frames readable)"
    return None
