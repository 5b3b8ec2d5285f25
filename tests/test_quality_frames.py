"""Reference-frame comparisons (Manim's ``frames_comparison``) against committed data.

The control data lives in ``tests/control_data/quality_frames/`` (one small ``.npz`` per
test). After a deliberate visual change, refresh it with::

    .venv/bin/pytest tests/test_quality_frames.py --set_test

then look at the new frames (``--show_diff`` shows a failing frame beside its reference)
and commit them. Last-frame tests render at 854x480, few-frame tests at 427x240, 6 fps.

Pixels depend on what draws them: the cairo library (the system's), pycairo and Manim (both
pinned by the lock file). The references record all three (``environment.json``). In that
environment, the one ``make setup`` installs from the lock file on this project's machines,
the comparisons run and can fail. In CI (``CI`` set) another environment fails too, naming
both, since CI installs from the lock; elsewhere (an environment of one's own) the tests
skip with the same message. (Manim itself skips below cairo 1.18 because its own references
were drawn with 1.18; ours were drawn here, so that floor is lifted.)
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import cairo
import numpy as np
import pytest
from manim import DOWN, LEFT, RIGHT, ValueTracker, VGroup
from manim.utils.testing import frames_comparison as fc
from manim.utils.testing.frames_comparison import frames_comparison

from entropy_explorer.examples import MOVIE_REVIEW_P, MOVIE_REVIEW_Q, WORKED_EXAMPLE
from entropy_explorer.infotheory import cross_entropy, kl_divergence
from entropy_explorer.mobjects.bars import DistributionBars
from entropy_explorer.mobjects.readout import Readout
from entropy_explorer.quality.runner import MEDIA_DIR, load_scene_class
from entropy_explorer.theme import BACKGROUND, CROSS_ENTROPY_COLOR, KL_COLOR, P_COLOR, Q_COLOR

__module_test__ = "quality_frames"

#: Reuse the project's TeX/text cache (frames_comparison would compile into a temp dir).
CACHE = {
    "tex_dir": str(MEDIA_DIR / "Tex"),
    "text_dir": str(MEDIA_DIR / "texts"),
    "background_color": BACKGROUND,
    "no_latex_cleanup": True,  # the cache is shared with parallel runs (see runner.py)
}

InformationScene = load_scene_class("01")

CONTROL_DIR = Path(__file__).parent / "control_data" / __module_test__
ENVIRONMENT = CONTROL_DIR / "environment.json"


def _environment() -> dict[str, str]:
    return {"cairo": cairo.cairo_version_string(), "pycairo": cairo.version,
            "manim": version("manim")}


@pytest.fixture(autouse=True)
def _same_drawing_library(request: pytest.FixtureRequest,
                          monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(fc, "MIN_CAIRO_VERSION", 0)
    if request.config.getoption("--set_test"):
        CONTROL_DIR.mkdir(parents=True, exist_ok=True)
        ENVIRONMENT.write_text(json.dumps(_environment(), indent=2) + "\n", encoding="utf-8")
    elif ENVIRONMENT.exists():
        made_with = json.loads(ENVIRONMENT.read_text(encoding="utf-8"))
        if made_with != _environment():
            message = (f"reference frames were drawn with {made_with}, this machine has "
                       f"{_environment()}; install from the lock file (make setup) or refresh "
                       "them with --set_test")
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
    yield


@frames_comparison(last_frame=True, **CACHE)
def test_movie_bars_p_and_q(scene) -> None:  # type: ignore[no-untyped-def]
    # Bars wide enough for their word labels (at the default width of 0.8 they overlap).
    p = DistributionBars(MOVIE_REVIEW_P.outcomes, MOVIE_REVIEW_P.probs, color=P_COLOR,
                         bar_width=1.3)
    q = DistributionBars(MOVIE_REVIEW_Q.outcomes, MOVIE_REVIEW_Q.probs, color=Q_COLOR,
                         bar_width=1.3)
    scene.add(VGroup(p, q).arrange(RIGHT, buff=1.0, aligned_edge=DOWN))


@frames_comparison(last_frame=True, **CACHE)
def test_readouts_finite_and_infinite(scene) -> None:  # type: ignore[no-untyped-def]
    worked_p, worked_q = (d.probs for d in WORKED_EXAMPLE)
    finite = Readout(r"H(P,Q) =", lambda: cross_entropy(MOVIE_REVIEW_P.probs, MOVIE_REVIEW_Q.probs),
                     unit="bits", color=CROSS_ENTROPY_COLOR)
    infinite = Readout(r"D(P\|Q) =", lambda: kl_divergence(worked_p, worked_q),
                       unit="bits", color=KL_COLOR)
    scene.add(VGroup(finite, infinite).arrange(DOWN, aligned_edge=LEFT, buff=0.6))


@frames_comparison(last_frame=False, **CACHE)
def test_bars_morph_from_p_to_q(scene) -> None:  # type: ignore[no-untyped-def]
    bars = DistributionBars(MOVIE_REVIEW_P.outcomes, MOVIE_REVIEW_P.probs, color=P_COLOR,
                            bar_width=1.3)
    scene.add(bars.shift(DOWN * 0.9 + LEFT * 0.2))
    # Driven by a tracker through an updater: every frame shows real values (with
    # ``bars.animate.set_values`` the value labels' digits morph into garbage mid-way).
    t = ValueTracker(0.0)
    p, q = np.asarray(MOVIE_REVIEW_P.probs), np.asarray(MOVIE_REVIEW_Q.probs)
    bars.add_updater(lambda b: b.set_values((1 - t.get_value()) * p + t.get_value() * q))
    scene.play(t.animate.set_value(1.0), run_time=1)


@frames_comparison(last_frame=True, base_scene=InformationScene, **CACHE)
def test_information_scene_last_frame(scene) -> None:  # type: ignore[no-untyped-def]
    InformationScene.construct(scene)
