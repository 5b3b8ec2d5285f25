"""Progress of a run: a line when a task starts and when it ends, and the run's ETA.

Not on a terminal (a CI log, a pipe, ``| tee``) it prints plain lines only, one when a
task starts its work and one when it ends (a task found up to date only ends), each with
the elapsed time and the ETA. On a terminal the finished lines stay, and under them one
status line, rewritten in place (``\\r``, clear to end of line), shows n/N done, the
running tasks with their time so far, the elapsed time and the ETA; it is refreshed every
second, cleared before any other output (the run's own or a warning) and when the run
ends or is interrupted.

The ETA is the time left, estimated by :class:`Estimate` from the tasks finished in this
run, by kind (``scene-h``, ``voice``, ``full-video-h``...): a task that has a size (a
scene: the seconds of video its last render made, read from the kept or published
video) is estimated at the kind's seconds per second of video, others at the kind's mean
seconds per task. A kind not seen yet in this run uses the last run's figures for it
(``build/.state/progress.json``), else counts as the slowest kind seen.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from entropy_explorer.pipeline.leaves.files import atomic_write_text
from entropy_explorer.pipeline.targets.engine import Task, TaskResult

__all__ = ["Estimate", "Progress", "clock_text", "result_lines"]

#: Clears the terminal line the cursor is on and returns to its start.
CLEAR = "\r\x1b[K"


def clock_text(seconds: float) -> str:
    """``1:05`` (or ``1:02:05`` past an hour) for a duration in seconds."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def result_lines(r: TaskResult, done: int, total: int) -> list[str]:
    """The line of one finished task (and, for a failure, why and where to look)."""
    took = f" in {r.seconds:.1f} s" if r.status in ("done", "failed") and r.seconds >= 0.05 else ""
    lines = [f"[{done}/{total}] {r.label}: {r.status}{took}"]
    if r.status in ("failed", "skipped") and r.error:
        lines.append(f"  {r.error}" + (f" (log: {r.log})" if r.log else ""))
    return lines


@dataclass
class _Kind:
    seconds: list[float] = field(default_factory=list)
    sizes: list[float | None] = field(default_factory=list)
    current: int = 0

    def rate(self) -> float | None:
        """Seconds per unit of size, over the finished tasks that had a size."""
        sized = [(s, z) for s, z in zip(self.seconds, self.sizes, strict=True) if z]
        total = sum(z for _, z in sized)
        return sum(s for s, _ in sized) / total if total > 0 else None

    def mean(self) -> float | None:
        return sum(self.seconds) / len(self.seconds) if self.seconds else None


class Estimate:
    """The seconds left of a run, from the durations of its finished tasks.

    ``prior`` holds, per kind, ``(mean seconds, seconds per unit of size or None)`` from
    an earlier run: used for a kind until one of its tasks finishes in this run.
    """

    def __init__(self, jobs: int = 1, prior: dict[str, tuple[float, float | None]] | None = None):
        self.jobs = max(1, jobs)
        self.prior = dict(prior or {})
        self.kinds: dict[str, _Kind] = {}

    def add(self, kind: str, status: str, seconds: float, size: float | None = None) -> None:
        """Record a finished task: ``done`` (it did its work) or ``up to date``; other
        ends (failed, skipped, cancelled) say nothing about the time work takes."""
        k = self.kinds.setdefault(kind, _Kind())
        if status == "done":
            k.seconds.append(seconds)
            k.sizes.append(size)
        elif status == "up to date":
            k.current += 1

    def task_seconds(self, kind: str, size: float | None = None) -> float | None:
        """Expected seconds of one task of ``kind`` that does its work (``None``: nothing
        to go by yet)."""
        k = self.kinds.get(kind)
        if k is not None and k.seconds:
            mean, rate = k.mean(), k.rate()
        elif kind in self.prior:
            mean, rate = self.prior[kind]
        else:
            means = [m for other in self.kinds.values() if (m := other.mean()) is not None]
            return max(means) if means else None
        return size * rate if size and rate is not None else mean

    def work_share(self, kind: str) -> float:
        """The share of the kind's finished tasks that had work to do (1 before any)."""
        k = self.kinds.get(kind)
        finished = len(k.seconds) + k.current if k is not None else 0
        return len(k.seconds) / finished if k is not None and finished else 1.0

    def left(self, pending: Sequence[tuple[str, float | None]],
             running: Sequence[tuple[str, float | None, float]]) -> float | None:
        """Seconds left: ``pending`` tasks ``(kind, size)`` not started (each weighed by
        the share of its kind that had work), ``running`` ones ``(kind, size, seconds
        so far)``, spread over ``jobs`` and never less than the longest running one's rest.
        ``None`` when there is nothing to go by yet."""
        total = longest = 0.0
        for kind, size in pending:
            expected = self.task_seconds(kind, size)
            if expected is None:
                return None
            total += self.work_share(kind) * expected
        for kind, size, so_far in running:
            expected = self.task_seconds(kind, size)
            if expected is None:
                return None
            rest = max(0.0, expected - so_far)
            total += rest
            longest = max(longest, rest)
        return max(total / self.jobs, longest)

    def figures(self) -> dict[str, tuple[float, float | None]]:
        """Per kind seen doing work in this run: ``(mean seconds, rate)``, for the next run."""
        out = dict(self.prior)
        for kind, k in self.kinds.items():
            if (mean := k.mean()) is not None:
                out[kind] = (mean, k.rate())
        return out


def load_figures(path: Path | None) -> dict[str, tuple[float, float | None]]:
    """The figures an earlier run saved (nothing when missing or unreadable)."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): (float(v["mean"]), None if v["rate"] is None else float(v["rate"]))
                for k, v in data.items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def _kind(task: Task) -> str:
    return task.kind or task.name.split("-")[0]


class _Guard:
    """A stream standing in for stdout or stderr while the status line is shown: other
    output clears the status line first and draws it again after a full line."""

    def __init__(self, progress: Progress, target: TextIO):
        self._progress = progress
        self._target = target

    def write(self, text: str) -> int:
        with self._progress.lock:
            self._progress.clear()
            n = self._target.write(text)
            if text.endswith("\n"):
                self._target.flush()
                self._progress.draw()
            return n

    def __getattr__(self, name: str) -> object:
        return getattr(self._target, name)


class Progress:
    """Reports a run of ``tasks`` on ``stream`` (default: ``sys.stdout``); use it as a
    context manager around :func:`~entropy_explorer.pipeline.targets.engine.run_tasks`.

    ``live`` draws the status line (default: when ``stream`` is a terminal); ``history``
    is where the per-kind figures are read from and saved to; ``clock`` and ``width``
    (of the terminal) are for tests.
    """

    def __init__(self, tasks: Sequence[Task], *, jobs: int = 1, stream: TextIO | None = None,
                 live: bool | None = None, history: Path | None = None,
                 clock: Callable[[], float] = time.monotonic, width: int | None = None):
        self.stream = stream if stream is not None else sys.stdout
        isatty = getattr(self.stream, "isatty", None)
        self.live = bool(isatty and isatty()) if live is None else live
        self.tasks = {t.name: t for t in tasks}
        self.total = len(tasks)
        self.done = 0
        self.history = history
        self.estimate = Estimate(jobs, load_figures(history))
        self.clock = clock
        self.began = clock()
        self.width = width
        self.lock = threading.RLock()
        self.running: dict[str, float] = {}
        self.ended: set[str] = set()
        self._sizes: dict[str, float | None] = {}
        self._shown = False
        self._closed = False

    # ------------------------------------------------------------------ events
    def started(self, task: Task) -> None:
        """``task`` starts its work (called from the thread that runs it)."""
        with self.lock:
            self.running[task.name] = self.clock()
            if self.live:
                self.draw()
            else:
                with contextlib.suppress(OSError):  # a closed pipe: the main thread says so
                    self._print([f"[{self.done}/{self.total}] {self._label(task.name)}: "
                                 f"started; {self.times()}"])

    def finished(self, r: TaskResult, done: int, total: int) -> None:
        """``r`` ended (``done`` of ``total`` have)."""
        with self.lock:
            began = self.running.pop(r.name, None)
            self.ended.add(r.name)
            self.done, self.total = done, total
            task = self.tasks.get(r.name)
            if task is not None:  # its work's time, from its start to its end
                seconds = self.clock() - began if began is not None else r.seconds
                self.estimate.add(_kind(task), r.status, seconds, self._size(task))
            lines = result_lines(r, done, total)
            if not self.live and r.status in ("done", "failed"):
                lines[0] += f"; {self.times()}"
            self._print(lines)

    def tick(self) -> None:
        """Refresh the status line (the elapsed time moves on)."""
        with self.lock:
            if self.live:
                self.draw()

    # ------------------------------------------------------------------ figures
    def _size(self, task: Task) -> float | None:
        if task.name not in self._sizes:
            try:
                self._sizes[task.name] = task.size() if task.size is not None else None
            except Exception:  # a size is a hint: a video that cannot be read has none
                self._sizes[task.name] = None
        return self._sizes[task.name]

    def left(self) -> float | None:
        """Seconds left, or ``None`` when there is nothing to go by yet."""
        now = self.clock()
        pending = [(_kind(t), self._size(t)) for n, t in self.tasks.items()
                   if n not in self.ended and n not in self.running]
        running = [(_kind(self.tasks[n]), self._size(self.tasks[n]), now - t0)
                   for n, t0 in self.running.items() if n in self.tasks]
        if not pending and not running:
            return 0.0
        return self.estimate.left(pending, running)

    def times(self) -> str:
        """``elapsed 1:30, ETA 6:20`` (``ETA ?`` before anything to go by)."""
        left = self.left()
        eta = "?" if left is None else clock_text(left)
        return f"elapsed {clock_text(self.clock() - self.began)}, ETA {eta}"

    def status(self) -> str:
        """The status line: n/N done, running tasks with their time, elapsed, ETA."""
        now = self.clock()
        names = ", ".join(f"{self._label(n)} {clock_text(now - t0)}"
                          for n, t0 in self.running.items())
        running = f"running {names} | " if names else ""
        return f"[{self.done}/{self.total} done] {running}{self.times()}"

    def _label(self, name: str) -> str:
        task = self.tasks.get(name)
        return (task.label or name) if task is not None else name

    # ------------------------------------------------------------------ output
    def _print(self, lines: Sequence[str]) -> None:
        if self._closed:
            return
        self.clear()
        self.stream.write("".join(f"{line}\n" for line in lines))
        self.stream.flush()
        if self.live:
            self.draw()

    def clear(self) -> None:
        if self._shown:
            self._shown = False
            self.stream.write(CLEAR)
            self.stream.flush()

    def draw(self) -> None:
        if self._closed:
            return
        width = self.width or shutil.get_terminal_size().columns
        line = self.status()
        if len(line) > width - 1:  # a line that wraps could not be rewritten in place
            line = line[: max(1, width - 2)] + "…"
        self.stream.write(CLEAR + line)
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        """Clear the status line and save the figures for the next run."""
        with self.lock:
            with contextlib.suppress(OSError):
                self.clear()
            self._closed = True
        if self.history is not None:
            figures = {k: {"mean": round(m, 3), "rate": None if r is None else round(r, 4)}
                       for k, (m, r) in self.estimate.figures().items()}
            with contextlib.suppress(OSError):
                atomic_write_text(self.history, json.dumps(figures, indent=1, sort_keys=True) + "\n")

    @contextlib.contextmanager
    def showing(self) -> Iterator[Progress]:
        """While the run lasts: on a terminal, other output to stdout and stderr clears
        the status line first; at the end (or on Ctrl-C, or a closed pipe) it is cleared."""
        try:
            if not self.live:
                yield self
                return
            out = _Guard(self, sys.stdout) if sys.stdout is self.stream else None
            err = _Guard(self, sys.stderr) if sys.stderr.isatty() else None
            with (contextlib.redirect_stdout(out) if out else contextlib.nullcontext(),  # type: ignore[arg-type]
                  contextlib.redirect_stderr(err) if err else contextlib.nullcontext()):  # type: ignore[arg-type]
                self.draw()
                yield self
        finally:
            self.close()
