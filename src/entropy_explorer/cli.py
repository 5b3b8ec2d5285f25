"""The ``entropy-explorer`` command. The Makefile's targets call it; users may too.

The top of the house: it imports the pipeline's build commands
(:mod:`entropy_explorer.pipeline.targets.commands`: list, render, slides, present, web,
gif) and the quality commands (audit, lint, numbers); each module's ``register(sub)``
adds its parsers and sets ``func`` (called with the parsed arguments, returns the exit
code). It also hands the pipeline the numbers check (:func:`numbers_check`) and the
scenes' narration lines for the voice (:func:`narration`), both from the quality checks'
dry run, so the pipeline calls them without importing them. Ctrl-C exits 130; a closed
output pipe (``list | head``) ends quietly.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from entropy_explorer.pipeline.leaves.project import DEFAULT_PROJECT, Project
from entropy_explorer.pipeline.targets import commands as build_commands
from entropy_explorer.quality import audit, lint, numbers
from entropy_explorer.quality.runner import load_scene_class
from entropy_explorer.sections import Section

__all__ = ["COMMAND_MODULES", "build_parser", "entry", "main", "narration", "numbers_check"]

#: Modules with a ``register(sub)``, in the order ``--help`` lists their commands.
COMMAND_MODULES = (build_commands, audit, lint, numbers)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="entropy-explorer",
        description="Render, check and package the Entropy Explorer videos.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def numbers_check(section: Section, scene_file: Path, part: Path, cache_dir: Path) -> None:
    """The pipeline's numbers check: a scene's share of ``build/numbers.json``."""
    numbers.write_manifest([_scene_target(section, scene_file)], part, cache_dir=cache_dir)


def narration(section: Section, scene_file: Path, cache_dir: Path) -> list[str]:
    """The pipeline's narration source (for the voice): the lines the scene narrates, from
    the same dry run as :func:`numbers_check` (cached per scene fingerprint)."""
    return numbers.narration_lines(_scene_target(section, scene_file), cache_dir=cache_dir)


def _scene_target(section: Section, scene_file: Path) -> Section | type:
    """The quality checks know scenes by the registry; a scene file elsewhere (a copy of
    the project) is handed over as its class."""
    return section if scene_file == section.path else load_scene_class(scene_file, section.scene_class)


def main(argv: Sequence[str] | None = None, project: Project | None = None) -> int:
    """Run one command; returns its exit code. ``project`` points the build commands at
    another copy of the project (the tests use one with a stand-in for Manim)."""
    args = build_parser().parse_args(argv)
    args.project = project or DEFAULT_PROJECT
    args.numbers_check = numbers_check
    args.narration = narration
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("entropy-explorer: interrupted", file=sys.stderr, flush=True)
        return 130
    except BrokenPipeError:  # e.g. 'entropy-explorer list | head'
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def entry() -> None:
    """The console script: exit with ``main``'s code. After Ctrl-C it leaves at once
    (everything it started is already stopped) rather than wait for worker threads."""
    code = main()
    if code == 130:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(130)
    sys.exit(code)


if __name__ == "__main__":
    entry()
