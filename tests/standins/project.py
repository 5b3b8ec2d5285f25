"""A tiny copy of the project in a temporary folder, rendered by the stand-in Manim.

Its scenes are real ``SectionScene`` subclasses that do almost nothing (the numbers
manifest and the voice's pre-pass run them as a dry run), with ``# standin:`` comments for
the stand-in; their narration is spoken by the stand-in voice (``standins/voice.py``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from entropy_explorer.pipeline.leaves.project import DEFAULT_PROJECT, Project
from entropy_explorer.sections import SECTIONS

from .voice import load_standin_voice

__all__ = ["STANDIN", "cli_process", "make_project", "scene_source", "started"]

STANDIN = Path(__file__).resolve().parent / "standin_manim.py"
DRIVER = Path(__file__).resolve().parent / "cli.py"


def scene_source(number: int, directives: str = "") -> str:
    s = SECTIONS[number - 1]
    return (f"{directives}\nfrom entropy_explorer.scene import SectionScene\n\n\n"
            f"class {s.scene_class}(SectionScene):\n    section = {number}\n\n"
            f"    def show_title_card(self) -> None:  # no text: nothing shared with other tests\n"
            f"        self.wait(0.5)\n\n"
            f"    def body(self) -> None:\n        self.narrate('Hello from the stand-in.')\n"
            f"        self.wait_for_narration()\n        self.narrate('Short.', duration=0.6)\n"
            f"        self.fmt('standin.p', {number} / 8, unit='probability')\n"
            f"        self.wait(0.5)\n")


def make_project(tmp_path: Path, scenes: Mapping[int, str], name: str = "project") -> Project:
    """A project under ``tmp_path/name`` with the given sections (number -> directives)."""
    root = tmp_path / name
    (root / "scenes").mkdir(parents=True)
    for number, directives in scenes.items():
        (root / "scenes" / f"{SECTIONS[number - 1].module}.py").write_text(
            scene_source(number, directives))
    (root / "assets").mkdir()
    shutil.copyfile(DEFAULT_PROJECT.article, root / "assets" / DEFAULT_PROJECT.article.name)
    return Project(root, manim=(sys.executable, str(STANDIN)), voice_engine=load_standin_voice)


def started(project: Project) -> list[tuple[int, str]]:
    """``(pid, scene file)`` of every stand-in run so far."""
    log = project.media_dir / "standin-started.txt"
    if not log.exists():
        return []
    return [(int(pid), name) for pid, name in (line.split() for line in log.read_text().splitlines())]


def cli_process(project: Project, *args: str, env: Mapping[str, str] | None = None,
                **kwargs: object) -> subprocess.Popen[str]:
    """``entropy-explorer ARGS`` in a new process, on ``project`` with the stand-in."""
    return subprocess.Popen([sys.executable, str(DRIVER), str(project.root), *args],
                            text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})}, **kwargs)  # type: ignore[call-overload]
