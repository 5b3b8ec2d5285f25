"""Files: atomic writes, stamps that notice damaged outputs, and the one-run-at-a-time lock.

Every output is written under a temporary name and moved into place with ``os.replace``,
so an interrupted or failed job never leaves a partial file under a final name. The
temporary file goes to ``build/.state/tmp/`` when the destination is inside a build
folder (so publish folders never hold one, even after a crash), else beside the
destination under a hidden name; it is removed on failure and on Ctrl-C.

A :class:`Stamp` records a task's input key and, for each output, its size, modification
time and SHA-256. An output is trusted when size and time match; when only the time
differs its hash decides; a truncated, emptied or missing file never matches.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import shutil
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from entropy_explorer.pipeline.leaves.project import STATE_NAME

__all__ = [
    "BuildBusy",
    "FileRecord",
    "Stamp",
    "atomic_copy",
    "atomic_dir",
    "atomic_output",
    "atomic_write_bytes",
    "atomic_write_text",
    "build_lock",
    "publish_link",
    "remove_stale_temps",
    "sha256_file",
]

_TMP_MARK = ".tmp-"


def _scratch_for(dst: Path) -> Path:
    """Where the temporary file for ``dst`` goes (same file system, outside publish folders)."""
    for parent in dst.parents:
        if (parent / STATE_NAME).is_dir():
            scratch = parent / STATE_NAME / "tmp"
            scratch.mkdir(parents=True, exist_ok=True)
            return scratch
    return dst.parent


def _tmp_path(dst: Path) -> Path:
    folder = _scratch_for(dst)
    # keep the suffix: ffmpeg chooses the container from it
    return folder / f".{dst.stem}{_TMP_MARK}{os.getpid()}-{threading.get_ident()}{dst.suffix}"


@contextlib.contextmanager
def atomic_output(dst: Path) -> Iterator[Path]:
    """Yield a temporary path; on success it replaces ``dst``, otherwise it is removed."""
    dst = Path(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_path(dst)
    try:
        yield tmp
        try:
            os.replace(tmp, dst)
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
            fallback = dst.with_name(f".{dst.name}{_TMP_MARK}{os.getpid()}")
            try:
                shutil.copyfile(tmp, fallback)
                os.replace(fallback, dst)
            finally:
                fallback.unlink(missing_ok=True)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write_text(dst: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``dst`` atomically."""
    with atomic_output(dst) as tmp:
        tmp.write_text(text, encoding="utf-8")


def atomic_write_bytes(dst: Path, data: bytes) -> None:
    """Write ``data`` to ``dst`` atomically."""
    with atomic_output(dst) as tmp:
        tmp.write_bytes(data)


def atomic_copy(src: Path, dst: Path) -> None:
    """Copy ``src`` to ``dst`` atomically."""
    with atomic_output(dst) as tmp:
        shutil.copyfile(src, tmp)


def publish_link(src: Path, dst: Path) -> None:
    """Make ``dst`` the same file as ``src``: a hard link put in place atomically (a copy
    where the file system refuses links); nothing to do when it already is."""
    dst = Path(dst)
    with contextlib.suppress(OSError):
        if os.path.samefile(src, dst):
            return
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_path(dst)
    tmp.unlink(missing_ok=True)
    try:
        os.link(src, tmp)
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
            raise
        atomic_copy(src, dst)
        return
    try:
        os.replace(tmp, dst)
    finally:
        tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_dir(dst: Path) -> Iterator[Path]:
    """Yield an empty folder beside ``dst``; on success it replaces ``dst`` whole."""
    dst = Path(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}{_TMP_MARK}{os.getpid()}-{threading.get_ident()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    old = tmp.with_name(tmp.name + "-old")
    try:
        yield tmp
        if dst.exists():
            os.replace(dst, old)
        os.replace(tmp, dst)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


def remove_stale_temps(folders: Sequence[Path]) -> list[Path]:
    """Remove temporary files and folders a killed run left in ``folders`` (not recursive
    beyond one level of sub-folders); call it while holding the build lock."""
    removed = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in [*folder.iterdir(), *(p for d in folder.iterdir() if d.is_dir()
                                          for p in d.iterdir())]:
            if path.name.startswith(".") and _TMP_MARK in path.name:
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
                removed.append(path)
    return removed


# ------------------------------------------------------------------------------ stamps
def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True)
class FileRecord:
    """What a stamp remembers of one output file."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: Path) -> FileRecord:
        st = Path(path).stat()
        return cls(st.st_size, st.st_mtime_ns, sha256_file(path))

    def matches(self, path: Path) -> bool:
        """True when ``path`` still holds the bytes recorded."""
        try:
            st = Path(path).stat()
        except OSError:
            return False
        if st.st_size != self.size:
            return False
        return st.st_mtime_ns == self.mtime_ns or sha256_file(path) == self.sha256


@dataclass(frozen=True)
class Stamp:
    """A task's input key and the outputs it wrote, kept in ``build/.state/stamps/``."""

    key: str
    outputs: dict[str, FileRecord]

    @classmethod
    def read(cls, path: Path) -> Stamp | None:
        """The stamp at ``path``; ``None`` when missing or unreadable (then: rebuild)."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            outputs = {k: FileRecord(*v) for k, v in data["outputs"].items()}
            return cls(str(data["key"]), outputs)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    @classmethod
    def record(cls, key: str, outputs: Sequence[Path]) -> Stamp:
        return cls(key, {str(p): FileRecord.of(p) for p in outputs})

    def write(self, path: Path) -> None:
        data = {"key": self.key,
                "outputs": {k: [r.size, r.mtime_ns, r.sha256] for k, r in self.outputs.items()}}
        atomic_write_text(path, json.dumps(data, indent=1) + "\n")

    def damaged(self) -> list[str]:
        """Outputs that are missing or no longer hold what was written."""
        return [p for p, r in self.outputs.items() if not r.matches(Path(p))]

    def is_current(self, key: str, outputs: Sequence[Path]) -> bool:
        """Same inputs, the same outputs, all intact."""
        return (self.key == key and set(self.outputs) == {str(p) for p in outputs}
                and not self.damaged())


# -------------------------------------------------------------------------------- lock
class BuildBusy(RuntimeError):
    """Another run holds the build lock."""


@contextlib.contextmanager
def build_lock(path: Path, *, wait: bool = False, what: str = "") -> Iterator[None]:
    """Hold an exclusive lock on ``path`` for the block.

    Without ``wait``, raise :class:`BuildBusy` at once when another process holds it (the
    message names its pid and command); with ``wait``, block until it is free. The lock
    is the kernel's (``flock``), so a crashed run never leaves it held.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            f.seek(0)
            holder = f.read().strip() or "another process"
            raise BuildBusy(f"another entropy-explorer run is using {path.parent.parent.name}/ "
                            f"({holder}); wait for it to finish, or pass --wait") from None
        try:
            f.seek(0)
            f.truncate()
            f.write(f"pid {os.getpid()}, {what or 'a run'}, since {time.strftime('%H:%M:%S')}\n")
            f.flush()
            yield
        finally:
            f.seek(0)
            f.truncate()
            fcntl.flock(f, fcntl.LOCK_UN)
