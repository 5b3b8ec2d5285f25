"""External programs, run so that Ctrl-C can stop them all.

Each program runs in its own process group (a new session), so a Ctrl-C in the terminal
reaches only the ``entropy-explorer`` process, which then calls :func:`cancel_all`:
every running program is sent SIGTERM (its whole group: Manim's ffmpeg and LaTeX too),
then SIGKILL after a grace period, and no new program starts until :func:`reset`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Cancelled", "Finished", "cancel_all", "cancelled", "reset", "run"]


class Cancelled(RuntimeError):
    """The run was interrupted; no new program starts."""


@dataclass(frozen=True)
class Finished:
    """A program's exit code and its output (stdout and stderr together)."""

    returncode: int
    output: str


_running: set[subprocess.Popen[str]] = set()
_lock = threading.Lock()
_cancel = threading.Event()


def cancelled() -> bool:
    return _cancel.is_set()


def reset() -> None:
    """Allow programs to start again (a new run in the same process)."""
    _cancel.clear()


def run(cmd: Sequence[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None,
        log: Path | None = None, timeout: float | None = None) -> Finished:
    """Run ``cmd`` to the end and return its exit code and output.

    With ``log``, the output goes straight to that file as the program writes it (the
    progress reporter reads a render's log as it grows), and is read back at the end.
    Raises :class:`Cancelled` when the run was interrupted before or while it ran,
    ``FileNotFoundError`` when the program does not exist and
    ``subprocess.TimeoutExpired`` after ``timeout`` seconds.
    """
    if _cancel.is_set():
        raise Cancelled("interrupted")
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as files:
        sink = files.enter_context(log.open("wb")) if log is not None else subprocess.PIPE
        with _lock:
            if _cancel.is_set():
                raise Cancelled("interrupted")
            proc = subprocess.Popen(
                list(cmd), cwd=cwd, env=dict(env) if env is not None else None, text=True,
                stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT,
                start_new_session=True, errors="replace",
            )
            _running.add(proc)
        try:
            try:
                output, _ = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                _kill_group(proc, signal.SIGKILL)
                proc.communicate()
                raise
        finally:
            with _lock:
                _running.discard(proc)
    if log is not None:
        output = log.read_bytes().decode("utf-8", errors="replace")
    if _cancel.is_set():
        raise Cancelled("interrupted")
    return Finished(proc.returncode, output)


def _kill_group(proc: subprocess.Popen[str], sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def cancel_all(grace: float = 3.0) -> None:
    """Stop every running program (SIGTERM, then SIGKILL after ``grace`` s); start no more."""
    _cancel.set()
    with _lock:
        procs = list(_running)
    for proc in procs:
        _kill_group(proc, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for proc in procs:
        try:
            proc.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _kill_group(proc, signal.SIGKILL)
