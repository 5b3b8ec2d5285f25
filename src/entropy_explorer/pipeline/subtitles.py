"""Subtitles from the scenes' narration: SubRip (.srt), WebVTT (.vtt) and a transcript.

Every ``SectionScene.narrate`` call becomes a Manim subcaption, and ``manim render`` writes
them as ``.srt`` beside the video; the render pipeline copies that file to
``build/video/NN-slug.srt``. This module turns it into subtitles a player shows well:

* cues are sorted, never overlap (frame rounding can make one cue start a frame before the
  previous one ends) and never run past the end of the video;
* long narration is wrapped to at most two lines of 42 characters, and split into
  consecutive cues at sentence or clause breaks when it needs more, the time shared in
  proportion to the text;
* the same cues are written as WebVTT for HTML ``<track>`` elements.

Pure Python (PyAV only to read a video's duration); no manim import.
"""

from __future__ import annotations

import hashlib
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

__all__ = [
    "LINE_WIDTH",
    "MAX_LINES",
    "Cue",
    "format_timestamp",
    "media_duration",
    "narration_cues",
    "normalise",
    "parse_srt",
    "parse_timestamp",
    "parse_vtt",
    "read_cues",
    "section_cues",
    "shift",
    "split_long_cues",
    "to_srt",
    "to_vtt",
    "transcript_markdown",
    "write_section_subtitles",
    "write_subtitles",
]

#: Characters per subtitle line (the common broadcast and streaming limit).
LINE_WIDTH = 42
#: Lines per cue on screen.
MAX_LINES = 2
#: Cues shorter than this (seconds) after clipping are dropped.
MIN_CUE = 0.05


@dataclass(frozen=True)
class Cue:
    """One subtitle: shown from ``start`` to ``end`` seconds."""

    start: float
    end: float
    text: str

    @property
    def duration(self) -> float:
        return self.end - self.start


# --------------------------------------------------------------------------- timestamps
_TS = re.compile(r"^\s*(?:(\d+):)?(\d{1,2}):(\d{2})[,.](\d{1,3})\s*$")


def parse_timestamp(text: str) -> float:
    """``"01:02:03,456"`` (SRT) or ``"02:03.456"`` (VTT) to seconds."""
    m = _TS.match(text)
    if not m:
        raise ValueError(f"not a subtitle timestamp: {text!r}")
    hours, minutes, seconds, frac = m.groups()
    ms = ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(frac.ljust(3, "0"))
    return ms / 1000


def format_timestamp(seconds: float, sep: str = ",") -> str:
    """Seconds to ``HH:MM:SS,mmm`` (``sep="."`` for WebVTT), rounded to the millisecond."""
    if seconds < 0:
        raise ValueError(f"negative timestamp: {seconds}")
    ms = int(round(seconds * 1000))
    hours, ms = divmod(ms, 3_600_000)
    minutes, ms = divmod(ms, 60_000)
    secs, ms = divmod(ms, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{sep}{ms:03d}"


# ------------------------------------------------------------------------------ parsing
def _blocks(text: str) -> Iterable[list[str]]:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line for line in block.split("\n")]
        if any(line.strip() for line in lines):
            yield lines


def _parse(text: str) -> list[Cue]:
    cues = []
    for lines in _blocks(text):
        for i, line in enumerate(lines):
            if "-->" in line:
                left, right = line.split("-->", 1)
                # VTT cue settings may follow the end time ("00:01.000 align:start")
                start = parse_timestamp(left)
                end = parse_timestamp(right.strip().split()[0])
                body = "\n".join(x.strip() for x in lines[i + 1:]).strip()
                cues.append(Cue(start, end, body))
                break
    return cues


def parse_srt(text: str) -> list[Cue]:
    """Cues of a SubRip file (numbering ignored, multi-line text kept)."""
    return _parse(text)


def parse_vtt(text: str) -> list[Cue]:
    """Cues of a WebVTT file (header, NOTE and STYLE blocks ignored)."""
    if not text.lstrip("\ufeff").startswith("WEBVTT"):
        raise ValueError("not a WebVTT file: it must start with 'WEBVTT'")
    return [_unescape_vtt(c) for c in _parse(text)]


def read_cues(path: Path) -> list[Cue]:
    """Cues of an ``.srt`` or ``.vtt`` file."""
    text = path.read_text(encoding="utf-8")
    return parse_vtt(text) if path.suffix.lower() == ".vtt" else parse_srt(text)


# ------------------------------------------------------------------------------ writing
def to_srt(cues: Sequence[Cue]) -> str:
    """SubRip text: numbered cues, ``HH:MM:SS,mmm`` times."""
    out = []
    for i, c in enumerate(cues, start=1):
        out.append(f"{i}\n{format_timestamp(c.start)} --> {format_timestamp(c.end)}\n{c.text}\n")
    return "\n".join(out)


def _escape_vtt(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _unescape_vtt(cue: Cue) -> Cue:
    text = cue.text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return replace(cue, text=text)


def to_vtt(cues: Sequence[Cue]) -> str:
    """WebVTT text (``WEBVTT`` header, ``HH:MM:SS.mmm`` times, text escaped)."""
    out = ["WEBVTT\n"]
    for i, c in enumerate(cues, start=1):
        out.append(f"{i}\n{format_timestamp(c.start, '.')} --> {format_timestamp(c.end, '.')}\n"
                   f"{_escape_vtt(c.text)}\n")
    return "\n".join(out)


# --------------------------------------------------------------------------- clean-up
def normalise(cues: Iterable[Cue], duration: float | None = None) -> list[Cue]:
    """Sorted cues that do not overlap and end inside ``[0, duration]``.

    A cue that runs into the next one ends where the next starts; cues are clipped to
    the video; empty cues and cues shorter than ``MIN_CUE`` are dropped. Times are
    rounded to the millisecond (what both formats store).
    """
    ordered = sorted((c for c in cues if c.text.strip()), key=lambda c: (c.start, c.end))
    out: list[Cue] = []
    for i, c in enumerate(ordered):
        start = max(0.0, c.start)
        end = c.end
        if i + 1 < len(ordered):
            end = min(end, ordered[i + 1].start)
        if duration is not None:
            end = min(end, duration)
        start, end = round(start, 3), round(end, 3)
        if end - start >= MIN_CUE:
            out.append(Cue(start, end, c.text.strip()))
    return out


def shift(cues: Iterable[Cue], offset: float) -> list[Cue]:
    """The cues moved ``offset`` seconds later."""
    return [Cue(round(c.start + offset, 3), round(c.end + offset, 3), c.text) for c in cues]


def _greedy(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters, as even in length as the line count allows."""
    text = " ".join(text.split())
    lines = _greedy(text, width)
    if len(lines) < 2:
        return lines
    # the narrowest width that still needs no more lines gives balanced lines
    lo, hi = max(len(w) for w in text.split()), width
    while lo < hi:
        mid = (lo + hi) // 2
        if len(_greedy(text, mid)) <= len(lines):
            hi = mid
        else:
            lo = mid + 1
    return _greedy(text, lo)


def _pieces(text: str) -> list[str]:
    """Sentences, and clauses of sentences too long for one cue."""
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(text.split()))
    out = []
    for s in sentences:
        if len(_wrap(s, LINE_WIDTH)) <= MAX_LINES:
            out.append(s)
        else:
            out.extend(p for p in re.split(r"(?<=[,;:])\s+", s) if p)
    return out


def _chunks(text: str, width: int, max_lines: int) -> list[str]:
    """Consecutive parts of ``text`` that each wrap to at most ``max_lines`` lines."""
    chunks: list[str] = []
    current = ""
    for piece in _pieces(text):
        candidate = f"{current} {piece}".strip()
        if len(_wrap(candidate, width)) <= max_lines:
            current = candidate
            continue
        if current:
            chunks.append(current)
        lines = _wrap(piece, width)
        while len(lines) > max_lines:  # one clause longer than a cue: cut by lines
            chunks.append(" ".join(lines[:max_lines]))
            lines = lines[max_lines:]
        current = " ".join(lines)
    if current:
        chunks.append(current)
    return chunks


def split_long_cues(cues: Iterable[Cue], width: int = LINE_WIDTH,
                    max_lines: int = MAX_LINES) -> list[Cue]:
    """Wrap each cue to ``width``; split cues needing more than ``max_lines`` lines.

    The parts follow each other without gaps and share the cue's time in proportion to
    their length in characters, so a reader gets the same reading speed throughout.
    """
    out: list[Cue] = []
    for c in cues:
        chunks = _chunks(c.text, width, max_lines) or [c.text]
        total = sum(len(x) for x in chunks)
        t = c.start
        for i, chunk in enumerate(chunks):
            end = c.end if i == len(chunks) - 1 else t + c.duration * len(chunk) / total
            out.append(Cue(round(t, 3), round(end, 3), "\n".join(_wrap(chunk, width))))
            t = end
    return out


# ------------------------------------------------------------------------------- files
def media_duration(path: Path) -> float:
    """Duration of a video file in seconds (the container's, as players report it)."""
    import av

    with av.open(str(path)) as container:
        if container.duration is not None:
            return float(container.duration) / av.time_base
        stream = container.streams.video[0]
        return float(stream.duration * stream.time_base)


def _atomic_write(dst: Path, text: str) -> None:
    from entropy_explorer.pipeline.render import atomic_write_text

    atomic_write_text(dst, text)


def write_subtitles(cues: Sequence[Cue], stem: Path) -> tuple[Path, Path]:
    """Write ``stem.srt`` and ``stem.vtt`` (atomically); returns both paths."""
    srt, vtt = stem.with_suffix(".srt"), stem.with_suffix(".vtt")
    _atomic_write(srt, to_srt(cues))
    _atomic_write(vtt, to_vtt(cues))
    return srt, vtt


def section_cues(video: Path, raw_srt: Path | None = None) -> list[Cue]:
    """A rendered section's narration, cleaned and timed to its video (unsplit)."""
    raw = raw_srt or video.with_suffix(".srt")
    cues = parse_srt(raw.read_text(encoding="utf-8")) if raw.exists() else []
    return normalise(cues, media_duration(video))


def _narration_path(video: Path) -> Path:
    return video.with_name(f".{video.stem}.narration.srt")


def _stamp_path(video: Path) -> Path:
    return video.with_name(f".{video.stem}.subtitles")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def narration_cues(video: Path) -> list[Cue]:
    """The section's narration as written by Manim (cleaned, timed, not split)."""
    narration = _narration_path(video)
    if narration.exists():
        return parse_srt(narration.read_text(encoding="utf-8"))
    return section_cues(video)


def write_section_subtitles(video: Path) -> tuple[Path, Path]:
    """Turn the ``.srt`` Manim wrote beside ``video`` into player-ready ``.srt`` + ``.vtt``.

    The unsplit narration is kept in a hidden ``.NN-slug.narration.srt`` (the transcript
    reads it), and a stamp records the digest of the ``.srt`` written here, so a fresh
    ``.srt`` from a new render is recognised and re-read while a second run on the same
    files changes nothing. A scene without narration gets empty (valid) files, so every
    video has a subtitle track.
    """
    srt, narration, stamp = video.with_suffix(".srt"), _narration_path(video), _stamp_path(video)
    ours = stamp.exists() and srt.exists() and stamp.read_text().strip() == _digest(srt)
    if srt.exists() and not ours:
        cues = section_cues(video, srt)
        _atomic_write(narration, to_srt(cues))
    elif narration.exists():
        cues = normalise(parse_srt(narration.read_text(encoding="utf-8")), media_duration(video))
    else:
        cues = []
        _atomic_write(narration, "")
    paths = write_subtitles(split_long_cues(cues), video.with_suffix(""))
    _atomic_write(stamp, _digest(srt) + "\n")
    return paths


def transcript_markdown(parts: Sequence[tuple[str, float, Sequence[Cue]]], title: str) -> str:
    """Markdown transcript: one heading per section (with its start time), then its narration.

    ``parts`` holds ``(heading, start_seconds, cues)`` per section, in order.
    """
    from entropy_explorer.pipeline.assemble import chapter_timestamp

    lines = [f"# {title}: narration", ""]
    for heading, start, cues in parts:
        lines += [f"## {heading} ({chapter_timestamp(start)})", ""]
        text = [" ".join(c.text.split()) for c in cues]
        lines += [*text, ""] if text else ["(no narration)", ""]
    return "\n".join(lines).rstrip() + "\n"
