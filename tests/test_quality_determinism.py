"""Determinism: the same scene rendered twice gives identical frames.

Each render runs in its own process with a different hash seed and environment, so
set-iteration order, clock or environment input would show up as different pixels.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from entropy_explorer.quality.runner import run_scene
from entropy_explorer.sections import available_sections, find_section

#: The model scene: curve tracing, updaters, a moving dot and live readouts.
SCENE = "01"


def _digest(hash_seed: str, extra_env: dict[str, str]) -> tuple[str, int]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, **extra_env}
    proc = subprocess.run(
        [sys.executable, "-m", "entropy_explorer.quality.runner", "digest", SCENE],
        capture_output=True, text=True, env=env, timeout=600, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    digest, frames = proc.stdout.strip().splitlines()[-1].split()
    return digest, int(frames)


@pytest.mark.slow
def test_rendering_twice_gives_identical_frames() -> None:
    if find_section(SCENE) not in available_sections():
        pytest.skip("scene 01 not available")
    first = _digest("1", {"TZ": "UTC", "LANG": "C.UTF-8"})
    second = _digest("2", {"TZ": "Asia/Kolkata", "LANG": "en_US.UTF-8"})
    assert first == second
    # The frames cover the whole scene: fast mode and a full render agree on its length.
    duration = run_scene(SCENE).renderer.time
    assert first[1] == pytest.approx(duration * 5, rel=0.05)
