"""The quality commands' dry runs, spread over the cores.

``entropy-explorer lint`` and ``numbers`` run every scene they check (a dry run: no
frames, but each scene's whole construction, its TeX and its timing). When nothing
changed they answer from their stamp at once (:mod:`entropy_explorer.launch`); when
something did, :func:`each_scene` runs the dry runs on a local Dask cluster of
``jobs`` worker processes, the render farm's (:class:`~entropy_explorer.pipeline.leaves.farm.Farm`),
so two cores check two scenes at a time. Each worker is a process of its own, with
Manim's global config to itself, as each render has. One scene, ``--jobs 1``, or a scene
given as a class rather than a registered section (the tests' fixtures) runs here.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from entropy_explorer.pipeline.leaves.farm import Farm
from entropy_explorer.pipeline.leaves.scenes import UnknownSceneError, resolve_scenes
from entropy_explorer.sections import Section

__all__ = ["add_jobs", "chosen_scenes", "each_scene", "with_cover"]

T = TypeVar("T")


def add_jobs(p: argparse.ArgumentParser) -> None:
    """The ``-j/--jobs`` option of the quality commands."""
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                   help="scenes checked at once, each in a worker process (default: number "
                   "of cores; 1 checks them one after the other in this process)")


def with_cover(sections: list[Section], names: Sequence[str]) -> list[Section]:
    """All scenes when no name was given: the sections with a module, then the cover."""
    from entropy_explorer.sections import COVER

    if not names and COVER.is_available:
        return [*sections, COVER]
    return sections


def chosen_scenes(args: argparse.Namespace, command: str) -> list[Section] | None:
    """The scenes a quality command was given (``args.scenes``; all of them and the cover
    when none), or ``None`` after printing why not (an unknown scene, ``--jobs`` below 1)."""
    if args.jobs < 1:
        print(f"entropy-explorer {command}: --jobs must be at least 1", file=sys.stderr)
        return None
    try:
        return with_cover(resolve_scenes(args.scenes, include_cover=True), args.scenes)
    except UnknownSceneError as exc:
        print(f"entropy-explorer {command}: {exc}", file=sys.stderr)
        return None


def _quietly(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` with stdout sent to stderr (Manim logs warnings to stdout, which the
    commands keep for their answer)."""
    with contextlib.redirect_stdout(sys.stderr):
        return fn(*args)


def each_scene(fn: Callable[..., T], targets: Sequence[Any], *args: Any, jobs: int,
               what: str = "checking") -> list[T | Exception]:
    """``fn(target, *args)`` for each of ``targets``: its result or the exception it raised,
    in order. On a local cluster of ``min(jobs, len(targets))`` worker processes when that
    is two or more and every target is a registered :class:`Section` (``fn`` must then be
    a function of an importable module); else one after the other, here. ``what`` names
    the work in the one progress line printed (to stderr) before a cluster starts."""
    targets = list(targets)
    workers = min(max(1, jobs), len(targets))
    if workers < 2 or not all(isinstance(t, Section) for t in targets):
        outcomes: list[T | Exception] = []
        for target in targets:
            try:
                outcomes.append(_quietly(fn, target, *args))
            except Exception as exc:  # a broken scene must not hide the others' answers
                outcomes.append(exc)
        return outcomes
    print(f"{what} {len(targets)} scenes on {workers} worker processes", file=sys.stderr,
          flush=True)
    farm = Farm(workers=workers)
    try:
        tag = os.urandom(4).hex()
        return farm.call_each(_quietly, [(fn, t, *args) for t in targets],
                              keys=[f"{getattr(fn, '__name__', 'check')}-{t.name}-{tag}"
                                    for t in targets])
    except KeyboardInterrupt:
        farm.cancel()
        raise
    finally:
        farm.close()
