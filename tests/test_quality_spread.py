"""The quality commands' dry runs spread over worker processes: the same answers as one
after the other, on a local cluster only when there are two scenes or more to check."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from entropy_explorer import cli
from entropy_explorer.pipeline.leaves.farm import Farm
from entropy_explorer.quality import spread
from entropy_explorer.quality.lint import SceneReport, lint_scenes
from entropy_explorer.sections import COVER, find_section


def _broken(target: Any) -> int:
    if target.name == "06-bottom-line":
        raise ValueError("this scene broke")
    return os.getpid()


class _NoFarm(Farm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise AssertionError("no cluster should start")


def test_one_scene_one_job_or_scene_classes_run_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spread, "Farm", _NoFarm)
    one, six = find_section("01"), find_section("06")
    outcomes = spread.each_scene(_broken, [one, six], jobs=1)
    assert outcomes[0] == os.getpid()
    assert isinstance(outcomes[1], ValueError) and "this scene broke" in str(outcomes[1])
    assert spread.each_scene(_broken, [one], jobs=4) == [os.getpid()]
    # a scene class (not a registered section) cannot travel to a worker: it runs here
    assert spread.each_scene(lambda t: os.getpid(), [one, type("Fixture", (), {})],
                             jobs=2) == [os.getpid()] * 2


def test_with_cover_adds_the_cover_only_when_no_scene_was_named() -> None:
    one = find_section("01")
    assert spread.with_cover([one], []) == ([one, COVER] if COVER.is_available else [one])
    assert spread.with_cover([one], ["01"]) == [one]


def test_lint_and_numbers_on_two_workers_answer_as_one_after_the_other(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    started: list[int] = []

    class Recording(Farm):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            started.append(self.workers)

    monkeypatch.setattr(spread, "Farm", Recording)
    scenes = [find_section("06"), find_section("01")]
    serial: list[SceneReport] = []
    spread_out: list[SceneReport] = []
    found_serial = lint_scenes(scenes, strict=True, reports=serial, jobs=1)
    assert started == []
    found_spread = lint_scenes(scenes, strict=True, reports=spread_out, jobs=2)
    assert started == [2]
    assert found_spread == found_serial
    assert [(r.scene, r.max_words, r.pauses, r.duration, r.texts, r.manifest) for r in spread_out] \
        == [(r.scene, r.max_words, r.pauses, r.duration, r.texts, r.manifest) for r in serial]

    capsys.readouterr()
    assert cli.main(["numbers", "--check", "-j", "1", "06", "01"]) == 0
    one_by_one = capsys.readouterr()
    assert cli.main(["numbers", "--check", "-j", "2", "06", "01"]) == 0
    two_workers = capsys.readouterr()
    assert started == [2, 2]
    assert json.loads(two_workers.out) == json.loads(one_by_one.out) != []
    assert "2 scenes on 2 worker processes" in two_workers.err


def test_jobs_below_one_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["lint", "-j", "0", "01"]) == 2
    assert cli.main(["numbers", "-j", "0", "01"]) == 2
    assert capsys.readouterr().err.count("--jobs must be at least 1") == 2
