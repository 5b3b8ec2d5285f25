"""Slide decks: keep the deck a render wrote, with speaker notes on every slide.

Every section scene is a manim-slides ``Slide``: rendering it writes a deck (JSON plus one
clip per slide, cut at each ``beat``/``next_slide``) to ``media/slides/``. That folder is a
cache any render overwrites (at any quality), so right after each render the deck is
copied, clips and all, to ``build/decks/<quality>/`` (each clip remuxed with its index in
front and its timestamps on the frame grid, like the section videos). Each slide's notes are then the
section's heading, the scene's own note and the narration heard during the slide (the
script), so the speaker has a cue on every slide, the section openers included.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from manim_slides.config import PresentationConfig

from entropy_explorer.pipeline.leaves.files import atomic_dir, atomic_write_text
from entropy_explorer.pipeline.leaves.media import cfr_copy, ffmpeg, media_duration, video_info
from entropy_explorer.pipeline.leaves.scenes import Quality
from entropy_explorer.pipeline.leaves.subtitles import Cue
from entropy_explorer.sections import Section

__all__ = ["DeckError", "add_notes", "deck_files", "deck_path", "load_deck", "snapshot_deck"]


class DeckError(RuntimeError):
    """A deck is missing, incomplete or of another quality (the message says which)."""


def load_deck(path: Path) -> Any:
    """A deck's ``PresentationConfig``; :class:`DeckError` when it cannot be read."""
    try:
        return PresentationConfig.from_file(path)
    except Exception as exc:  # pydantic and JSON errors alike: the deck is unusable
        raise DeckError(f"cannot read the slide deck {path}: {exc}") from None


def deck_path(section: Section, quality: Quality, decks_dir: Path) -> Path:
    """The kept copy of a section's deck for ``quality``."""
    return decks_dir / quality.folder / f"{section.scene_class}.json"


def deck_files(deck_json: Path) -> list[Path]:
    """The deck's JSON and every clip it names (what a stamp must cover)."""
    deck = load_deck(deck_json)
    return [deck_json, *sorted({Path(s.file) for s in deck.slides})]


#: Seconds a cue may start before its slide (frame rounding between subtitles and clips).
_SLACK = 0.25


def add_notes(deck: Any, section: Section, narration: list[Cue]) -> None:
    """Give every slide notes: the section heading, the scene's note, then the narration
    heard during the slide's clip (the clips back to back give each slide's time span)."""
    t = 0.0
    heading = f"Section {section.number}: {section.title}"
    for i, slide in enumerate(deck.slides):
        end = t + media_duration(Path(slide.file))
        last = i == len(deck.slides) - 1
        said = [" ".join(c.text.split()) for c in narration
                if t <= c.start + _SLACK < end or (last and c.start + _SLACK >= end)]
        parts = [heading + (f" (slide {i + 1} of {len(deck.slides)})" if i else ""),
                 slide.notes.strip(), "Narration: " + " ".join(said) if said else ""]
        slide.notes = "\n\n".join(p for p in parts if p)
        t = end


def snapshot_deck(section: Section, quality: Quality, media_deck: Path, decks_dir: Path,
                  narration: list[Cue]) -> Path:
    """Copy the deck manim-slides just wrote (``media_deck``) into ``decks_dir``, with notes.

    Raises :class:`DeckError` when the deck is missing, was rendered at another
    resolution, or lacks a clip. Returns the kept deck's JSON.
    """
    if not media_deck.exists():
        raise DeckError(f"{section.name}: no slide deck at {media_deck} (is the scene a SectionScene?)")
    deck = load_deck(media_deck)
    if tuple(deck.resolution) != (quality.pixel_width, quality.pixel_height):
        raise DeckError(f"{section.name}: the deck in {media_deck} is {deck.resolution[0]}x"
                        f"{deck.resolution[1]}, not quality {quality.flag}")
    missing = [str(s.file) for s in deck.slides if not Path(s.file).exists()]
    if missing:
        raise DeckError(f"{section.name}: deck clips missing: {', '.join(missing)}")
    add_notes(deck, section, narration)
    target = deck_path(section, quality, decks_dir)
    files = target.parent / "files" / section.scene_class
    with atomic_dir(files) as tmp:
        for slide in deck.slides:
            name = Path(slide.file).name
            if not (tmp / name).exists():
                ffmpeg(["-i", str(slide.file), "-map", "0:v:0",
                        *cfr_copy(video_info(Path(slide.file)).fps), str(tmp / name)],
                       f"copying the slide clip {name}")
            slide.file = files / name
            slide.rev_file = files / name
    atomic_write_text(target, deck.model_dump_json(indent=2))
    return target
