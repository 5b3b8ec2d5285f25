"""A warm render: Manim's ``render`` command run in this process, one scene after another.

A farm worker (:mod:`~entropy_explorer.pipeline.steps.farm_work`) imports Manim, numpy
and the project once and then renders many scenes without starting a program for each:
the fixed cost of a render in a new process (about 8 s a scene at ``l``: the interpreter,
the imports, TeX's first call, the voice's load) is paid once per worker. What it runs is
what ``python -m entropy_explorer.pipeline.steps.manim_entry ARGS`` runs (Manim's own
``render`` command with :func:`~entropy_explorer.pipeline.steps.manim_entry.install`'s
settings), with the same arguments (:meth:`RenderJob.command`) and the same environment
(:meth:`RenderJob.env`), inside ``tempconfig`` so that nothing of one render's
configuration reaches the next. Manim's console output (its log lines and the traceback
of a failing scene) goes to the job's log, as a program's output does.

Manim's configuration and the environment are this process's own: one render at a time
(a lock holds the others back; a worker has one thread).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from manim import tempconfig
from manim._config import console, error_console
from manim.cli.render.commands import render as manim_render

from entropy_explorer.pipeline.steps import manim_entry
from entropy_explorer.pipeline.steps.render import (
    RenderError,
    RenderJob,
    RenderOutput,
    error_summary,
    output_of,
)

__all__ = ["render_in_process", "render_range_in_process"]

_LOCK = threading.Lock()


@contextlib.contextmanager
def _environment(env: dict[str, str]) -> Iterator[None]:
    old = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(old)


@contextlib.contextmanager
def _output_to(stream: io.TextIOBase) -> Iterator[None]:
    """Manim's consoles, stdout and stderr into ``stream``."""
    saved = [(c, c.file) for c in (console, error_console)]
    try:
        for c, _ in saved:
            c.file = stream
        with contextlib.redirect_stdout(stream), contextlib.redirect_stderr(stream):
            yield
    finally:
        for c, f in saved:
            c.file = f


def render_in_process(job: RenderJob, log: Path,
                      given: dict[int, str] | None = None) -> RenderOutput:
    """Render ``job`` here; its output goes to ``log``. Animations in ``given`` (number ->
    partial movie, made by :func:`render_range_in_process`) are not drawn again: their
    files are joined in as they are.

    Raises :class:`RenderError` (one line, from the log) when the scene fails or its
    video is not complete.
    """
    _run(job, log, given or {})
    return output_of(job)


def render_range_in_process(job: RenderJob, log: Path) -> dict[int, str]:
    """Render ``job`` (a range of a scene's animations, ``job.animations``) here; the
    partial movie of each animation it drew, by number."""
    made = _run(job, log, {})
    output_of(job)
    return made


def _run(job: RenderJob, log: Path, given: dict[int, str]) -> dict[int, str]:
    manim_entry.install()
    log.parent.mkdir(parents=True, exist_ok=True)
    args = job.command(())[1:]  # what follows "render"
    code = 0
    with _LOCK, log.open("w", encoding="utf-8", errors="replace") as stream:
        cwd = os.getcwd()
        manim_entry.PARTIALS.made, manim_entry.PARTIALS.given = {}, dict(given)
        manim_entry.PARTIALS.exact = bool(given) or job.animations is not None
        try:
            os.chdir(job.scene_file.parent.parent)
            with _environment(job.env(dict(os.environ))), _output_to(stream), tempconfig({}):
                try:
                    manim_render.main(args=args, prog_name="manim render", standalone_mode=False)
                except SystemExit as exc:  # Manim's render exits 1 after printing the error
                    code = exc.code if isinstance(exc.code, int) else 1
                except Exception as exc:  # an argument Manim refuses, or its set-up failing
                    print(f"{type(exc).__name__}: {exc}", file=stream)
                    code = 1
            made = dict(manim_entry.PARTIALS.made)
        finally:
            manim_entry.PARTIALS.made, manim_entry.PARTIALS.given = {}, {}
            manim_entry.PARTIALS.exact = False
            os.chdir(cwd)
            sys.stdout.flush()
    if code:
        raise RenderError(error_summary(log.read_text(encoding="utf-8", errors="replace"), code))
    return made
