"""The entropy-explorer command: help, errors, exit codes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from entropy_explorer.cli import build_parser, main


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "entropy_explorer.cli", *args],
                          capture_output=True, text=True, timeout=120)


def test_help_lists_every_command() -> None:
    out = run_cli("--help")
    assert out.returncode == 0
    for cmd in ("list", "render", "gif", "slides", "present", "web", "voice", "audit", "lint",
                "numbers"):
        assert cmd in out.stdout


def test_every_subcommand_has_help() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert len(sub.choices) == 10
    for name in sub.choices:
        with pytest.raises(SystemExit) as exc:
            main([name, "--help"])
        assert exc.value.code == 0


@pytest.mark.parametrize("command", ["render", "slides", "web", "present"])
def test_scene_quality_and_jobs_arguments_are_shared(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--quality", "ultra", "1"]) == 2
    assert "unknown quality 'ultra'" in capsys.readouterr().err
    assert main([command, "-q", "l", "not-a-scene"]) == 2
    err = capsys.readouterr().err
    assert "unknown scene 'not-a-scene'" in err and "01-information" in err
    assert main([command, "-j", "0", "1"]) == 2
    assert "--jobs must be at least 1" in capsys.readouterr().err


def test_list_shows_every_section(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 21
    assert "01-information" in out and "20-cheat-sheet" in out
