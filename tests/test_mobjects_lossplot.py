"""LossPlot and StepCurve: points land where the axes put the values, up to the step asked."""

from __future__ import annotations

import numpy as np
import pytest

from entropy_explorer.mobjects.lossplot import LossPlot


def test_curve_passes_through_each_step_up_to_upto() -> None:
    plot = LossPlot(10, 4, x_step=5, y_step=1, width=5, height=2)
    values = np.array([3.0, 2.0, 1.5, 1.2, 1.1, 1.0])
    curve = plot.curve(values, upto=2.5)
    anchors = np.asarray(curve.get_anchors())
    for step in range(3):
        target = plot.axes.c2p(step, values[step])
        assert np.min(np.linalg.norm(anchors - target, axis=1)) < 1e-9
    # The tip sits half-way between steps 2 and 3, on the straight line between them.
    assert anchors[-1] == pytest.approx(plot.axes.c2p(2.5, 1.35))
    # Nothing beyond the tip is drawn.
    assert anchors[:, 0].max() == pytest.approx(plot.axes.c2p(2.5, 0)[0])


def test_tip_value_and_clipping() -> None:
    plot = LossPlot(10, 4, x_step=5, y_step=1, width=5, height=2)
    curve = plot.curve([9.0, 1.0, 0.5])  # 9 is above the top: drawn at the top
    assert np.asarray(curve.get_anchors())[0] == pytest.approx(plot.axes.c2p(0, 4))
    curve.set_values([9.0, 1.0, 0.5], upto=1.5, tip=0.9)  # an exact value at the tip
    assert np.asarray(curve.get_anchors())[-1] == pytest.approx(plot.axes.c2p(1.5, 0.9))
    curve.set_values([2.0, 1.0], upto=0)  # a single point still draws
    assert len(curve.get_anchors()) >= 2
    with pytest.raises(ValueError):
        curve.set_values([])


def test_level_spans_the_plot_and_ticks_are_listed() -> None:
    plot = LossPlot(250, 5, x_step=50, y_step=1)
    line = plot.level(1.85, "#FFFFFF")
    assert line.get_start() == pytest.approx(plot.axes.c2p(0, 1.85))
    assert line.get_end() == pytest.approx(plot.axes.c2p(250, 1.85))
    assert plot.tick_texts() == ["50", "100", "150", "200", "250", "1", "2", "3", "4", "5"]
    with pytest.raises(ValueError):
        LossPlot(0, 5, x_step=1, y_step=1)
