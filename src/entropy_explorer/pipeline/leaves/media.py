"""Media files: probing with PyAV and running ffmpeg.

Upload checks that every video we publish passes: constant frame rate (timestamps on the
frame grid), the index at the front (``+faststart``) and a keyframe at least every
:data:`KEYFRAME_SECONDS` (Manim's encoder is set up for that by our Manim entry point;
:data:`CFR_COPY` snaps the timestamps back onto the grid without re-encoding).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import av

from entropy_explorer.pipeline.leaves import procs

__all__ = [
    "cfr_copy",
    "ENCODER_TAG",
    "KEYFRAME_SECONDS",
    "X264_PRESET",
    "FrameMatch",
    "MediaError",
    "compare_frames",
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
#: The x264 preset of every partial movie (Manim's default is ``medium``). Measured on one
#: 4.7 s animation of section 7 at 1080p60 against a lossless encode of the same frames,
#: both at Manim's crf 23: ``veryfast`` 48.6 dB PSNR / SSIM 0.9991 and 15 % smaller, at
#: 0.69x the CPU time of ``medium`` (49.9 dB / 0.9996), decoding included.
X264_PRESET = "veryfast"
#: Names the settings our Manim entry point adds to the encoder; partial movies made with
#: them live in a folder of this name, so changing the settings must change the name.
ENCODER_TAG = f"x264-keyint-2s-{X264_PRESET}"


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


@dataclass(frozen=True)
class FrameMatch:
    """How closely one video matches another: mean PSNR (dB, ``inf`` when identical) and
    SSIM (1 when identical) over their frames, in RGB, and the frames compared."""

    psnr: float
    ssim: float
    frames: int


def _input(source: Path | str, fps: float | None) -> list[str]:
    # an image sequence (a pattern with %d) needs its frame rate; a video has its own
    return [*(["-framerate", str(fps)] if fps else []), "-i", str(source)]


_PSNR_AVERAGE = re.compile(r"PSNR .*?average:(inf|[\d.]+)")
_SSIM_ALL = re.compile(r"SSIM .*?All:([\d.]+)")
_FRAME_COUNT = re.compile(r"n:(\d+)")


def compare_frames(test: Path | str, reference: Path | str, *, fps: float | None = None,
                   reference_fps: float | None = None) -> FrameMatch:
    """PSNR and SSIM of ``test`` against ``reference`` with ffmpeg, frame by frame.

    Each is a video file or an image-sequence pattern (``frames/f%05d.png``, give its frame
    rate). Frames are paired in order (the n-th with the n-th, whatever their timestamps,
    so a GIF's centisecond clock does not shift the pairs), in RGB; a longer input's extra
    frames are ignored.
    """
    pair = "format=rgb24,settb=1/1000,setpts=N"  # frame n at n ms in both: paired by index
    graph = (f"[0:v]{pair},split[a][c];[1:v]{pair},split[b][d];"
             "[a][b]psnr=stats_file=-:shortest=1[p];[c][d]ssim=shortest=1;[p]nullsink")
    cmd = ["ffmpeg", "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info",
           *_input(test, fps), *_input(reference, reference_fps),
           "-filter_complex", graph, "-f", "null", "-"]
    try:
        done = procs.run(cmd)
    except FileNotFoundError:
        raise MediaError("ffmpeg not found (install: sudo apt-get install ffmpeg)") from None
    psnr, ssim = _PSNR_AVERAGE.findall(done.output), _SSIM_ALL.findall(done.output)
    if done.returncode != 0 or not psnr or not ssim:
        raise MediaError(f"comparing {test} with {reference} failed (exit {done.returncode}): "
                         f"{done.output.strip()[-1500:]}")
    frames = [int(n) for n in _FRAME_COUNT.findall(done.output)]
    return FrameMatch(math.inf if psnr[-1] == "inf" else float(psnr[-1]), float(ssim[-1]),
                      max(frames, default=0))
