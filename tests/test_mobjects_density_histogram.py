"""DensityPanel and Histogram: geometry follows the values they are given."""

from __future__ import annotations

import numpy as np
import pytest

from entropy_explorer.mobjects import DensityPanel
from entropy_explorer.mobjects.histogram import Histogram


def test_density_panel_points_follow_values() -> None:
    xs = np.linspace(-3, 3, 7)
    teacher = np.full(7, 0.2)
    panel = DensityPanel(xs, teacher, width=6, height=2, y_max=0.4)
    student = np.array([0.0, 0.1, 0.2, 0.3, 0.2, 0.1, 0.9])  # the last is clipped to y_max
    panel.set_student(student)
    pts = np.asarray(panel.student_curve.get_anchors())
    expected = [panel.axes.c2p(x, min(y, 0.4)) for x, y in zip(xs, student, strict=True)]
    for e in expected:
        assert np.min(np.linalg.norm(pts - e, axis=1)) < 1e-9
    heights = pts[:, 1] - panel.axes.c2p(0, 0)[1]
    assert heights.max() == pytest.approx(2.0)  # clipped value sits at the top
    with pytest.raises(ValueError):
        panel.set_student(np.zeros(5))


def test_histogram_heights_are_proportional_to_counts() -> None:
    hist = Histogram(np.linspace(0, 1, 5), max_count=10, width=4, height=2)
    hist.set_counts([0, 5, 10, 2])
    heights = [bar.height for bar in hist.bars]
    assert heights[1] == pytest.approx(1.0) and heights[2] == pytest.approx(2.0)
    assert heights[3] == pytest.approx(0.4)
    assert hist.bars[0].get_fill_opacity() == 0  # empty bins are invisible
    base = hist.number_line.n2p(0)[1]
    assert all(bar.get_bottom()[1] == pytest.approx(base) for bar in hist.bars)
    with pytest.raises(ValueError):
        hist.set_counts([1, 2])
    with pytest.raises(ValueError):
        Histogram([0, 0.5, 0.4], max_count=1)
