"""The render farm: where the heavy work runs, on Dask (``dask.distributed``).

A :class:`Farm` is one build's way to its workers. By default it starts a
``LocalCluster`` on this machine when the first piece of work is handed to it (a build
with every task up to date starts nothing): one worker process per job, one thread each,
so a worker can render a scene in its own process with Manim's global config to itself,
and stays warm (Manim, numpy, the project and the voice imported once, TeX and voice
caches in memory) for the next. Given a scheduler's address (``--scheduler`` or
``ENTROPY_SCHEDULER``), it sends the same work to a running ``dask scheduler`` and its
``dask worker`` processes instead, which may be on other machines: they share no folder
with this one (see :mod:`~entropy_explorer.pipeline.steps.farm_work`).

:meth:`Farm.call` runs a function on a worker and returns its result (a function of an
importable module, so a worker runs its own checkout's code). A worker that dies while
it works does not lose the work: Dask runs it again on another worker. :meth:`Farm.cancel`
(Ctrl-C) cancels everything submitted, stops the programs the workers run
(:func:`~entropy_explorer.pipeline.leaves.procs.cancel_all` on each), and every
:meth:`Farm.call` waiting raises :class:`~entropy_explorer.pipeline.leaves.procs.Cancelled`.

:meth:`Farm.beside` runs the lighter work that reads and writes this machine's folders (a
scene's dry run for the numbers check and the voice) on a worker too when the workers are
processes of this machine, ahead of the renders; else in the calling process.

``isolated`` tells whether each worker is a process of its own (Manim's global config is
then safe to use in a task): true for a cluster and for the default local one; a local
cluster of threads (``processes=False``, for work that only runs programs, such as the
tests' stand-in Manim) is not.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import CancelledError
from dataclasses import dataclass, field
from typing import Any, TypeVar

import dask
from distributed import Client, Future, LocalCluster

from entropy_explorer.pipeline.leaves import procs

__all__ = ["DRY_RUN_PRIORITY", "ENV_SCHEDULER", "Farm", "FarmError", "scheduler_address"]

#: The environment variable naming a running Dask scheduler.
ENV_SCHEDULER = "ENTROPY_SCHEDULER"
#: Seconds to wait for a named scheduler to answer.
CONNECT_TIMEOUT = 20
#: Dask priority of a dry run handed to a worker (:meth:`Farm.beside`): ahead of every
#: render (a render's priority is its length in seconds), since renders wait for them.
DRY_RUN_PRIORITY = 1_000_000

T = TypeVar("T")


class FarmError(RuntimeError):
    """The farm cannot be reached or started (the message says which and how to fix it)."""


def scheduler_address(flag: str | None, env: dict[str, str] | os._Environ[str] | None = None) -> str | None:
    """The scheduler asked for: ``--scheduler``, else ``ENTROPY_SCHEDULER``, else ``None``
    (a local cluster). An address without a scheme is TCP (``host:8786``)."""
    env = os.environ if env is None else env
    value = (flag if flag is not None else env.get(ENV_SCHEDULER, "")).strip()
    if not value or value.lower() == "local":
        return None
    return value if "://" in value else f"tcp://{value}"


@dataclass
class Farm:
    """One build's workers: a local cluster of ``workers`` (started on first use), or the
    cluster at ``address``."""

    workers: int = 1
    address: str | None = None
    #: A local cluster's workers are processes (``False``: threads of this process).
    processes: bool = True
    _client: Client | None = field(default=None, init=False, repr=False)
    _cluster: LocalCluster | None = field(default=None, init=False, repr=False)
    _futures: set[Future] = field(default_factory=set, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _cancelled: bool = field(default=False, init=False, repr=False)

    @property
    def remote(self) -> bool:
        """Work goes to a cluster whose workers share no folder with this machine."""
        return self.address is not None

    @property
    def isolated(self) -> bool:
        """Each worker is a process of its own."""
        return self.remote or self.processes

    @property
    def shares_machine(self) -> bool:
        """The workers are processes of this machine: they share its folders, and each has
        Manim's global config to itself (a local cluster of processes)."""
        return self.processes and not self.remote

    @property
    def started(self) -> bool:
        return self._client is not None

    def client(self) -> Client:
        """The Dask client (starting the local cluster, or connecting, on first use)."""
        with self._lock:
            if self._cancelled:
                raise procs.Cancelled("interrupted")
            if self._client is None:
                self._client = self._connect()
            return self._client

    def _connect(self) -> Client:
        if self.address is not None:
            try:
                return Client(self.address, timeout=CONNECT_TIMEOUT, set_as_default=False)
            except (OSError, TimeoutError) as exc:
                raise FarmError(f"no Dask scheduler answers at {self.address} ({exc}); start "
                                f"one with 'dask scheduler' and workers with 'dask worker "
                                f"{self.address}' (see the README, Render on a cluster)") from None
        # Dask's INFO log (and the CommClosedError it logs with a traceback while a local
        # cluster shuts down) is not for the user's console: LocalCluster's silence_logs
        # holds only while the cluster runs and restores the old level when it closes.
        quiet = logging.getLogger("distributed")
        if quiet.getEffectiveLevel() < logging.WARNING:
            quiet.setLevel(logging.WARNING)
        # A fixed hash seed in the workers, as a render in a program of its own has.
        environ = {**dask.config.get("distributed.nanny.pre-spawn-environ", {}),
                   "PYTHONHASHSEED": "0"}
        with dask.config.set({"distributed.nanny.pre-spawn-environ": environ,
                              "distributed.worker.daemon": False}):
            self._cluster = LocalCluster(
                n_workers=max(1, self.workers), threads_per_worker=1, processes=self.processes,
                dashboard_address=None, silence_logs=logging.ERROR,
                # renders use what memory they need; Dask must not pause or kill them
                memory_limit=0, **({"host": "127.0.0.1"} if self.processes else {}))
        return Client(self._cluster, set_as_default=False)

    def slots(self) -> int:
        """How many tasks the workers run at once (a local cluster: ``workers``)."""
        if not self.remote:
            return max(1, self.workers)
        return max(1, sum(self.client().nthreads().values()))

    def call(self, fn: Callable[..., T], *args: Any, key: str | None = None,
             priority: int = 0) -> T:
        """``fn(*args)`` on a worker; its result or its exception.

        Raises :class:`~entropy_explorer.pipeline.leaves.procs.Cancelled` when the farm
        was cancelled before or while it ran.
        """
        [outcome] = self.call_each(fn, [args], keys=[key], priority=priority)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def beside(self, fn: Callable[..., T], *args: Any, name: str) -> T:
        """``fn(*args)`` for work that reads and writes this machine's folders (a scene's dry
        run for the numbers check or the voice, the voice's synthesis): on a worker when
        they share this machine (:attr:`shares_machine`), ahead of the renders, else here,
        in this process. ``name`` starts the task's Dask key."""
        if not self.shares_machine:
            return fn(*args)
        return self.call(fn, *args, key=f"{name}-{os.urandom(4).hex()}",
                         priority=DRY_RUN_PRIORITY)

    def call_each(self, fn: Callable[..., T], calls: Sequence[Sequence[Any]], *,
                  keys: Sequence[str | None] | None = None,
                  priority: int = 0) -> list[T | Exception]:
        """``fn(*args)`` for each ``args`` of ``calls``, all submitted at once; each one's
        result or exception, in order, once all have ended. Raises
        :class:`~entropy_explorer.pipeline.leaves.procs.Cancelled` when cancelled."""
        client = self.client()
        futures = [client.submit(fn, *args, key=k, pure=False, priority=priority)
                   for args, k in zip(calls, keys or [None] * len(calls), strict=True)]
        with self._lock:
            if self._cancelled:
                client.cancel(futures)
                raise procs.Cancelled("interrupted")
            self._futures.update(futures)
        outcomes: list[T | Exception] = []
        try:
            for future in futures:
                try:
                    outcomes.append(future.result())
                except CancelledError:
                    raise procs.Cancelled("interrupted") from None
                except Exception as exc:
                    if self._cancelled:
                        raise procs.Cancelled("interrupted") from None
                    outcomes.append(exc)
        finally:
            with self._lock:
                self._futures.difference_update(futures)
        return outcomes

    def cancel(self) -> None:
        """Cancel every task, stop every program the workers run; no new task starts."""
        with self._lock:
            self._cancelled = True
            futures = list(self._futures)
            client = self._client
        if client is None:
            return
        with contextlib.suppress(Exception):
            client.cancel(futures, force=True)
        with contextlib.suppress(Exception):
            client.run(procs.cancel_all, 1.0)

    def close(self) -> None:
        """Stop the local cluster (a named one keeps running); drop the client."""
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        if client is not None:
            with contextlib.suppress(Exception):
                client.close(timeout=5)
        if cluster is not None:
            with contextlib.suppress(Exception):
                cluster.close(timeout=5)
