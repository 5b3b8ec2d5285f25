"""The build engine: tasks with declared inputs and outputs, run in dependency order.

A :class:`Task` names its input key (a fingerprint of everything it is made from), the
outputs it writes, the tasks it needs, and the action that writes them. It is up to date
when its stamp (``build/.state/stamps/NAME.json``) holds the same key and every output it
recorded is still there with the same bytes (size and time, or the hash when the time
changed), so a truncated or emptied output is made again. Before its action runs the
old stamp is removed, and the new one is written only after every output is in place.

:func:`run_tasks` keeps the order, the stamps and the results: up to ``jobs`` tasks at
once, each in a thread of this process that does the task's bookkeeping and light work
(publishing by stream copy, mixing), while the heavy work (the renders) is handed to the
run's farm (:class:`~entropy_explorer.pipeline.leaves.farm.Farm`: Dask workers, warm,
on this machine or a cluster). A failing task fails alone: the tasks that need it are
skipped, the others go on, and every result is reported. On Ctrl-C every running
program is stopped, the farm's tasks are cancelled, no queued task starts, and
``KeyboardInterrupt`` is raised again within a few seconds. Tasks marked ``in_process``
(work done in this Python process, such as a scene's dry run for the numbers manifest)
run one at a time.

The bookkeeping is ours rather than ``doit``'s: measured with doit 0.37 (``-n 2 -P
thread``), a Ctrl-C let both running tasks run to their end and then started the queued
ones (the same fault this pipeline had), exiting 1 after 30 s; and a target truncated to
zero bytes was reported up to date, since doit checks the files a task reads, not the
ones it writes. Both are the properties asked of this layer. The execution is Dask's.
"""

from __future__ import annotations

import errno
import time
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from entropy_explorer.pipeline.leaves import procs
from entropy_explorer.pipeline.leaves.farm import Farm
from entropy_explorer.pipeline.leaves.files import Stamp

__all__ = ["Reporter", "Task", "TaskResult", "describe", "run_tasks", "stamp_state"]

#: Errors a task reports as one line (anything else also gets its type name).
_EXPECTED = (RuntimeError, OSError, ValueError, KeyError)


@dataclass
class Task:
    """One unit of work with its inputs and outputs.

    ``key`` computes the input fingerprint (``None``: always run, no stamp); ``outputs``
    are the files the action must leave (extra files it returns, such as a deck's clips,
    are stamped too); ``action`` does the work and returns the files it wrote.
    """

    name: str
    action: Callable[[], Sequence[Path]]
    key: Callable[[], str] | None = None
    outputs: Sequence[Path] = ()
    needs: Sequence[str] = ()
    #: Tasks to wait for, whether they succeed or not.
    after: Sequence[str] = ()
    stamp: Path | None = None
    force: bool = False
    in_process: bool = False
    #: What the progress line calls it (default: the name).
    label: str = ""
    #: A log to point at when it fails.
    log: Path | None = None
    #: Other stamps its action keeps (a deck's), watched by the no-op stamp too.
    stamps: Sequence[Path] = ()
    #: Run once its outputs are current (made now or up to date): puts them where they
    #: are published and returns the published files.
    publish: Callable[[], Sequence[Path]] | None = None
    #: What the ETA groups it with (default: the name up to its first ``-``).
    kind: str = ""
    #: How much work it is, for the ETA (a scene: seconds of video), or ``None``.
    size: Callable[[], float | None] | None = None
    #: Its ``log`` is a Manim render's, whose animations the progress counts as it grows.
    animations: bool = False


@dataclass
class TaskResult:
    name: str
    label: str
    status: str  # "done", "up to date", "failed", "skipped", "cancelled"
    seconds: float = 0.0
    error: str = ""
    log: Path | None = None
    outputs: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in ("done", "up to date")


def stamp_state(stamp_path: Path, key: str, outputs: Sequence[Path]) -> str:
    """``"current"``, ``"missing"`` (never made), ``"stale"`` (inputs changed) or
    ``"damaged"`` (an output changed or vanished since it was written)."""
    stamp = Stamp.read(stamp_path)
    if stamp is None:
        return "missing"
    if stamp.damaged() or not {str(p) for p in outputs} <= set(stamp.outputs):
        return "damaged"
    return "current" if stamp.key == key else "stale"


def describe(exc: BaseException) -> str:
    """One line for an expected error: an OS error names the file and what to check."""
    if isinstance(exc, OSError) and exc.strerror:
        name = exc.filename2 if exc.filename2 is not None else exc.filename
        hint = {errno.EACCES: "; check its permissions", errno.EPERM: "; check its permissions",
                errno.EROFS: " (read-only file system)", errno.ENOSPC: " (disk full)",
                errno.ENOTDIR: " (a file stands where a folder should be)"}.get(exc.errno or 0, "")
        return f"{exc.strerror}: {name}{hint}" if name is not None else exc.strerror + hint
    text = str(exc).strip() or type(exc).__name__
    return text if isinstance(exc, RuntimeError) else f"{type(exc).__name__}: {text}"


class Reporter(Protocol):
    """What :func:`run_tasks` tells as it goes (see
    :class:`~entropy_explorer.pipeline.targets.progress.Progress`)."""

    def started(self, task: Task) -> None:
        """``task`` starts its work (not called for one found up to date); called from
        the thread that runs it."""

    def finished(self, r: TaskResult, done: int, total: int) -> None:
        """``r`` ended; ``done`` of ``total`` have."""

    def tick(self) -> None:
        """About once a second while tasks run."""


def _execute(task: Task, started: Callable[[Task], None] | None = None) -> TaskResult:
    start = time.monotonic()
    label = task.label or task.name

    def result(status: str, error: str = "", outputs: Sequence[Path] = ()) -> TaskResult:
        return TaskResult(task.name, label, status, time.monotonic() - start, error,
                          task.log if status == "failed" else None, list(outputs))

    try:
        key = task.key() if task.key is not None else None
        published = task.publish or (lambda: ())
        if (key is not None and task.stamp is not None and not task.force
                and stamp_state(task.stamp, key, task.outputs) == "current"):
            return result("up to date", outputs=[*task.outputs, *published()])
        if started is not None:
            started(task)
        if task.stamp is not None:
            task.stamp.unlink(missing_ok=True)
        written = list(dict.fromkeys([*task.outputs, *task.action()]))
        missing = [p for p in written if not p.exists()]
        if missing:
            raise RuntimeError(f"did not write {', '.join(map(str, missing))}")
        if key is not None and task.stamp is not None:
            Stamp.record(key, written).write(task.stamp)
        return result("done", outputs=[*written, *published()])
    except procs.Cancelled:
        return result("cancelled")
    except _EXPECTED as exc:
        return result("failed", describe(exc))
    except Exception as exc:  # a bug in one task's bookkeeping must not lose the others
        last = traceback.format_exc().strip().splitlines()[-3:]
        return result("failed", f"{type(exc).__name__}: {exc} ({' / '.join(last)})")


def run_tasks(tasks: Sequence[Task], *, jobs: int = 1,
              progress: Reporter | None = None, farm: Farm | None = None) -> list[TaskResult]:
    """Run ``tasks`` (each after the ones it ``needs``), ``jobs`` at a time, telling
    ``progress`` each start and each result.

    Returns one result per task, in the order given. Raises ``KeyboardInterrupt`` after
    stopping everything (``farm``'s tasks too) when interrupted (and stops everything too when reporting fails,
    as on a closed output pipe).
    """
    by_name = {t.name: t for t in tasks}
    unknown = {n for t in tasks for n in (*t.needs, *t.after)} - set(by_name)
    if unknown:
        raise ValueError(f"tasks need unknown tasks: {', '.join(sorted(unknown))}")
    results: dict[str, TaskResult] = {}
    waiting = list(tasks)
    running: dict[Future[TaskResult], Task] = {}
    total = len(tasks)

    def finish(r: TaskResult) -> None:
        results[r.name] = r
        if progress is not None:
            progress.finished(r, len(results), total)

    procs.reset()
    pool = ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="task")
    try:
        while waiting or running:
            for t in list(waiting):
                failed = [n for n in t.needs if n in results and not results[n].ok]
                if failed:
                    waiting.remove(t)
                    names = ", ".join(results[n].label for n in failed)
                    finish(TaskResult(t.name, t.label or t.name, "skipped", error=f"needs {names}"))
                    continue
                if len(running) >= max(1, jobs) or any(
                        n not in results for n in (*t.needs, *t.after)):
                    continue
                if t.in_process and any(r.in_process for r in running.values()):
                    continue
                waiting.remove(t)
                running[pool.submit(
                    _execute, t, progress.started if progress is not None else None)] = t
            if not running:
                if waiting:
                    raise ValueError("tasks need each other in a circle: "
                                     + ", ".join(t.name for t in waiting))
                continue
            done, _ = wait(running, timeout=1.0 if progress else None,
                           return_when=FIRST_COMPLETED)
            if progress is not None and not done:
                progress.tick()
            for fut in done:
                running.pop(fut)
                finish(fut.result())
    except BaseException:  # Ctrl-C, or the output pipe closed under a progress line
        procs.cancel_all()
        if farm is not None:
            farm.cancel()
        pool.shutdown(wait=False, cancel_futures=True)
        wait(running, timeout=3)  # programs are stopped; a dry run in this process is not waited for
        raise
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return [results[t.name] for t in tasks]
