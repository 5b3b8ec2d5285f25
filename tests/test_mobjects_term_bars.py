"""TermBars: signed heights follow the values; infinities and long bars are clipped."""

from __future__ import annotations

import math

import numpy as np
import pytest
from manim import DecimalNumber, MathTex

from entropy_explorer.mobjects.term_bars import TermBars


def test_heights_are_signed_and_proportional() -> None:
    chart = TermBars(["A", "B", "C"], [0.5, -0.25, 0.0], scale=2.0, max_up=3.0, max_down=1.0)
    zero = chart.zero_line.get_center()[1]
    a, b, _ = chart.bars
    assert a.height == pytest.approx(1.0) and a.get_bottom()[1] == pytest.approx(zero)
    assert b.height == pytest.approx(0.5) and b.get_top()[1] == pytest.approx(zero)
    # value labels sit beyond the bar's end: above a positive bar, below a negative one
    assert chart.values[0].get_bottom()[1] > a.get_top()[1]
    assert chart.values[1].get_top()[1] < b.get_bottom()[1]
    assert chart.value_texts() == ["0.50", "-0.25", "0.00"]
    # outcome labels lie below the deepest bar the chart can draw
    assert chart.labels.get_top()[1] < zero - chart.max_down


def test_infinite_and_too_long_terms_are_clipped_with_a_tip() -> None:
    chart = TermBars(["A", "B", "C"], [math.inf, 5.0, -5.0], scale=1.0, max_up=2.0, max_down=1.0)
    zero = chart.zero_line.get_center()[1]
    assert chart.bars[0].get_top()[1] == pytest.approx(zero + 2.0)
    assert chart.bars[1].get_top()[1] == pytest.approx(zero + 2.0)
    assert chart.bars[2].get_bottom()[1] == pytest.approx(zero - 1.0)
    assert all(t.get_fill_opacity() == 1.0 for t in chart.tips)
    assert isinstance(chart.values[0][0], MathTex)
    assert chart.value_texts()[0] == "∞"
    # the downward tip points down: its lowest vertex is below the bar
    assert chart.tips[2].get_bottom()[1] < chart.bars[2].get_bottom()[1] - 1e-6
    chart.set_values([0.1, 0.2, 0.3])  # back to finite: no tips, numbers again
    assert all(t.get_fill_opacity() == 0.0 for t in chart.tips)
    assert isinstance(chart.values[0][0], DecimalNumber)
    assert chart.bars[2].get_bottom()[1] == pytest.approx(zero)


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="outcomes"):
        TermBars(["A"], [0.1, 0.2])
    chart = TermBars(["A", "B"], [0.1, 0.2])
    with pytest.raises(ValueError, match="expected 2"):
        chart.set_values([0.1])
    with pytest.raises(ValueError, match="NaN"):
        chart.set_values(np.array([np.nan, 0.0]))
