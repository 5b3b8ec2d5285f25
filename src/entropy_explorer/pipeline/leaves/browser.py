"""Headless Chromium: open a local page with the network blocked and read what it reports."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from entropy_explorer.pipeline.leaves import procs
from entropy_explorer.pipeline.leaves.tools import ToolMissing

__all__ = ["BrowserError", "browser_check", "chromium_path", "screenshot"]


class BrowserError(RuntimeError):
    """Chromium gave no answer (the message holds its error output)."""


def chromium_path() -> str | None:
    """A Chromium or Chrome executable on PATH, if any."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _flags(profile: str) -> list[str]:
    return ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-extensions", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost"]


def screenshot(page: Path, png: Path, size: tuple[int, int] = (1000, 900), *,
               timeout: float = 60.0) -> Path:
    """A PNG of ``page`` (a file) at ``size`` CSS pixels, network blocked, written atomically."""
    chromium = chromium_path()
    if chromium is None:
        raise ToolMissing("no chromium found (Debian: 'sudo apt-get install chromium')")
    part = png.with_name(f".{png.stem}-{os.getpid()}.png")
    try:
        with tempfile.TemporaryDirectory(prefix="entropy-explorer-chromium-") as profile:
            done = procs.run([chromium, *_flags(profile), f"--window-size={size[0]},{size[1]}",
                              "--hide-scrollbars", f"--screenshot={part}", page.resolve().as_uri()],
                             timeout=timeout)
        if not part.exists():
            raise BrowserError(f"chromium wrote no screenshot (exit {done.returncode}): "
                               f"{done.output[-800:]}")
        part.replace(png)
    except subprocess.TimeoutExpired:
        raise BrowserError(f"chromium did not finish within {timeout:.0f} s") from None
    finally:
        part.unlink(missing_ok=True)
    return png


def browser_check(page: Path, probe: str, *, timeout: float = 60.0,
                  extra_flags: Sequence[str] = ()) -> str:
    """Open ``page`` (a file) in headless Chromium, network blocked, and return the value
    ``probe`` set on ``<body data-check=...>``.

    ``probe`` is a ``<script>`` inserted before ``</body>`` of a copy of the page (beside
    it, so relative links work; removed afterwards). Pages open as a user opens them from
    disk: a ``file://`` page may not load other local files by script or ``<track>``
    unless ``extra_flags`` says so. Raises ``ToolMissing`` without Chromium.
    """
    chromium = chromium_path()
    if chromium is None:
        raise ToolMissing("no chromium found (Debian: 'sudo apt-get install chromium')")
    probe_page = page.with_name(f".check-{os.getpid()}.html")
    probe_page.write_text(page.read_text(encoding="utf-8").replace("</body>", probe + "</body>"),
                          encoding="utf-8")
    try:
        with tempfile.TemporaryDirectory(prefix="entropy-explorer-chromium-") as profile:
            done = procs.run(
                [chromium, *_flags(profile),
                 "--autoplay-policy=no-user-gesture-required", *extra_flags,
                 "--virtual-time-budget=15000", "--dump-dom", probe_page.resolve().as_uri()],
                timeout=timeout,
            )
    except subprocess.TimeoutExpired:
        raise BrowserError(f"chromium did not finish within {timeout:.0f} s") from None
    finally:
        probe_page.unlink(missing_ok=True)
    m = re.search(r'data-check="([^"]*)"', done.output)
    if m is None:
        raise BrowserError(f"chromium gave no page (exit {done.returncode}): {done.output[-800:]}")
    return m.group(1)
