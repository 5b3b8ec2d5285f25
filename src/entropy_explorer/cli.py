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
import contextlib
import io
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from entropy_explorer.pipeline.leaves.project import DEFAULT_PROJECT, Project
from entropy_explorer.pipeline.leaves.scenes import PACKAGE_DIR
from entropy_explorer.pipeline.leaves.uptodate import Inputs, Replay, record_replay, replay_request
from entropy_explorer.pipeline.targets import commands as build_commands
from entropy_explorer.quality import audit, lint_command, numbers
from entropy_explorer.quality.runner import load_scene_class
from entropy_explorer.sections import Section

__all__ = ["COMMAND_MODULES", "build_parser", "entry", "main", "narration", "numbers_check"]

#: Modules with a ``register(sub)``, in the order ``--help`` lists their commands.
COMMAND_MODULES = (build_commands, audit, lint_command, numbers)


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
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    args.project = project or DEFAULT_PROJECT
    args.numbers_check = numbers_check
    args.narration = narration
    try:
        if args.command in CHECK_COMMANDS and args.project == DEFAULT_PROJECT:
            return _answer_and_keep(args, argv)
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("entropy-explorer: interrupted", file=sys.stderr, flush=True)
        return 130
    except BrokenPipeError:  # e.g. 'entropy-explorer list | head'
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


#: The checks that keep their answer with a stamp (``launch`` replays it; same names).
CHECK_COMMANDS = ("numbers", "lint", "audit")


class _Tee(io.TextIOBase):
    """Writes to ``stream`` and keeps a copy."""

    def __init__(self, stream: io.TextIOBase) -> None:
        self.stream, self.kept = stream, io.StringIO()

    def write(self, text: str) -> int:
        self.kept.write(text)
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()


@contextlib.contextmanager
def _kept_output() -> Iterator[tuple[_Tee, _Tee]]:
    out, err = _Tee(sys.stdout), _Tee(sys.stderr)  # type: ignore[arg-type]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        yield out, err


def _answer_and_keep(args: argparse.Namespace, argv: Sequence[str]) -> int:
    """Run a check command and keep its answer with a stamp of what it reads (scanned
    before it runs): the scenes, the package's source, the assets, the voice's timing
    cache and ``pyproject.toml``, and what it writes (``-o``)."""
    project: Project = args.project
    inputs = Inputs.scan([project.scenes_dir, PACKAGE_DIR, project.root / "assets",
                          project.voice_dir], [project.root / "pyproject.toml"])
    with _kept_output() as (out, err):
        code = int(args.func(args) or 0)
    written = [Path(args.output)] if getattr(args, "output", None) is not None else []
    if all(p.exists() for p in written):
        record_replay(project.state_dir, replay_request(argv, os.environ, Path.cwd()), inputs,
                      written, Replay(out.kept.getvalue(), err.kept.getvalue(), code))
    return code


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
