"""AdvantageBars: bars grow up or down from the zero line as the values say."""

from __future__ import annotations

import pytest

pytest.importorskip("manim")

from entropy_explorer.mobjects.advantage_bars import AdvantageBars  # noqa: E402


def test_signed_bars_grow_up_or_down_from_zero() -> None:
    bars = AdvantageBars(["A", "B", "C"], [1.0, -2.0, 0.5], value_range=(-4, 4), height=2.0)
    zero = bars.zero_line.get_center()[1]
    heights = [bar.height for bar in bars.bars]
    assert heights == pytest.approx([0.25, 0.5, 0.125])
    assert bars.bars[0].get_bottom()[1] == pytest.approx(zero)
    assert bars.bars[1].get_top()[1] == pytest.approx(zero)
    assert bars.values[1].get_top()[1] < bars.bars[1].get_bottom()[1]  # label under a negative bar
    bars.set_values([9.0, 0.0, -1.0])  # 9 is drawn clipped to the top of the range
    assert bars.bars[0].height == pytest.approx(1.0)
    assert bars.value_texts() == ["9.00", "0.00", "-1.00"]
    # The outcome labels sit below the lowest point a bar can reach.
    assert all(lab.get_top()[1] < zero - 1.0 for lab in bars.labels)
    with pytest.raises(ValueError):
        bars.set_values([1.0])
    with pytest.raises(ValueError, match="contain 0"):
        AdvantageBars(["A"], [1.0], value_range=(1, 2))
