"""One run of a build command: the lock, the run's log folder, clean-up.

Only one run at a time may write into ``build/``: a second one fails at once with a clear
message (or waits, with ``--wait``). Each run logs into its own folder,
``build/logs/<date>-<time>-<pid>/`` (``build/logs/latest`` points at the newest; the ten
newest are kept). Temporary files a killed run left behind are removed first.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from entropy_explorer.pipeline.leaves import uptodate
from entropy_explorer.pipeline.leaves.farm import Farm
from entropy_explorer.pipeline.leaves.files import Stamp, build_lock, remove_stale_temps
from entropy_explorer.pipeline.leaves.project import MANIM_ENTRY, Project
from entropy_explorer.pipeline.leaves.scenes import PACKAGE_DIR
from entropy_explorer.pipeline.targets.engine import Task, TaskResult

__all__ = ["Run", "fail", "local_farm", "noop_inputs", "open_run", "record_noop", "summary"]

#: Run log folders kept in build/logs/.
KEEP_LOGS = 10


@dataclass(frozen=True)
class Run:
    project: Project
    log_dir: Path
    #: Where the renders run (a local cluster started on first use, by default).
    farm: Farm = field(default_factory=Farm)

    def log(self, name: str) -> Path:
        return self.log_dir / f"{name}.log"


def _new_log_dir(logs: Path) -> Path:
    logs.mkdir(parents=True, exist_ok=True)
    stem = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    folder = logs / stem
    n = 1
    while True:  # two runs of one process within a second get their own folders
        try:
            folder.mkdir()
            break
        except FileExistsError:
            n += 1
            folder = logs / f"{stem}-{n}"
    latest = logs / "latest"
    with contextlib.suppress(OSError):
        latest.unlink(missing_ok=True)
        latest.symlink_to(folder.name)
    runs = sorted(p for p in logs.iterdir() if p.is_dir() and not p.is_symlink())
    for old in runs[:-KEEP_LOGS]:
        shutil.rmtree(old, ignore_errors=True)
    return folder


@contextlib.contextmanager
def open_run(project: Project, command: str, *, wait: bool = False,
             farm: Farm | None = None) -> Iterator[Run]:
    """Hold the build lock for a run of ``command``; yield its :class:`Run`, whose renders
    run on ``farm`` (default: a local cluster of one worker, see :func:`local_farm`).

    Raises ``BuildBusy`` when another run holds the lock (and ``wait`` is false), and
    ``OSError`` when ``build/`` cannot be written (the caller reports both in one line).
    """
    project.state_dir.mkdir(parents=True, exist_ok=True)
    with build_lock(project.state_dir / "lock", wait=wait, what=f"entropy-explorer {command}"):
        shutil.rmtree(project.state_dir / "tmp", ignore_errors=True)
        remove_stale_temps([project.build_dir, project.video_dir, project.web_dir,
                            project.decks_dir])
        yield Run(project, _new_log_dir(project.logs_dir), farm or local_farm(project, 1))


def local_farm(project: Project, workers: int) -> Farm:
    """A local cluster of ``workers``: processes that render in-process with the standard
    Manim entry point, else (a project with its own Manim program: the tests' stand-in)
    threads of this process, which only run that program."""
    return Farm(workers=workers, processes=project.manim == MANIM_ENTRY)


def summary(results: Sequence[TaskResult], what: str) -> str:
    """``3 done, 9 up to date, 1 failed`` for the tasks whose name starts with ``what``."""
    counts: dict[str, int] = {}
    for r in results:
        if r.name.startswith(what):
            counts[r.status] = counts.get(r.status, 0) + 1
    order = ("done", "up to date", "failed", "skipped", "cancelled")
    return ", ".join(f"{counts[k]} {k}" for k in order if counts.get(k))


def fail(command: str, message: str) -> int:
    """Print ``entropy-explorer COMMAND: message`` to stderr; return exit code 1."""
    print(f"entropy-explorer {command}: {message}", file=sys.stderr, flush=True)
    return 1


def noop_inputs(project: Project, extra_files: Sequence[Path] = ()) -> uptodate.Inputs:
    """The inputs a no-op stamp watches, scanned now (at the start of a run): the scenes
    (and ``manim.cfg``), the package's source, the assets (article, recordings),
    ``pyproject.toml`` and ``extra_files`` (a voice file)."""
    return uptodate.Inputs.scan([project.scenes_dir, PACKAGE_DIR, project.root / "assets"],
                                [project.root / "pyproject.toml", *extra_files])


def record_noop(project: Project, request: dict[str, object], inputs: uptodate.Inputs,
                tasks: Sequence[Task], results: Sequence[TaskResult], message: str) -> None:
    """After a complete, successful run: the no-op stamp of ``request`` (see
    :mod:`~entropy_explorer.pipeline.leaves.uptodate`), over every output and task stamp
    the run left (and every file those stamps vouch for)."""
    if any(not r.ok for r in results):
        return
    outputs: dict[Path, None] = {}
    for r in results:
        outputs.update(dict.fromkeys(r.outputs))
    for t in tasks:
        for stamp_file in (t.stamp, *t.stamps):
            if stamp_file is not None and (stamp := Stamp.read(stamp_file)) is not None:
                outputs[stamp_file] = None
                outputs.update(dict.fromkeys(Path(p) for p in stamp.outputs))
    uptodate.record(uptodate.stamp_path(project.state_dir, request), request, inputs,
                    list(outputs), message)
