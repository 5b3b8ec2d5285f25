"""requirements.lock: every dependency pinned, within pyproject's ranges, and what is installed."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"

_spec = importlib.util.spec_from_file_location("sync_venv", ROOT / "tools" / "sync-venv.py")
assert _spec and _spec.loader
sync_venv = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sync_venv)


def direct_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(r) for r in (*project["dependencies"], *project["optional-dependencies"]["dev"])]


def test_every_direct_dependency_is_locked_within_its_range() -> None:
    pins = sync_venv.locked(LOCK)
    for req in direct_requirements():
        name = sync_venv.canonical(req.name)
        assert name in pins, f"{req.name} is in pyproject.toml but not in the lock: run make lock"
        assert req.specifier.contains(pins[name], prereleases=True), \
            f"{req.name}: locked {pins[name]} is outside pyproject's {req.specifier}"


def test_every_pin_is_exact_and_carries_a_hash() -> None:
    blocks = re.split(r"\n(?=[A-Za-z0-9])", LOCK.read_text().strip())
    assert len(blocks) == len(sync_venv.locked(LOCK)) > 30
    for block in blocks:
        head = block.splitlines()[0]
        assert re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]*==\S+ \\$", head), head
        assert "--hash=sha256:" in block, f"no hash for {head}"


def test_the_environment_running_the_tests_is_the_locked_one() -> None:
    assert sync_venv.differences(sync_venv.locked(LOCK), sync_venv.installed()) == []


def test_a_drifted_environment_is_reported(tmp_path: Path) -> None:
    lock = tmp_path / "requirements.lock"
    lock.write_text("numpy==0.0.1 \\\n    --hash=sha256:00\nscipy==1.0 \\\n    --hash=sha256:00\n")
    have = {"numpy": "2.4.6", "somethingelse": "1.0"}
    diff = sync_venv.differences(sync_venv.locked(lock), have)
    assert diff == ["numpy: locked 0.0.1, installed 2.4.6", "scipy: locked 1.0, installed nothing",
                    "somethingelse: installed 1.0, not in the lock"]
