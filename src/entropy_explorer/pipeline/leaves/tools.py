"""External programs the pipeline needs, and how to get them when they are missing."""

from __future__ import annotations

import shutil
from collections.abc import Sequence

__all__ = ["INSTALL_HINTS", "LATEX_TOOLS", "ToolMissing", "missing_tools_message", "require"]

_TEX = ("sudo apt-get install texlive-latex-base texlive-latex-extra "
        "texlive-fonts-recommended texlive-science")
#: How to get each external tool on Debian/Ubuntu (`make` targets install them as root).
INSTALL_HINTS = {
    "ffmpeg": "sudo apt-get install ffmpeg",
    "ffprobe": "sudo apt-get install ffmpeg",
    "gifsicle": "sudo apt-get install gifsicle",
    "npm": "sudo apt-get install npm",
    "latex": _TEX,
    "dvisvgm": "sudo apt-get install dvisvgm",
    "chromium": "sudo apt-get install chromium",
}
#: What Manim needs for MathTex (every section scene uses it).
LATEX_TOOLS = ("latex", "dvisvgm")


class ToolMissing(RuntimeError):
    """A program the job needs is not installed (the message says how to get it)."""


def missing_tools_message(tools: Sequence[str], purpose: str) -> str | None:
    """``None`` when every tool is on PATH; else one line naming each missing tool,
    what it is needed for, and the command that installs it."""
    missing = [t for t in tools if shutil.which(t) is None]
    if not missing:
        return None
    hints = "; ".join(f"{t}: {INSTALL_HINTS.get(t, f'install {t}')}" for t in missing)
    return (f"missing tool{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"(needed for {purpose}). Install: {hints}")


def require(tools: Sequence[str], purpose: str) -> None:
    """Raise :class:`ToolMissing` unless every tool is on PATH."""
    if message := missing_tools_message(tools, purpose):
        raise ToolMissing(message)
