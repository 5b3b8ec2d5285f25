"""Where everything lives: the project's folders and the stable name of every output.

One :class:`Project` value holds the paths, so the build layer can be pointed at a copy of
the project (the tests use a tiny one in a temporary folder, with a stand-in for Manim).

``build/`` holds what a user takes away (``video/``, ``web/``, ``slides/``, the full
video, the cover) and, in the hidden ``build/.state/``, the bookkeeping nobody publishes:
stamps, the kept narration, the sections' voice tracks, the per-scene numbers, temporary
files, the run lock, and ``renders/<quality>/``: every quality's section videos,
subtitles, narration, voice tracks and full video, of which the published ones (the last
quality asked for) are hard links. The voice's clips and timing manifests are a cache under
``media/voice/``; the author's recordings live in ``assets/voice/``.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from entropy_explorer import speech
from entropy_explorer.sections import SCENES_DIR, SECTIONS, Section
from entropy_explorer.speech import VoiceSetting

__all__ = ["DEFAULT_PROJECT", "MANIM_ENTRY", "STATE_NAME", "Project"]

#: The hidden bookkeeping folder inside ``build/``.
STATE_NAME = ".state"
#: How the pipeline starts Manim: this Python, through our small entry point (see
#: :mod:`entropy_explorer.pipeline.steps.manim_entry`).
MANIM_ENTRY: tuple[str, ...] = (sys.executable, "-m", "entropy_explorer.pipeline.steps.manim_entry")


@dataclass(frozen=True)
class Project:
    """The project's folders, and the command that runs Manim."""

    root: Path
    #: The command prefix that runs ``manim`` (a stand-in in the tests).
    manim: tuple[str, ...] = field(default=MANIM_ENTRY)
    #: Another place for ``build/`` (the tests keep their renders apart).
    build_root: Path | None = None
    #: Loads the speech engine for a voice (``None``: Piper; a stand-in in the tests).
    voice_engine: Callable[[VoiceSetting], Any] | None = None

    @property
    def scenes_dir(self) -> Path:
        return self.root / "scenes"

    @property
    def build_dir(self) -> Path:
        return self.build_root or self.root / "build"

    @property
    def media_dir(self) -> Path:
        """Manim's cache (partial movies, TeX, slide decks); deletable at any time."""
        return self.root / "media"

    def manim_media_dir(self) -> Path:
        """The media folder as Manim is told it.

        Manim writes the paths of its partial movies into an ffmpeg concat list without
        escaping quotes, so a project path with an apostrophe breaks every render; Manim
        then gets a link to the media folder from a quote-free temporary path.
        """
        if "'" not in str(self.media_dir.resolve()):
            return self.media_dir
        digest = hashlib.sha256(str(self.media_dir.resolve()).encode()).hexdigest()[:16]
        link = Path(tempfile.gettempdir()) / f"entropy-explorer-media-{digest}"
        self.media_dir.mkdir(parents=True, exist_ok=True)
        if not (link.is_symlink() and link.resolve() == self.media_dir.resolve()):
            link.unlink(missing_ok=True)
            link.symlink_to(self.media_dir.resolve(), target_is_directory=True)
        return link

    @property
    def state_dir(self) -> Path:
        return self.build_dir / STATE_NAME

    @property
    def video_dir(self) -> Path:
        return self.build_dir / "video"

    @property
    def logs_dir(self) -> Path:
        return self.build_dir / "logs"

    @property
    def decks_dir(self) -> Path:
        return self.build_dir / "decks"

    @property
    def vendor_dir(self) -> Path:
        return self.build_dir / "vendor"

    @property
    def web_dir(self) -> Path:
        return self.build_dir / "web"

    @property
    def article(self) -> Path:
        return self.root / "assets" / "kl-divergence.md"

    @property
    def voice_dir(self) -> Path:
        """The voice cache: ``clips/KEY.wav`` and each scene's timing manifest."""
        return speech.voice_dir(self.root)

    @property
    def recordings_dir(self) -> Path:
        """The author's recordings, ``SCENE/NN.wav``."""
        return speech.recordings_dir(self.root)

    # --------------------------------------------------------------------- scenes
    def scene_path(self, section: Section) -> Path:
        return self.scenes_dir / f"{section.module}.py"

    def has_scene(self, section: Section) -> bool:
        return self.scene_path(section).exists()

    def available(self) -> list[Section]:
        """Sections whose scene module exists, in article order."""
        return [s for s in SECTIONS if self.has_scene(s)]

    # -------------------------------------------------------------------- outputs
    def section_video(self, section: Section) -> Path:
        """``build/video/NN-slug.mp4``."""
        return self.video_dir / f"{section.name}.mp4"

    def kept(self, published: Path, folder: str) -> Path:
        """Where the render at quality ``folder`` (``480p15``) keeps ``published``, a file
        under ``build/``: ``build/.state/renders/480p15/video/NN-slug.mp4`` for
        ``build/video/NN-slug.mp4`` (and ``.../renders/480p15/voice/NN-slug.wav`` for
        ``build/.state/voice/NN-slug.wav``). What is published is a link to one of these,
        so switching quality back publishes what was kept instead of rendering again."""
        rel = Path(published).relative_to(self.build_dir)
        if rel.parts[0] == STATE_NAME:
            rel = rel.relative_to(STATE_NAME)
        return self.state_dir / "renders" / folder / rel

    def stamp(self, task: str) -> Path:
        """The stamp of one build task (its input key and the outputs it wrote)."""
        return self.state_dir / "stamps" / f"{task}.json"

    def narration(self, section: Section) -> Path:
        """The section's narration as Manim timed it (unsplit cues; the transcript's source)."""
        return self.state_dir / "narration" / f"{section.name}.srt"

    def voice_timing(self, section: Section) -> Path:
        """The section's voice timing manifest (``media/voice/NN-slug.json``)."""
        return speech.timing_path(section.name, self.voice_dir)

    def voice_track(self, section: Section) -> Path:
        """The section's mixed, normalised voice track (the full video's audio is made
        from these)."""
        return self.state_dir / "voice" / f"{section.name}.wav"

    def numbers_part(self, section: Section) -> Path:
        """One section's share of ``build/numbers.json``."""
        return self.state_dir / "numbers" / f"{section.name}.json"

    def rel(self, path: Path) -> str:
        """``path`` relative to the project when inside it (for messages)."""
        try:
            return str(Path(path).resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)


#: This checkout.
DEFAULT_PROJECT = Project(SCENES_DIR.parent)
