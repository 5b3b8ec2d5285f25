"""The no-op stamp: "nothing changed since the last complete run", checked in milliseconds.

A complete, successful run of a build command (``render`` today) writes a small stamp
for its request (command, quality, voice setting, scene selection) into
``build/.state/noop/``. It holds

* where its inputs live: folders (the scenes and ``manim.cfg``, the package's source,
  the assets: article, recordings) and single files (``pyproject.toml``, a voice file),
  with a digest of every file's path, size and modification time taken when the run
  started, plus the Python that ran and the modification time of its ``site-packages``
  folders (any install or upgrade there changes them: new Manim, manim-slides or Piper
  versions fall through);
* every output and task stamp the run left (videos, subtitles, decks and their clips,
  voice timing manifests, the full video, ``numbers.json``), by size and modification
  time.

:func:`check` recomputes all of that with the standard library only (no Manim, numpy or
ffmpeg), so the command line can answer "up to date" before importing anything heavy.
Anything that differs, a stamp that is missing or unreadable, or a run holding the
build lock, means "not known to be current": the full pipeline runs and decides. The
check can therefore only be too cautious (a touched but unchanged file runs the full
pipeline, which finds every task up to date and writes the stamp again), never wrong
about a changed input it records.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["NOOP_DIR", "VOICE_ENV", "Inputs", "Replay", "check", "check_replay", "inputs_digest",
           "record", "record_replay", "replay_request", "request_of", "stamp_path"]

#: Where the stamps live, under ``build/.state/``.
NOOP_DIR = "noop"
#: Bump when what a stamp records changes.
_SCHEMA = "noop-v1"
#: The environment variables that choose the voice (they decide the outputs).
VOICE_ENV = ("ENTROPY_VOICE", "ENTROPY_VOICE_RATE")
_SKIP_DIRS = {"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache"}


def request_of(command: str, quality: str, scenes: Sequence[str], voice: str | None,
               voice_rate: str | None, env: Mapping[str, str], cwd: Path) -> dict[str, object]:
    """What a run was asked for, as its stamp is named by it: the command, the quality
    and scene selection as given, and the voice as chosen (flags, environment, and the
    folder a relative voice path is read from)."""
    return {"schema": _SCHEMA, "command": command, "quality": quality.strip().lower(),
            "scenes": list(scenes), "voice": voice, "voice_rate": voice_rate,
            "env": {k: env.get(k) for k in VOICE_ENV}, "cwd": str(cwd)}


def stamp_path(state_dir: Path, request: Mapping[str, object]) -> Path:
    """The stamp of ``request`` in ``state_dir`` (``build/.state``)."""
    name = hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()[:20]
    return state_dir / NOOP_DIR / f"{request['command']}-{name}.json"


def _files(folder: Path) -> Iterable[Path]:
    for base, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        for name in sorted(names):
            if not name.endswith((".pyc", ".pyo")):
                yield Path(base) / name


def _site_dirs() -> list[str]:
    return [p for p in sys.path if p.endswith("-packages") and os.path.isdir(p)]


def inputs_digest(trees: Sequence[str], files: Sequence[str]) -> str:
    """SHA-256 of the path, size and modification time of every file under ``trees``
    and of each of ``files`` (a missing one counts as missing), with the Python in use
    and its ``site-packages`` folders' modification times."""
    h = hashlib.sha256(f"{sys.executable}|{sys.version}\n".encode())
    for site in _site_dirs():
        h.update(f"site {site} {os.stat(site).st_mtime_ns}\n".encode())
    for tree in trees:
        h.update(f"tree {tree}\n".encode())
        for path in _files(Path(tree)):
            st = path.stat()
            h.update(f"{path} {st.st_size} {st.st_mtime_ns}\n".encode())
    for name in files:
        try:
            st = os.stat(name)
            h.update(f"file {name} {st.st_size} {st.st_mtime_ns}\n".encode())
        except OSError:
            h.update(f"file {name} missing\n".encode())
    return h.hexdigest()


def _out_record(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


@dataclass(frozen=True)
class Inputs:
    """Where a run's inputs live and their digest, taken when the run starts (so an
    edit made while it runs is not vouched for)."""

    trees: tuple[str, ...]
    files: tuple[str, ...]
    digest: str

    @classmethod
    def scan(cls, trees: Sequence[Path], files: Sequence[Path]) -> Inputs:
        tree_names = tuple(sorted({str(Path(t).resolve()) for t in trees if Path(t).is_dir()}))
        file_names = tuple(sorted({str(Path(f).resolve()) for f in files}))
        return cls(tree_names, file_names, inputs_digest(tree_names, file_names))


def record(stamp: Path, request: Mapping[str, object], inputs: Inputs,
           outputs: Sequence[Path], message: str, replay: Replay | None = None) -> None:
    """Write the stamp of a complete, successful run (atomically: a temporary file
    beside it, then a rename). ``message`` is what :func:`check` prints when current;
    a command that answers with its output keeps it in ``replay`` (and may have no
    output file)."""
    outs = {str(Path(p).resolve()): _out_record(Path(p)) for p in outputs}
    if (not outs and replay is None) or any(r is None for r in outs.values()):
        return  # an output already gone: nothing to vouch for
    data = {"request": dict(request), "trees": list(inputs.trees), "files": list(inputs.files),
            "inputs": inputs.digest, "outputs": outs, "message": message,
            **({"replay": [replay.stdout, replay.stderr, replay.code]} if replay else {})}
    stamp.parent.mkdir(parents=True, exist_ok=True)
    tmp = stamp.with_name(f".{stamp.name}.tmp-{os.getpid()}")
    try:
        tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, stamp)
    finally:
        tmp.unlink(missing_ok=True)


def _busy(lock: Path) -> bool:
    """True when another run holds the build lock (its outputs may be changing)."""
    try:
        with lock.open("rb") as f:
            try:
                fcntl.flock(f, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(f, fcntl.LOCK_UN)
    except OSError:
        return False
    return False


def _current(state_dir: Path, request: Mapping[str, object]) -> dict[str, object] | None:
    """The stamp of ``request`` when the last complete run of it is still current (every
    input and output as it left them), else ``None``."""
    stamp = stamp_path(state_dir, request)
    try:
        data = json.loads(stamp.read_text(encoding="utf-8"))
        if data["request"] != dict(request):
            return None
        outputs: dict[str, list[int]] = data["outputs"]
        if not outputs and "replay" not in data:
            return None
        if any(_out_record(Path(p)) != r for p, r in outputs.items()):
            return None
        if _busy(state_dir / "lock"):
            return None
        if inputs_digest(data["trees"], data["files"]) != data["inputs"]:
            return None
        return dict(data)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def check(state_dir: Path, request: Mapping[str, object]) -> str | None:
    """The stamp's message when the last complete run of ``request`` is still current
    (every input and output as it left them), else ``None``."""
    data = _current(state_dir, request)
    return None if data is None else str(data["message"])


@dataclass(frozen=True)
class Replay:
    """A check command's answer: what it printed and its exit code."""

    stdout: str
    stderr: str
    code: int


def replay_request(argv: Sequence[str], env: Mapping[str, str], cwd: Path) -> dict[str, object]:
    """A check command's request (``numbers``, ``lint``, ``audit`` with its arguments as
    given, the voice's environment and the folder relative paths are read from)."""
    return {"schema": _SCHEMA, "command": argv[0], "argv": list(argv[1:]),
            "env": {k: env.get(k) for k in VOICE_ENV}, "cwd": str(cwd)}


def record_replay(state_dir: Path, request: Mapping[str, object], inputs: Inputs,
                  outputs: Sequence[Path], replay: Replay) -> None:
    """Keep a check command's answer for :func:`check_replay` (any exit code: a finding
    is an answer too)."""
    record(stamp_path(state_dir, request), request, inputs, outputs, "", replay)


def check_replay(state_dir: Path, request: Mapping[str, object]) -> Replay | None:
    """The answer the last run of the check ``request`` gave, when nothing it read or
    wrote has changed since, else ``None``."""
    data = _current(state_dir, request)
    try:
        if data is None:
            return None
        stdout, stderr, code = data["replay"]  # type: ignore[misc]
        return Replay(str(stdout), str(stderr), int(code))
    except (KeyError, TypeError, ValueError):
        return None
