"""The system bootstrap: silent when everything is there, a clear command when not root."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tools" / "bootstrap-system.sh"


def fake_bin(tmp_path: Path, *, uid: int, installed: bool) -> dict[str, str]:
    """A PATH whose dpkg-query, id and apt-get are stand-ins."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    status = "installed" if installed else "not-installed"
    scripts = {
        # print "<pkg> <status>" for every package asked about
        "dpkg-query": f'#!/bin/sh\nshift 2\nfor p in "$@"; do echo "$p {status}"; done\n',
        "id": f"#!/bin/sh\necho {uid}\n",
        "apt-get": f'#!/bin/sh\necho "apt-get $*" >> {tmp_path}/apt.log\n',
    }
    for name, body in scripts.items():
        path = bin_dir / name
        path.write_text(body)
        path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}


def run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, env=env, timeout=30)


def test_nothing_to_do_when_everything_is_installed(tmp_path: Path) -> None:
    out = run(fake_bin(tmp_path, uid=1000, installed=True))
    assert out.returncode == 0
    assert out.stdout == "" and out.stderr == ""
    assert not (tmp_path / "apt.log").exists()


def test_non_root_gets_the_exact_command(tmp_path: Path) -> None:
    out = run(fake_bin(tmp_path, uid=1000, installed=False))
    assert out.returncode == 1
    assert "missing system packages" in out.stderr
    assert "sudo apt-get install -y --no-install-recommends" in out.stderr
    for pkg in ("libcairo2-dev", "ffmpeg", "dvisvgm", "texlive-latex-extra", "gifsicle", "chromium"):
        assert pkg in out.stderr
    assert not (tmp_path / "apt.log").exists()


def test_root_installs_the_missing_packages(tmp_path: Path) -> None:
    out = run(fake_bin(tmp_path, uid=0, installed=False))
    assert out.returncode == 0, out.stderr
    log = (tmp_path / "apt.log").read_text()
    assert "apt-get update" in log
    assert "install" in log and "libpango1.0-dev" in log and "texlive-science" in log
