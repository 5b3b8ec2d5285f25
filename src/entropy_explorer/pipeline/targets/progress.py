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

Renders also count animations (Manim's ``play`` and ``wait`` calls): each scene's total is
the number its last render played (``build/.state/animations.json``, by scene; the first
time, read from the newest earlier run log that has it), and the ones done so far are
read, about once a second, from the growth of the running render's log (Manim logs
``Animation 12 : Partial movie file written`` or ``... : Using cached data`` as each one
ends). The status line shows ``animations 123/456 [####......]`` (``456+`` when a scene
to render has no count yet), and a running scene's share done refines its ETA; the plain
lines show the count only on a scene's finish line. A scene found up to date counts as
done; one that fails keeps only the animations it finished.
"""

from __future__ import annotations

import contextlib
import json
import re
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

__all__ = ["AnimationLog", "Estimate", "Progress", "bar_text", "clock_text", "result_lines"]

#: Clears the terminal line the cursor is on and returns to its start.
CLEAR = "\r\x1b[K"


def clock_text(seconds: float) -> str:
    """``1:05`` (or ``1:02:05`` past an hour) for a duration in seconds."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def bar_text(done: int, total: int, width: int = 10) -> str:
    """``[####......]``: ``done`` of ``total`` as a text bar of ``width`` cells."""
    filled = min(width, done * width // total) if total > 0 else 0
    return "[" + "#" * filled + "." * (width - filled) + "]"


#: Manim's log line as an animation ends (written, or taken from its cache).
_ENDED = re.compile(rb"\bAnimation\s+(\d+)\s+:")
#: Manim's progress bar (tqdm) as an animation starts: ``Animation 12: Create(Circle)``.
_STARTS = re.compile(rb"\bAnimation\s+(\d+):")
#: The scene's last words: how many animations it played.
_PLAYED = re.compile(rb"\bPlayed\s+(\d+)\s+animations?\b")
#: The longest unfinished line kept between reads (a bar redrawn without end).
_MAX_PARTIAL = 4096


class AnimationLog:
    """Counts the animations a Manim render has finished, from its log as it grows.

    :meth:`read` takes what was added since the last read; only whole lines (ended by
    ``\\n`` or tqdm's ``\\r``) are parsed, the rest waits for the next read.
    """

    def __init__(self, path: Path | None = None):
        self.path = path
        self.offset = 0
        self.partial = b""
        self.ended: set[int] = set()
        self.starts: set[int] = set()
        self.played: int | None = None

    def feed(self, data: bytes) -> None:
        """Parse ``data``, the log's next bytes."""
        data = self.partial + data
        cut = max(data.rfind(b"\n"), data.rfind(b"\r")) + 1
        self.partial = data[cut:][-_MAX_PARTIAL:]
        for line in re.split(rb"[\r\n]", data[:cut]):
            if m := _PLAYED.search(line):
                self.played = int(m.group(1))
            self.ended.update(int(n) for n in _ENDED.findall(line))
            self.starts.update(int(n) for n in _STARTS.findall(line))

    def read(self) -> int:
        """Parse what the log gained since the last read; the animations done."""
        if self.path is not None:
            try:
                with self.path.open("rb") as f:
                    if f.seek(0, 2) < self.offset:  # written anew
                        self.offset, self.partial, self.played = 0, b"", None
                        self.ended, self.starts = set(), set()
                    f.seek(self.offset)
                    data = f.read()
            except OSError:
                data = b""
            self.offset += len(data)
            self.feed(data)
        return self.done

    @property
    def done(self) -> int:
        """Animations finished: all it played once it says so; else those logged as
        ended, and those whose successor's bar has started."""
        if self.played is not None:
            return self.played
        started = {n for n in self.starts if n < max(self.starts)} if self.starts else set()
        return len(self.ended | started)


def played_in_logs(log: Path) -> int | None:
    """How many animations the newest earlier run log of the same name says were
    played (the run folders beside ``log``'s), or ``None``."""
    try:
        runs = sorted((p for p in log.parent.parent.iterdir()
                       if p.is_dir() and not p.is_symlink() and p != log.parent), reverse=True)
    except OSError:
        return None
    for run in runs:
        old = AnimationLog(run / log.name)
        old.read()
        if old.played is not None:
            return old.played
    return None


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
             running: Sequence[tuple[str, float | None, float]],
             shares: Sequence[float | None] = ()) -> float | None:
        """Seconds left: ``pending`` tasks ``(kind, size)`` not started (each weighed by
        the share of its kind that had work), ``running`` ones ``(kind, size, seconds
        so far)``, spread over ``jobs`` and never less than the longest running one's rest.
        ``shares`` (one per running task, or ``None``) is the share of its work done: its
        rest is then blended, by that share, with the rest its pace so far gives.
        ``None`` when there is nothing to go by yet."""
        total = longest = 0.0
        for kind, size in pending:
            expected = self.task_seconds(kind, size)
            if expected is None:
                return None
            total += self.work_share(kind) * expected
        for i, (kind, size, so_far) in enumerate(running):
            expected = self.task_seconds(kind, size)
            share = min(1.0, shares[i] or 0.0) if i < len(shares) else 0.0
            paced = so_far * (1 - share) / share if share > 0 else None
            if expected is None and paced is None:
                return None
            rest = max(0.0, expected - so_far) if expected is not None else 0.0
            if paced is not None:
                rest = paced if expected is None else (1 - share) * rest + share * paced
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


def load_counts(path: Path | None) -> dict[str, int]:
    """The animations each scene's last render played (nothing when missing or unreadable)."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): int(v) for k, v in data.items() if int(v) >= 0}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


@dataclass
class _Render:
    """A render's animations: ``expected`` (its last render's count, or ``None``), the
    log being followed, and ``final`` ``(done, total)`` once it ended."""

    expected: int | None
    log: AnimationLog
    final: tuple[int, int] | None = None


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
        self.counts_file = history.with_name("animations.json") if history is not None else None
        self.counts = load_counts(self.counts_file)
        self.renders: dict[str, _Render] = {}
        for t in tasks:
            if t.animations:
                expected = self.counts.get(t.name)
                if expected is None and t.log is not None:
                    expected = played_in_logs(t.log)
                self.renders[t.name] = _Render(expected, AnimationLog(t.log))

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
            self._ended_render(r)
            lines = result_lines(r, done, total)
            if not self.live and r.status in ("done", "failed"):
                lines[0] += f"; {self.times()}"
                if r.name in self.renders and (counted := self.animations_text()):
                    lines[0] += f"; {counted}"
            self._print(lines)

    def _ended_render(self, r: TaskResult) -> None:
        """A render's final count: all it played (kept for the next run), all it was
        expected to play when found up to date, else the animations it finished."""
        render = self.renders.get(r.name)
        if render is None:
            return
        if r.status == "up to date":
            n = render.expected or 0
        else:
            render.log.read()
            n = render.log.done
            if r.status == "done" and render.log.played is not None:
                self.counts[r.name] = render.log.played
        render.final = (n, n)

    def tick(self) -> None:
        """Read the running renders' logs; refresh the status line."""
        with self.lock:
            for name in self.running:
                if name in self.renders:
                    self.renders[name].log.read()
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
        names = [n for n in self.running if n in self.tasks]
        running = [(_kind(self.tasks[n]), self._size(self.tasks[n]), now - self.running[n])
                   for n in names]
        if not pending and not running:
            return 0.0
        return self.estimate.left(pending, running, [self._share(n) for n in names])

    def _share(self, name: str) -> float | None:
        """The share of a running render's animations done (``None``: not a counted one)."""
        render = self.renders.get(name)
        if render is None or not render.expected:
            return None
        return render.log.done / max(render.expected, render.log.done)

    def animations(self) -> tuple[int, int, bool] | None:
        """``(done, total, every render counted)`` over the renders of the run, or
        ``None`` when no render has a count."""
        if not any(r.expected is not None or r.final is not None for r in self.renders.values()):
            return None
        done = total = 0
        complete = True
        for name, render in self.renders.items():
            if render.final is not None:
                d, t = render.final
            else:
                d = render.log.done if name in self.running else 0
                complete = complete and render.expected is not None
                t = max(render.expected or 0, d)
            done += d
            total += t
        return done, total, complete

    def animations_text(self, bar: bool = False) -> str:
        """``animations 123/456`` (``456+``: some render not counted yet), with a bar."""
        counted = self.animations()
        if counted is None:
            return ""
        done, total, complete = counted
        return (f"animations {done}/{total}{'' if complete else '+'}"
                + (f" {bar_text(done, total)}" if bar else ""))

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
        counted = f"{text} | " if (text := self.animations_text(bar=True)) else ""
        return f"[{self.done}/{self.total} done] {counted}{running}{self.times()}"

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
        if self.counts_file is not None and self.renders:
            with contextlib.suppress(OSError):
                atomic_write_text(self.counts_file,
                                  json.dumps(self.counts, indent=1, sort_keys=True) + "\n")
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
