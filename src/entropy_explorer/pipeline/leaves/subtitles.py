"""Subtitle cues as text: SubRip (.srt) and WebVTT (.vtt), and the clean-up players need.

* cues are sorted, never overlap (frame rounding can make one cue start a frame before the
  previous one ends) and never run past the end of the video;
* every cue stays on screen at least :data:`MIN_CUE` seconds (it borrows the free time
  around it, or joins its neighbour);
* long narration is wrapped to at most two lines of 42 characters, and split into
  consecutive cues at sentence or clause breaks when it needs more, the time shared in
  proportion to the text.

Pure Python, no files. (``pysubs2`` was measured against this and not taken: it reads a
garbled file as zero cues without a word, does not escape ``<`` and ``&`` in WebVTT, and
would replace only the parse/format half, about 90 lines, not the clean-up.)
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

__all__ = [
    "LINE_WIDTH",
    "MAX_LINES",
    "MIN_CUE",
    "Cue",
    "SubtitleError",
    "chapter_timestamp",
    "format_timestamp",
    "keep_on_screen",
    "normalise",
    "parse_srt",
    "parse_timestamp",
    "parse_vtt",
    "shift",
    "split_long_cues",
    "to_srt",
    "to_vtt",
    "transcript_markdown",
]

#: Characters per subtitle line (the common broadcast and streaming limit).
LINE_WIDTH = 42
#: Lines per cue on screen.
MAX_LINES = 2
#: Seconds a cue stays on screen at least (a reader needs a moment to notice it).
MIN_CUE = 0.8
#: Cues shorter than this (seconds) after clipping are noise and dropped.
_NOISE = 0.05


class SubtitleError(ValueError):
    """A subtitle file that cannot be read (the message says where)."""


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


def _parse(text: str, *, strict: bool) -> list[Cue]:
    cues = []
    for n, lines in enumerate(_blocks(text), start=1):
        for i, line in enumerate(lines):
            if "-->" in line:
                left, right = line.split("-->", 1)
                try:  # VTT cue settings may follow the end time ("00:01.000 align:start")
                    start = parse_timestamp(left)
                    end = parse_timestamp((right.strip().split() or [""])[0])
                except ValueError as exc:
                    raise SubtitleError(f"cue {n}: {exc}") from None
                body = "\n".join(x.strip() for x in lines[i + 1:]).strip()
                cues.append(Cue(start, end, body))
                break
        else:
            if strict:
                raise SubtitleError(f"cue {n} has no 'start --> end' line: {lines[0][:60]!r}")
    return cues


def parse_srt(text: str) -> list[Cue]:
    """Cues of a SubRip file (numbering ignored, multi-line text kept).

    Raises :class:`SubtitleError` for a block without a timing line or a bad timestamp.
    """
    return _parse(text, strict=True)


def parse_vtt(text: str) -> list[Cue]:
    """Cues of a WebVTT file (header, NOTE and STYLE blocks ignored)."""
    if not text.lstrip("\ufeff").startswith("WEBVTT"):
        raise SubtitleError("not a WebVTT file: it must start with 'WEBVTT'")
    return [_unescape_vtt(c) for c in _parse(text, strict=False)]


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
    the video; empty cues and slivers are dropped. Times are rounded to the millisecond
    (what both formats store).
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
        if end - start >= _NOISE:
            out.append(Cue(start, end, c.text.strip()))
    return out


def shift(cues: Iterable[Cue], offset: float) -> list[Cue]:
    """The cues moved ``offset`` seconds later."""
    return [Cue(round(c.start + offset, 3), round(c.end + offset, 3), c.text) for c in cues]


def keep_on_screen(cues: Sequence[Cue], duration: float | None = None,
                   minimum: float = MIN_CUE) -> list[Cue]:
    """Cues (sorted, not overlapping) each lasting at least ``minimum`` seconds.

    A short cue first takes free time after it (up to the next cue or the end), then
    before it; when there is not enough, it joins the previous cue (or the next one, for
    the first). Cues already long enough are untouched.
    """
    out = [Cue(c.start, c.end, c.text) for c in cues]
    i = 0
    while i < len(out):
        c = out[i]
        if c.duration >= minimum - 1e-9 or len(out) == 1:
            i += 1
            continue
        limit = out[i + 1].start if i + 1 < len(out) else (duration or c.start + minimum)
        end = min(max(c.end, c.start + minimum), limit)
        floor = out[i - 1].end if i else 0.0
        start = max(min(c.start, end - minimum), floor)
        if end - start >= minimum - 1e-9:
            out[i] = Cue(round(start, 3), round(end, 3), c.text)
            i += 1
        elif i:  # join the previous cue
            prev = out[i - 1]
            out[i - 1] = Cue(prev.start, max(prev.end, c.end), f"{prev.text} {c.text}")
            del out[i]
        else:  # the first cue joins the next one
            nxt = out[1]
            out[0] = Cue(c.start, nxt.end, f"{c.text} {nxt.text}")
            del out[1]
    return out


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
    their length in characters, so a reader gets the same reading speed throughout. A
    part that would last less than :data:`MIN_CUE` joins its shorter neighbour (a third
    line is easier to read than a flash).
    """
    out: list[Cue] = []
    for c in cues:
        chunks = _chunks(c.text, width, max_lines) or [c.text]
        while len(chunks) > 1 and c.duration * min(map(len, chunks)) / sum(map(len, chunks)) < MIN_CUE:
            i = min(range(len(chunks)), key=lambda k: len(chunks[k]))
            j = i - 1 if i == len(chunks) - 1 or (i and len(chunks[i - 1]) < len(chunks[i + 1])) else i + 1
            a, b = sorted((i, j))
            chunks[a:b + 1] = [f"{chunks[a]} {chunks[b]}"]
        total = sum(len(x) for x in chunks)
        t = c.start
        for i, chunk in enumerate(chunks):
            end = c.end if i == len(chunks) - 1 else t + c.duration * len(chunk) / total
            out.append(Cue(round(t, 3), round(end, 3), "\n".join(_wrap(chunk, width))))
            t = end
    return out


# --------------------------------------------------------------------------- transcript
def chapter_timestamp(seconds: float) -> str:
    """``M:SS`` (or ``H:MM:SS`` from an hour on), rounded down, as video sites read them."""
    total = int(seconds + 1e-6)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def transcript_markdown(parts: Sequence[tuple[str, float, Sequence[Cue]]], title: str) -> str:
    """Markdown transcript: one heading per section (with its start time), then its narration.

    ``parts`` holds ``(heading, start_seconds, cues)`` per section, in order.
    """
    lines = [f"# {title}: narration", ""]
    for heading, start, cues in parts:
        lines += [f"## {heading} ({chapter_timestamp(start)})", ""]
        text = [" ".join(c.text.split()) for c in cues]
        lines += [*text, ""] if text else ["(no narration)", ""]
    return "\n".join(lines).rstrip() + "\n"
