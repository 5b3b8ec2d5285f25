"""The full video: every section in article order, with chapters, subtitles and a transcript.

:func:`assemble_full` writes

* the sections joined with ffmpeg's concat demuxer and ``-c copy`` (no re-encoding; the
  sections share codec settings; if they ever do not, the join re-encodes and says so),
  timestamps snapped to the frame grid (constant frame rate), ``+faststart``, one chapter
  per section titled by its heading, the narration as a soft subtitle track and, when the
  sections are voiced, one AAC track made from their voice tracks back to back
  (:func:`~entropy_explorer.pipeline.steps.mix.full_track`: the sections' own AAC streams
  would drift when joined);
* its ``.srt`` / ``.vtt``, the chapter list (``0:00 Title`` lines for a video site's
  description) and the transcript (Markdown).

Every file is written under a temporary name and moved into place.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from entropy_explorer.pipeline.leaves.audio import AAC_ARGS
from entropy_explorer.pipeline.leaves.files import atomic_output, atomic_write_text
from entropy_explorer.pipeline.leaves.media import (
    cfr_copy,
    codec_settings,
    ffmpeg,
    keyframe_interval,
    media_duration,
    video_info,
)
from entropy_explorer.pipeline.leaves.subtitles import (
    Cue,
    chapter_timestamp,
    normalise,
    shift,
    split_long_cues,
    to_srt,
    to_vtt,
    transcript_markdown,
)
from entropy_explorer.pipeline.steps.mix import full_track
from entropy_explorer.sections import Section

__all__ = [
    "FULL_TITLE",
    "Assembled",
    "Chapter",
    "assemble_full",
    "chapters_for",
    "ffmetadata",
    "join_videos",
    "same_codec_settings",
    "video_chapters_text",
]

#: The article's title, used for the full video's metadata and the transcript.
FULL_TITLE = "The Curious Case of KL Divergence"


@dataclass(frozen=True)
class Chapter:
    """One section's span in the full video (seconds)."""

    section: Section
    start: float
    end: float

    @property
    def title(self) -> str:
        return self.section.title


@dataclass(frozen=True)
class Assembled:
    """What :func:`assemble_full` made."""

    chapters: list[Chapter]
    method: str  # "copy" or "re-encode"


# ----------------------------------------------------------------------------- chapters
def chapters_for(sections: Sequence[Section], videos: Sequence[Path]) -> list[Chapter]:
    """Chapters from the section videos' durations, back to back from 0.

    The concat demuxer starts each file where the previous one's container duration
    ends, so the same durations place the chapters (and shift the subtitles).
    """
    chapters, t = [], 0.0
    for section, video in zip(sections, videos, strict=True):
        d = media_duration(video)
        chapters.append(Chapter(section, t, t + d))
        t += d
    return chapters


def _escape_ffmeta(text: str) -> str:
    for ch in ("\\", "=", ";", "#", "\n"):
        text = text.replace(ch, "\\" + ch)
    return text


def ffmetadata(chapters: Sequence[Chapter], title: str = FULL_TITLE) -> str:
    """An ffmpeg metadata file (``;FFMETADATA1``) with one chapter per section, in ms."""
    lines = [";FFMETADATA1", f"title={_escape_ffmeta(title)}", ""]
    for c in chapters:
        lines += [
            "[CHAPTER]",
            "TIMEBASE=1/1000",
            f"START={round(c.start * 1000)}",
            f"END={round(c.end * 1000)}",
            f"title={_escape_ffmeta(c.title)}",
            "",
        ]
    return "\n".join(lines)


def video_chapters_text(chapters: Sequence[Chapter]) -> str:
    """``0:00 Title`` lines, one per chapter, for a video description."""
    return "".join(f"{chapter_timestamp(c.start)} {c.title}\n" for c in chapters)


# --------------------------------------------------------------------------- joining
def same_codec_settings(videos: Sequence[Path]) -> bool:
    """True when all videos share codec, profile, size, pixel format, rate and time base."""
    return len({codec_settings(v) for v in videos}) <= 1


def _concat_list(videos: Sequence[Path]) -> str:
    def quote(p: Path) -> str:
        return "'" + str(p.resolve()).replace("'", "'\\''") + "'"

    return "".join(f"file {quote(v)}\n" for v in videos)


def join_videos(videos: Sequence[Path], out: Path, metadata: str,
                subtitles: Path | None = None, audio: Path | None = None) -> str:
    """Join ``videos`` into ``out`` with chapters (a soft subtitle track, and ``audio``, a
    WAV as long as the join, as its AAC track); atomic.

    The picture by stream copy when the inputs share codec settings, else a re-encode
    (libx264, the first input's size and rate). Returns ``"copy"`` or ``"re-encode"``.
    """
    copy = same_codec_settings(videos)
    with atomic_output(out) as tmp, tempfile.TemporaryDirectory(prefix="entropy-explorer-") as work:
        listing = Path(work) / "inputs.txt"
        listing.write_text(_concat_list(videos), encoding="utf-8")
        meta = Path(work) / "chapters.ffmeta"
        meta.write_text(metadata, encoding="utf-8")
        if copy:
            args = ["-f", "concat", "-safe", "0", "-i", str(listing)]
            video_codec = cfr_copy(video_info(videos[0]).fps)
        else:
            first = codec_settings(videos[0])
            w, h, rate = first[2], first[3], first[5]
            args = []
            for v in videos:
                args += ["-i", str(v)]
            chains = "".join(
                f"[{i}:v]scale={w}:{h}:force_original_aspect_ratio=decrease,"
                f"pad={w}:{h}:(ow-iw)/2:(oh-ih)/2,fps={rate},format=yuv420p,setsar=1[v{i}];"
                for i in range(len(videos))
            )
            joined = "".join(f"[v{i}]" for i in range(len(videos)))
            args += ["-filter_complex", f"{chains}{joined}concat=n={len(videos)}:v=1:a=0[out]"]
            video_codec = ["-c:v", "libx264", "-crf", "20", "-preset", "medium",
                           "-pix_fmt", "yuv420p", "-g", str(keyframe_interval(float(rate))),
                           "-fps_mode", "cfr", "-movflags", "+faststart"]
        n = 1 if copy else len(videos)
        args += ["-i", str(meta)]
        meta_index = n
        if subtitles is not None:
            args += ["-i", str(subtitles)]
        if audio is not None:
            args += ["-i", str(audio)]
        args += ["-map", "0:v" if copy else "[out]"]
        if audio is not None:
            args += ["-map", f"{n + 1 + (subtitles is not None)}:a", *AAC_ARGS]
        else:
            args += ["-an"]
        if subtitles is not None:
            args += ["-map", f"{n + 1}:s", "-c:s", "mov_text",
                     "-metadata:s:s:0", "language=eng", "-metadata:s:s:0", "title=English"]
        args += ["-map_metadata", str(meta_index), "-map_chapters", str(meta_index),
                 *video_codec, str(tmp)]
        ffmpeg(args, "joining the full video")
    return "copy" if copy else "re-encode"


# -------------------------------------------------------------------------- assembly
def assemble_full(
    sections: Sequence[Section],
    videos: Sequence[Path],
    narrations: Sequence[Sequence[Cue]],
    *,
    out: Path,
    chapters_txt: Path,
    transcript: Path,
    tracks: Sequence[Path] | None = None,
) -> Assembled:
    """Join the section ``videos`` into ``out``; write its subtitles, chapters, transcript.

    ``sections``, ``videos``, ``narrations`` (each section's unsplit narration cues) and
    ``tracks`` (each section's voice track; None: no audio) pair up, in article order.
    """
    chapters = chapters_for(sections, videos)
    full: list[Cue] = []
    parts = []
    for c, narration in zip(chapters, narrations, strict=True):
        parts.append((c.title, c.start, narration))
        full += shift(split_long_cues(narration), c.start)
    full = normalise(full, chapters[-1].end)
    srt = out.with_suffix(".srt")
    atomic_write_text(srt, to_srt(full))
    atomic_write_text(out.with_suffix(".vtt"), to_vtt(full))
    with tempfile.TemporaryDirectory(prefix="entropy-explorer-voice-") as work:
        audio = None
        if tracks is not None:
            audio = Path(work) / "full.wav"
            full_track(videos, tracks, audio)
        method = join_videos(videos, out, ffmetadata(chapters), subtitles=srt if full else None,
                             audio=audio)
    atomic_write_text(chapters_txt, video_chapters_text(chapters))
    atomic_write_text(transcript, transcript_markdown(parts, FULL_TITLE))
    return Assembled(chapters, method)
