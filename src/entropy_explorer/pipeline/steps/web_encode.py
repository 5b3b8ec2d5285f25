"""Encodes for the web: an H.264 MP4 (a remux), a VP9 WebM and a poster PNG per section.

``NN-slug.mp4``
    H.264, ``+faststart`` (playback starts before the download ends), constant frame
    rate. Manim already encodes H.264/yuv420p at CRF 23, so this is a remux, not a second
    lossy encode; the voice's AAC track is copied too.
``NN-slug.webm``
    VP9 (``-deadline realtime -cpu-used 8``: about real time on one core at 1080p60;
    the "good" deadline takes about 6x longer for a file about 15% smaller), a keyframe
    at least every 2 s; the voice as Opus.
``NN-slug.png``
    The poster: the section's last frame (its finished picture).
"""

from __future__ import annotations

from pathlib import Path

from entropy_explorer.pipeline.leaves.audio import OPUS_ARGS
from entropy_explorer.pipeline.leaves.files import atomic_output
from entropy_explorer.pipeline.leaves.media import cfr_copy, ffmpeg, keyframe_interval, video_info

__all__ = ["MP4_REENCODE_ARGS", "RECIPE", "WEBM_ARGS", "poster_png", "web_mp4", "web_webm"]

#: VP9 at constant quality, tuned for speed (see the module docstring for the trade-off).
WEBM_ARGS = ("-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-row-mt", "1",
             "-crf", "32", "-b:v", "0", "-pix_fmt", "yuv420p")
#: Used only when a source is not already H.264/yuv420p.
MP4_REENCODE_ARGS = ("-c:v", "libx264", "-preset", "medium", "-crf", "23",
                     "-pix_fmt", "yuv420p", "-profile:v", "high", "-movflags", "+faststart")
#: Changes whenever the encodes change, so every section's web files are made again.
RECIPE = ("web-v3|" + " ".join(WEBM_ARGS) + "|" + " ".join(MP4_REENCODE_ARGS) + "|"
          + " ".join(OPUS_ARGS))


def web_mp4(src: Path, dst: Path) -> None:
    """H.264 with the index at the front (``+faststart``); remuxed when already H.264."""
    info = video_info(src)
    if (info.codec, info.pix_fmt) == ("h264", "yuv420p"):
        video = cfr_copy(info.fps)
    else:
        video = [*MP4_REENCODE_ARGS, "-g", str(keyframe_interval(info.fps or 30))]
    with atomic_output(dst) as tmp:
        ffmpeg(["-i", str(src), "-map", "0:v:0", "-map", "0:a:0?", *video, "-c:a", "copy",
                "-sn", "-dn", str(tmp)], "the web mp4")


def web_webm(src: Path, dst: Path, threads: int = 2) -> None:
    """VP9 WebM (see :data:`WEBM_ARGS`)."""
    gop = keyframe_interval(video_info(src).fps or 30)
    with atomic_output(dst) as tmp:
        ffmpeg(["-i", str(src), "-map", "0:v:0", "-map", "0:a:0?", *WEBM_ARGS, "-g", str(gop),
                *OPUS_ARGS, "-threads", str(threads), "-sn", "-dn", "-f", "webm", str(tmp)],
               "the web webm")


def poster_png(src: Path, dst: Path) -> None:
    """The last frame of ``src`` as PNG."""
    # decode the last second; -update keeps overwriting one image, so the last frame wins
    with atomic_output(dst) as tmp:
        ffmpeg(["-sseof", "-1", "-i", str(src), "-map", "0:v:0", "-update", "1",
                "-f", "image2", "-c:v", "png", str(tmp)], "the poster")
