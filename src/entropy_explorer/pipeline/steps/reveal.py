"""reveal.js for the offline slides: fetched once from the npm registry, kept in the vendor folder.

manim-slides' HTML loads reveal.js from a CDN (and its ``--offline`` switch downloads it at
export time), so instead the version its template names is taken once with ``npm pack``
(the package tarball, nothing installed) and unpacked; later exports copy it beside the
page. Offline with an empty npm cache, npm gives up at once (no retries) and the error
says so in one line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from manim_slides.convert import RevealJS

from entropy_explorer.pipeline.leaves import procs

__all__ = ["RevealError", "copy_reveal", "fetch_revealjs", "reveal_version"]

#: Files of reveal.js's dist/ folder the HTML does not need.
_SKIP = (".mjs", ".d.ts", ".map")
#: Give up quickly when the registry cannot be reached (npm's default retries take minutes).
_NPM_NETWORK = ("--fetch-retries=0", "--fetch-timeout=8000", "--prefer-offline")
_OFFLINE = re.compile(r"ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|ENETUNREACH|ECONNRESET|"
                      r"network|offline", re.IGNORECASE)


class RevealError(RuntimeError):
    """reveal.js could not be had (the message says why and what to do)."""


def reveal_version() -> str:
    """The reveal.js version manim-slides' HTML template is written for."""
    return str(RevealJS.model_fields["reveal_version"].default)


def fetch_revealjs(vendor_dir: Path, version: str | None = None, timeout: float = 60.0) -> Path:
    """An unpacked reveal.js package (the folder holding ``dist/``), fetched once with npm.

    A second call finds the unpacked copy and runs nothing.
    """
    version = version or reveal_version()
    root = vendor_dir / f"reveal.js-{version}"
    if (root / "dist" / "reveal.js").exists():
        return root
    npm = shutil.which("npm")
    yourself = (f"or unpack the reveal.js {version} npm package into {root} yourself, "
                "or pass --reveal-dir DIR")
    if npm is None:
        raise RevealError(
            f"npm not found; it fetches reveal.js {version} for the offline slides once. "
            "Install it ('sudo apt-get install npm' on Debian/Ubuntu, or Node.js from "
            f"nodejs.org), {yourself}.")
    vendor_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".reveal-tmp-", dir=vendor_dir) as work:
        try:
            done = procs.run([npm, "pack", f"reveal.js@{version}", "--pack-destination", work,
                              *_NPM_NETWORK, "--loglevel=error"], cwd=Path(work), timeout=timeout)
        except subprocess.TimeoutExpired:
            raise RevealError(f"npm did not fetch reveal.js {version} within {timeout:.0f} s "
                              f"(no network?); {yourself}") from None
        tarballs = list(Path(work).glob("reveal.js-*.tgz"))
        if done.returncode != 0 or not tarballs:
            said = " ".join(done.output.split())[-300:] or f"exit code {done.returncode}"
            why = ("the npm registry cannot be reached (offline?) and npm's cache does not "
                   "hold it" if _OFFLINE.search(done.output) else f"npm said: {said}")
            raise RevealError(f"could not fetch reveal.js {version}: {why}; {yourself}")
        unpacked = Path(work) / "unpacked"
        with tarfile.open(tarballs[0]) as tar:
            tar.extractall(unpacked, filter="data")
        package = unpacked / "package"
        if not (package / "dist" / "reveal.js").exists():
            raise RevealError(f"the reveal.js {version} package has no dist/reveal.js")
        shutil.rmtree(root, ignore_errors=True)
        os.replace(package, root)
    return root


def copy_reveal(reveal_root: Path, dest: Path) -> None:
    """Copy reveal.js's ``dist/`` (less source maps and modules), licence and package.json."""
    def ignore(_folder: str, names: list[str]) -> list[str]:
        return [n for n in names if n.endswith(_SKIP)]

    shutil.copytree(reveal_root / "dist", dest / "dist", ignore=ignore)
    for extra in ("LICENSE", "package.json"):
        if (reveal_root / extra).exists():
            shutil.copyfile(reveal_root / extra, dest / extra)
