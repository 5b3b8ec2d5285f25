"""Helpers shared by the output tests (assemble, subtitles, slides, web).

* :func:`make_video`: a small synthetic test video made with ffmpeg (fast tests);
* :func:`s01_outputs`: section 1 rendered at -ql with its slide deck (slow tests), kept in
  ``build/test-outputs/`` so later test runs reuse it while the scene's inputs do not
  change. A file lock makes parallel test workers render it once.
"""

from __future__ import annotations

import fcntl
import json
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from entropy_explorer.pipeline import render
from entropy_explorer.pipeline.scenes import BUILD_DIR, QUALITIES
from entropy_explorer.pipeline.slides import (
    deck_is_current,
    deck_path,
    rendered_fingerprint,
    snapshot_deck,
)
from entropy_explorer.sections import SECTIONS

__all__ = ["LOW", "S01", "TEST_DIR", "ffprobe", "make_video", "s01_outputs"]

LOW = QUALITIES["l"]
S01 = SECTIONS[0]
TEST_DIR = BUILD_DIR / "test-outputs"


def make_video(path: Path, seconds: float, *, size: tuple[int, int] = (160, 90), fps: int = 15,
               codec: str = "libx264", pattern: str = "testsrc2") -> Path:
    """A silent test pattern video (H.264/yuv420p unless ``codec`` says otherwise)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
         "-i", f"{pattern}=size={size[0]}x{size[1]}:rate={fps}:duration={seconds}",
         "-c:v", codec, "-pix_fmt", "yuv420p", str(path)],
        check=True,
    )
    return path


def ffprobe(path: Path) -> dict:
    """ffprobe's JSON for ``path``: format, streams and chapters."""
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
         "-show_chapters", str(path)],
        check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out)


@contextmanager
def _lock() -> Iterator[None]:
    TEST_DIR.mkdir(parents=True, exist_ok=True)
    with open(TEST_DIR / ".lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def s01_outputs() -> tuple[Path, Path]:
    """Section 1 at -ql: its video (with subtitles) and its kept slide deck."""
    video_dir, decks_dir = TEST_DIR / "video", TEST_DIR / "decks"
    with _lock():
        if not (render.is_up_to_date(S01, LOW, video_dir) and deck_is_current(S01, LOW, decks_dir)):
            result = render.render_one(S01, LOW, force=True, video_dir=video_dir)
            if result.status != "rendered":
                pytest.fail(f"rendering section 1 failed: {result.error}")
            snapshot_deck(S01, LOW, decks_dir=decks_dir,
                          fingerprint=rendered_fingerprint(S01, video_dir))
    return render.output_path(S01, video_dir), deck_path(S01, LOW, decks_dir)
