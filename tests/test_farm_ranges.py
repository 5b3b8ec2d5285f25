"""Animation-range tasks on a real scene: section 06 rendered in one piece, and rendered as
two ranges of its animations on two warm workers joined by the whole render, give the
same frames, the same subtitles and the same slide clips."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest

from entropy_explorer.pipeline.leaves.farm import Farm
from entropy_explorer.pipeline.leaves.project import DEFAULT_PROJECT
from entropy_explorer.pipeline.leaves.scenes import QUALITIES
from entropy_explorer.pipeline.steps.farm_work import plan_ranges, render_on_farm, render_ranges
from entropy_explorer.pipeline.steps.render import RenderJob
from entropy_explorer.scene import SLIDES_DIR
from entropy_explorer.sections import find_section

S06 = find_section("06")
#: Where a section scene writes its deck (the checkout's media/, whatever the media folder).
DECK = SLIDES_DIR / f"{S06.scene_class}.json"


def test_ranges_cover_every_animation_once_and_only_when_worth_it() -> None:
    assert plan_ranges(None, 2) == [] and plan_ranges(40, 1) == [] and plan_ranges(15, 2) == []
    assert plan_ranges(23, 2) == [(0, 11), (12, 22)]
    for count, workers in ((16, 2), (101, 3), (40, 8)):
        ranges = plan_ranges(count, workers)
        covered = [n for a, b in ranges for n in range(a, b + 1)]
        assert covered == list(range(count)) and all(b - a + 1 >= 8 for a, b in ranges)


def _frames(video: Path) -> list[str]:
    """One MD5 per decoded frame (ffmpeg framemd5), with its timestamp."""
    out = subprocess.run(["ffmpeg", "-v", "error", "-i", str(video), "-map", "0:v:0", "-f",
                          "framemd5", "-"], capture_output=True, text=True, check=True).stdout
    return [",".join(p.strip() for p in (row.split(",")[2], row.split(",")[5]))
            for row in out.splitlines() if not row.startswith("#")]


def _clips(deck: Path) -> list[str]:
    return [hashlib.sha256(Path(s["file"]).read_bytes()).hexdigest()
            for s in json.loads(deck.read_text())["slides"]]


@pytest.mark.slow
def test_two_ranges_joined_give_the_frames_of_a_one_piece_render(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENTROPY_VOICE", "none")
    farm = Farm(workers=2)

    def job(name: str) -> RenderJob:
        return RenderJob(S06, QUALITIES["l"], DEFAULT_PROJECT.scene_path(S06), tmp_path / name)

    try:
        whole = render_on_farm(farm, job("whole"), DEFAULT_PROJECT, tmp_path / "whole.log")
        whole_frames, whole_clips = _frames(whole.video), _clips(DECK)
        assert whole.subtitles is not None
        whole_srt = whole.subtitles.read_bytes()
        played = (tmp_path / "whole.log").read_text().count("Animation ")
        ranges = plan_ranges(played, 2)
        assert len(ranges) == 2
        given = render_ranges(farm, job("split"), DEFAULT_PROJECT, tmp_path / "split.log", ranges)
        assert sorted(given) == list(range(played))  # every animation drawn by a range
        joined = render_on_farm(farm, job("split"), DEFAULT_PROJECT, tmp_path / "split.log",
                                given=given)
    finally:
        farm.close()
    assert "Animation " not in (tmp_path / "split.log").read_text()  # the join drew nothing
    assert _frames(joined.video) == whole_frames
    assert joined.subtitles is not None and joined.subtitles.read_bytes() == whole_srt
    assert _clips(DECK) == whole_clips
