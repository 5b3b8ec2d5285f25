"""SignedBars: geometry follows the values; values past the chart get an arrow."""

from __future__ import annotations

import math

import numpy as np
import pytest

from entropy_explorer.mobjects.signed_bars import ARROW_LENGTH, SignedBars


def test_heights_signs_and_arrows() -> None:
    chart = SignedBars(["A", "B", "C", "D"], [0.5, -0.25, math.inf, 0.0], scale=2.0, top=1.0,
                       bottom=-0.5, decimals=[2, 2, 2, 0])
    low = SignedBars(["A", "B"], [-0.25, -math.inf], scale=2.0, bottom=-0.5)
    zero_low = low.baseline.get_center()[1]
    # with a value below the chart, the labels also clear its arrow
    assert max(lab.get_top()[1] for lab in low.labels) < zero_low - 0.5 * 2.0 - ARROW_LENGTH
    assert low.value_texts() == ["-0.25", "-∞"]
    zero = chart.baseline.get_center()[1]
    a, b, c, d = chart.bars
    assert a.height == pytest.approx(1.0) and a.get_bottom()[1] == pytest.approx(zero)
    assert b.height == pytest.approx(0.5) and b.get_top()[1] == pytest.approx(zero)
    # infinity: drawn to the top of the chart, then an arrow of fixed length off it
    assert c.height == pytest.approx(2.0)
    assert len(chart.arrows[2].get_all_points()) > 0
    assert chart.arrows[2].get_top()[1] == pytest.approx(zero + 2.0 + ARROW_LENGTH)
    assert all(len(chart.arrows[i].get_all_points()) == 0 for i in (0, 1, 3))
    assert chart.value_texts() == ["0.50", "-0.25", "∞", "0"]
    assert chart.headroom() == pytest.approx(chart.values[2].get_top()[1] - zero)
    assert chart.headroom() > 2.0 + ARROW_LENGTH
    assert [v.tex_string for v in chart.values] == ["0.50", "-0.25", r"\infty", "0"]
    # labels sit under the chart's bottom and under every hanging bar's value label
    assert max(lab.get_top()[1] for lab in chart.labels) < zero - 0.5 * 2.0
    assert max(lab.get_top()[1] for lab in chart.labels) < chart.values[1].get_bottom()[1]
    assert list(chart.grow_edge(1)) == [0, 1, 0] and list(chart.grow_edge(0)) == [0, -1, 0]


def test_set_values_redraws_and_checks() -> None:
    chart = SignedBars(["A", "B"], [0.1, 0.2], scale=1.0, top=1.0, bottom=-1.0)
    chart.set_values([-3.0, 0.4])
    assert chart.bars[0].height == pytest.approx(1.0)
    assert chart.arrows[0].get_bottom()[1] == pytest.approx(-1.0 - ARROW_LENGTH)
    assert chart.bars[1].height == pytest.approx(0.4)
    assert np.array_equal(chart.data, [-3.0, 0.4])
    assert len(chart.part(0)) == 3
    with pytest.raises(ValueError, match="expected 2"):
        chart.set_values([1.0])
    with pytest.raises(ValueError, match="NaN"):
        chart.set_values([math.nan, 0.0])
    with pytest.raises(ValueError, match="bottom <= 0 <= top"):
        SignedBars(["A"], [0.0], top=-1.0)
    with pytest.raises(ValueError, match="one colour"):
        SignedBars(["A", "B"], [0.0, 0.0], color=["#FFFFFF"])
