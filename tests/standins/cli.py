"""``python cli.py ROOT ARGS``: ``entropy-explorer ARGS`` on the project at ROOT, with the
stand-in Manim and the stand-in voice, exiting as the real command does (at once after
Ctrl-C)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from entropy_explorer.cli import main
from entropy_explorer.pipeline.leaves.project import Project

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests folder
from standins.voice import load_standin_voice  # noqa: E402

STANDIN = Path(__file__).resolve().parent / "standin_manim.py"

if __name__ == "__main__":
    project = Project(Path(sys.argv[1]), manim=(sys.executable, str(STANDIN)),
                      voice_engine=load_standin_voice)
    code = main(sys.argv[2:], project=project)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
