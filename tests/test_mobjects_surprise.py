"""SurpriseCurve: the drawn curve is -log_b p, and its parts sit where scenes expect."""

from __future__ import annotations

import math

import numpy as np
import pytest

pytest.importorskip("manim")

from entropy_explorer.mobjects.surprise import SurpriseCurve, curve_samples  # noqa: E402


def _curve_coords(sc: SurpriseCurve) -> np.ndarray:
    anchors = sc.curve.get_anchors()
    return np.array([sc.axes.p2c(a) for a in anchors])


@pytest.mark.parametrize(("p_min", "base"), [(0.001, 2), (0.01, 2), (0.001, math.e)])
def test_curve_follows_minus_log(p_min: float, base: float) -> None:
    sc = SurpriseCurve(p_min=p_min, base=base)
    coords = _curve_coords(sc)
    ps, ys = coords[:, 0], coords[:, 1]
    # Independent reference: numpy's log, not the math module the curve is built from.
    np.testing.assert_allclose(ys, -np.log(ps) / np.log(base), rtol=1e-6, atol=1e-6)
    assert ps.min() == pytest.approx(p_min, rel=1e-6)
    assert ps.max() == pytest.approx(1.0)


def test_axis_tops_out_at_first_tick_above_rarest_event() -> None:
    assert SurpriseCurve(p_min=0.001).y_max == 10  # -log2(0.001) = 9.97
    assert SurpriseCurve(p_min=1 / 1024).y_max == 10  # exactly 10 bits: no extra tick
    assert SurpriseCurve(p_min=0.001, base=math.e).y_max == 8  # 6.91 nats
    assert SurpriseCurve(p_min=0.01, y_step=1).y_max == 7  # 6.64 bits


def test_tick_texts_match_the_numbers_drawn() -> None:
    sc = SurpriseCurve(p_min=0.001)
    drawn = [f"{n.get_value():.2f}" for n in sc.axes.x_axis.numbers]
    drawn += [f"{n.get_value():.0f}" for n in sc.axes.y_axis.numbers]
    assert set(drawn) <= set(sc.tick_texts)


def test_samples_are_sorted_and_dense_near_the_steep_end() -> None:
    ps = curve_samples(0.001)
    assert np.all(np.diff(ps) > 0)
    assert ps[0] == pytest.approx(0.001) and ps[-1] == pytest.approx(1.0)
    assert np.sum(ps < 0.05) > np.sum(ps > 0.5)


def test_markers_and_guides_land_on_the_curve() -> None:
    sc = SurpriseCurve(p_min=0.001)
    for p in (1.0, 0.5, 0.125, 0.001):
        x, y = sc.axes.p2c(sc.marker(p).get_center())
        assert x == pytest.approx(p, abs=1e-9)
        assert y == pytest.approx(-math.log2(p), abs=1e-9)
        guide = sc.guide(p)
        assert sc.axes.p2c(guide.get_start())[1] == pytest.approx(0, abs=1e-6)
        assert sc.axes.p2c(guide.get_end())[1] == pytest.approx(-math.log2(p), abs=1e-6)


def test_rejects_probability_outside_open_interval() -> None:
    with pytest.raises(ValueError):
        SurpriseCurve(p_min=0.0)
    with pytest.raises(ValueError):
        SurpriseCurve(p_min=1.0)
