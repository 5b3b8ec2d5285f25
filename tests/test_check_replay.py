"""The check commands (numbers, lint, audit) answer from a stamp when nothing they read
changed: the stamp keeps their output and exit code, and any change falls through."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from entropy_explorer import cli, launch
from entropy_explorer.pipeline.leaves.uptodate import (
    Inputs,
    Replay,
    check_replay,
    record_replay,
    replay_request,
)


@pytest.fixture
def kept(tmp_path: Path) -> tuple[Path, Path, dict[str, object]]:
    tree = tmp_path / "scenes"
    tree.mkdir()
    (tree / "s01.py").write_text("x = 1\n")
    state = tmp_path / "state"
    request = replay_request(["lint", "01"], {}, tmp_path)
    inputs = Inputs.scan([tree], [tmp_path / "pyproject.toml"])
    record_replay(state, request, inputs, [], Replay("s01:1.0:overlap: a\n", "lint: 1\n", 1))
    return tree, state, request


def test_an_unchanged_check_answers_with_its_output_and_exit_code(
        kept: tuple[Path, Path, dict[str, object]]) -> None:
    _tree, state, request = kept
    assert check_replay(state, request) == Replay("s01:1.0:overlap: a\n", "lint: 1\n", 1)


def test_an_edit_other_arguments_or_another_voice_fall_through(
        kept: tuple[Path, Path, dict[str, object]], tmp_path: Path) -> None:
    tree, state, request = kept
    assert check_replay(state, replay_request(["lint", "02"], {}, tmp_path)) is None
    assert check_replay(state, replay_request(["lint", "01"], {"ENTROPY_VOICE": "none"},
                                              tmp_path)) is None
    assert check_replay(state, replay_request(["numbers", "01"], {}, tmp_path)) is None
    (tree / "s01.py").write_text("x = 2\n")
    assert check_replay(state, request) is None


def test_a_removed_output_falls_through(tmp_path: Path) -> None:
    out = tmp_path / "audit.md"
    out.write_text("report\n")
    request = replay_request(["audit", "-o", str(out)], {}, tmp_path)
    record_replay(tmp_path / "state", request, Inputs.scan([], []), [out], Replay("ok\n", "", 0))
    assert check_replay(tmp_path / "state", request) is not None
    out.unlink()
    assert check_replay(tmp_path / "state", request) is None


def test_the_console_script_replays_and_says_so(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    request = replay_request(["numbers", "--check"], os.environ, tmp_path)
    record_replay(tmp_path / "state", request, Inputs.scan([], []), [],
                  Replay("[]\n", "numbers: 0\n", 0))
    out, err, code = launch.replayed(["numbers", "--check"], tmp_path / "state")  # type: ignore[misc]
    assert (out, code) == ("[]\n", 0)
    assert err.startswith("numbers: 0\n") and "answered from its stamp" in err
    assert launch.replayed(["numbers", "--help"], tmp_path / "state") is None
    assert launch.replayed(["render"], tmp_path / "state") is None


def test_the_cli_and_the_console_script_name_the_same_checks() -> None:
    assert cli.CHECK_COMMANDS == launch.CHECK_COMMANDS
