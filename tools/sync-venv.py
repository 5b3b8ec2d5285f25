"""Make the virtual environment hold exactly what requirements.lock says, then the project.

Run with the venv's own Python (``make setup`` does): installs every locked distribution at
its locked version, checked against the lock's hashes; installs the project itself in
editable mode (no dependencies: the lock has them all); uninstalls what the lock does not
name (left over from an older lock); then checks that every locked version is the one
installed. A fresh machine thus gets exactly what CI tested, not what is newest that day.

    python tools/sync-venv.py [--lock requirements.lock] [--check]

``--check`` installs nothing: it only reports how the venv differs from the lock (exit 1).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Installed by the venv itself or by this script, never named in the lock.
OWN = {"pip", "setuptools", "entropy-explorer"}
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;\\]+)")


def canonical(name: str) -> str:
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(lock: Path) -> dict[str, str]:
    """``{name: version}`` of every pin in a pip-format lock file."""
    if not lock.is_file():
        raise SystemExit(f"sync-venv: {lock} not found; `make lock` writes it")
    pins: dict[str, str] = {}
    for line in lock.read_text().splitlines():
        m = _PIN.match(line)
        if m:
            pins[canonical(m.group(1))] = m.group(3)
    if not pins:
        raise SystemExit(f"sync-venv: {lock.name} pins nothing; run `make lock`")
    return pins


def installed() -> dict[str, str]:
    """``{name: version}`` of every distribution in this interpreter's environment."""
    return {canonical(d.metadata["Name"]): d.version for d in metadata.distributions()}


def differences(pins: dict[str, str], have: dict[str, str]) -> list[str]:
    """What stands between the environment and the lock, one line each."""
    lines = [f"{n}: locked {v}, installed {have.get(n, 'nothing')}"
             for n, v in sorted(pins.items()) if have.get(n) != v]
    lines += [f"{n}: installed {v}, not in the lock" for n, v in sorted(have.items())
              if n not in pins and n not in OWN]
    return lines


def pip(*args: str) -> None:
    cmd = [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]
    if subprocess.run(cmd).returncode != 0:
        raise SystemExit(f"sync-venv: failed: pip {' '.join(args)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lock", type=Path, default=ROOT / "requirements.lock")
    ap.add_argument("--check", action="store_true", help="only compare; install nothing")
    args = ap.parse_args(argv)
    pins = locked(args.lock)
    if not args.check:
        pip("install", "-q", "--require-hashes", "--no-deps", "-r", str(args.lock))
        pip("install", "-q", "--no-deps", "-e", str(ROOT))
        extra = [n for n in installed() if n not in pins and n not in OWN]
        if extra:
            print(f"sync-venv: removing what the lock does not name: {' '.join(sorted(extra))}")
            pip("uninstall", "-q", "-y", *extra)
    diff = differences(pins, installed())
    if diff:
        print(f"sync-venv: the venv differs from {args.lock.name}:", *diff, sep="\n  ",
              file=sys.stderr)
        return 1
    shown = ", ".join(f"{n} {pins[n]}" for n in ("manim", "numpy", "scipy") if n in pins)
    print(f"sync-venv: {len(pins)} packages as locked in {args.lock.name} ({shown})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
