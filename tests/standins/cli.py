"""``python cli.py ROOT ARGS``: ``entropy-explorer ARGS`` on the project at ROOT, with the
stand-in Manim, exiting as the real command does (at once after Ctrl-C)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from entropy_explorer.cli import main
from entropy_explorer.pipeline.leaves.project import Project

STANDIN = Path(__file__).resolve().parent / "standin_manim.py"

if __name__ == "__main__":
    code = main(sys.argv[2:], project=Project(Path(sys.argv[1]), manim=(sys.executable, str(STANDIN))))
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
