"""A section's subtitles from the narration Manim wrote, timed to its video.

Every ``SectionScene.narrate`` call becomes a Manim subcaption, written as ``.srt`` beside
the video. :func:`section_captions` turns it into what players show well (cleaned, each
cue on screen at least 0.8 s, long narration split into two-line cues) as ``.srt`` and
``.vtt``, and keeps the narration itself (unsplit) for the transcript and slide notes.
"""

from __future__ import annotations

from pathlib import Path

from entropy_explorer.pipeline.leaves.files import atomic_write_text
from entropy_explorer.pipeline.leaves.media import media_duration
from entropy_explorer.pipeline.leaves.subtitles import (
    Cue,
    SubtitleError,
    keep_on_screen,
    normalise,
    parse_srt,
    parse_vtt,
    split_long_cues,
    to_srt,
    to_vtt,
)

__all__ = ["read_cues", "section_captions", "write_subtitles"]


def read_cues(path: Path) -> list[Cue]:
    """Cues of an ``.srt`` or ``.vtt`` file; :class:`SubtitleError` names the file."""
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        return parse_vtt(text) if path.suffix.lower() == ".vtt" else parse_srt(text)
    except SubtitleError as exc:
        raise SubtitleError(f"{path}: {exc}") from None


def write_subtitles(cues: list[Cue], stem: Path) -> tuple[Path, Path]:
    """Write ``stem.srt`` and ``stem.vtt`` (atomically); returns both paths."""
    srt, vtt = stem.with_suffix(".srt"), stem.with_suffix(".vtt")
    atomic_write_text(srt, to_srt(cues))
    atomic_write_text(vtt, to_vtt(cues))
    return srt, vtt


def section_captions(raw: Path | None, video: Path, narration: Path) -> list[Cue]:
    """Write ``video``'s ``.srt``/``.vtt`` and the unsplit ``narration`` from Manim's ``raw``
    subcaptions (``None``: the scene narrates nothing; empty, valid files are written).

    Returns the narration cues. Raises :class:`SubtitleError` for a garbled file.
    """
    duration = media_duration(video)
    cues = normalise(read_cues(raw), duration) if raw is not None else []
    cues = keep_on_screen(cues, duration)
    atomic_write_text(narration, to_srt(cues))
    write_subtitles(split_long_cues(cues), video.with_suffix(""))
    return cues
