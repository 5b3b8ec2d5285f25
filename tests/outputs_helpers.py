"""Helpers shared by the output tests (assemble, subtitles, slides, web, build).

* :func:`make_video`: a small synthetic test video made with ffmpeg (fast tests);
* :func:`s01_outputs`: section 1 rendered at -ql by the real pipeline (slow tests), into
  its own build folder ``build/test-outputs/`` so later test runs reuse it while the
  scene's inputs do not change; parallel test workers queue on its build lock (--wait).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from entropy_explorer.cli import main
from entropy_explorer.pipeline.leaves.project import DEFAULT_PROJECT, Project
from entropy_explorer.pipeline.leaves.scenes import QUALITIES
from entropy_explorer.pipeline.steps.decks import deck_path
from entropy_explorer.sections import SECTIONS

__all__ = ["LOW", "S01", "TEST_PROJECT", "ffprobe", "make_video", "s01_outputs"]

LOW = QUALITIES["l"]
S01 = SECTIONS[0]
TEST_PROJECT = Project(DEFAULT_PROJECT.root, build_root=DEFAULT_PROJECT.build_dir / "test-outputs")


def make_video(path: Path, seconds: float, *, size: tuple[int, int] = (160, 90), fps: int = 15,
               codec: str = "libx264", pattern: str = "testsrc2", vf: str = "null") -> Path:
    """A silent test pattern video (H.264/yuv420p unless ``codec`` says otherwise)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
         "-i", f"{pattern}=size={size[0]}x{size[1]}:rate={fps}:duration={seconds}",
         "-vf", vf, "-c:v", codec, "-pix_fmt", "yuv420p", str(path)],
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


def s01_outputs() -> tuple[Path, Path]:
    """Section 1 at -ql: its video (with subtitles) and its kept slide deck."""
    if main(["render", "-q", "l", "1", "--wait"], project=TEST_PROJECT) != 0:
        pytest.fail("rendering section 1 failed (see build/test-outputs/logs/latest/)")
    return TEST_PROJECT.section_video(S01), deck_path(S01, LOW, TEST_PROJECT.decks_dir)
