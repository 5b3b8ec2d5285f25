"""manim-slides' native (Qt) presenter: can it open here, and the command that opens it."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from entropy_explorer.sections import Section

__all__ = ["presenter_command", "presenter_problem", "qt_binding", "split_extra"]


def qt_binding() -> str | None:
    """The Qt binding manim-slides' presenter can use, if one is installed."""
    for name in ("PySide6", "PyQt6"):
        if importlib.util.find_spec(name) is not None:
            return name
    return None


def presenter_problem() -> str:
    """Why the Qt presenter cannot open here ("" when it can)."""
    if qt_binding() is None:
        return ("the presenter needs a Qt binding; install it with\n"
                "  .venv/bin/pip install -e '.[present]'   (PySide6; 'make present' does this)\n"
                "On Debian/Ubuntu Qt also needs: sudo apt-get install libgl1 libegl1 "
                "libxkbcommon-x11-0 libxcb-cursor0 libdbus-1-3\n"
                "No display? Use 'make slides' and open build/slides/index.html.")
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    ):
        return ("no display (DISPLAY/WAYLAND_DISPLAY unset); present from a desktop session, "
                "or use 'make slides' and open build/slides/index.html")
    return ""


def presenter_command(decks: Sequence[tuple[Section, Path]], extra: Sequence[str] = ()) -> list[str]:
    """The ``manim-slides present`` call for ``decks`` (all from one folder)."""
    folders = {p.parent for _, p in decks}
    if len(folders) != 1:
        raise ValueError("decks must share one folder")
    return [sys.executable, "-m", "manim_slides", "--silent", "present",
            "--folder", str(folders.pop()), *extra, *(p.stem for _, p in decks)]


def split_extra(items: Sequence[str]) -> tuple[list[str], list[str]]:
    """Scene names, then the options after ``--`` (argparse hands both over as positionals)."""
    for i, item in enumerate(items):
        if item.startswith("-"):
            return list(items[:i]), list(items[i:])
    return list(items), []
