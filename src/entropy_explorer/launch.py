"""The ``entropy-explorer`` console script: answer a no-op ``render`` at once, else run the CLI.

``make render`` with nothing changed should not pay for importing Manim, numpy and the
pipeline (over a second) only to find every task up to date. This module imports the
standard library and the no-op stamp check
(:mod:`entropy_explorer.pipeline.leaves.uptodate`) only: when the last complete run of
the same request (command, quality, voice, scene selection) left a stamp whose inputs and
outputs are all as it left them, it prints the stamp's message and exits 0. Anything
else, including any argument it does not know, runs :func:`entropy_explorer.cli.entry`,
imported only then.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from entropy_explorer.pipeline.leaves.uptodate import (
    check,
    check_replay,
    replay_request,
    request_of,
)

__all__ = ["BUILD_STATE", "CHECK_COMMANDS", "entry", "noop_message", "replayed"]

#: This checkout's ``build/.state`` (the same as ``DEFAULT_PROJECT.state_dir``, a test
#: holds them equal; not imported from there, which would cost the imports avoided here).
BUILD_STATE = Path(__file__).resolve().parents[2] / "build" / ".state"

#: The commands whose complete runs leave a no-op stamp.
FAST_COMMANDS = ("render",)
#: The checks that keep their answer (output and exit code) with a stamp of what they read.
CHECK_COMMANDS = ("numbers", "lint", "audit")
#: What a replayed answer adds on stderr.
REPLAYED = "({} answered from its stamp: nothing it reads changed since its last run)"


class _Unsure(Exception):
    """An argument this quick parser does not understand: the full CLI decides."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Unsure(message)


def _parser() -> _Parser:
    """The render options that decide a no-op (the full parser declares the same ones)."""
    p = _Parser(add_help=False)
    p.add_argument("scenes", nargs="*")
    p.add_argument("-q", "--quality", default="h")
    p.add_argument("-j", "--jobs", type=int, default=1)
    p.add_argument("--scheduler")  # where the work would run: no matter when there is none
    p.add_argument("--voice")
    p.add_argument("--voice-rate")
    p.add_argument("--wait", action="store_true")
    p.add_argument("-f", "--force", action="store_true")
    return p


def noop_message(argv: Sequence[str], state_dir: Path = BUILD_STATE) -> str | None:
    """What to print when ``argv`` asks for a run that is already up to date, else None."""
    if not argv or argv[0] not in FAST_COMMANDS:
        return None
    try:
        args, extra = _parser().parse_known_args(list(argv[1:]))  # as the sub-command parses
    except _Unsure:
        return None
    if extra or args.force or args.jobs < 1:
        return None
    request = request_of(argv[0], args.quality, args.scenes, args.voice, args.voice_rate,
                         os.environ, Path.cwd())
    return check(state_dir, request)


def replayed(argv: Sequence[str], state_dir: Path = BUILD_STATE) -> tuple[str, str, int] | None:
    """A check command's last answer (stdout, stderr, exit code) when nothing it reads
    (scenes, the package's source, assets, voice timing, installed packages) or wrote
    changed since, else None."""
    if not argv or argv[0] not in CHECK_COMMANDS or "-h" in argv or "--help" in argv:
        return None
    answer = check_replay(state_dir, replay_request(argv, os.environ, Path.cwd()))
    if answer is None:
        return None
    return answer.stdout, answer.stderr + REPLAYED.format(argv[0]) + "\n", answer.code


def entry() -> None:
    """The console script."""
    answer = replayed(sys.argv[1:])
    if answer is not None:
        sys.stdout.write(answer[0])
        sys.stdout.flush()
        sys.stderr.write(answer[1])
        sys.exit(answer[2])
    message = noop_message(sys.argv[1:])
    if message is not None:
        print(message, flush=True)
        sys.exit(0)
    from entropy_explorer.cli import entry as full_entry  # heavy: only when there is work

    full_entry()
