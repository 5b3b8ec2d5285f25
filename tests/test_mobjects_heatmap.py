"""BandedHeatmap: every grid cell is painted once, in the band its value falls in."""

from __future__ import annotations

import numpy as np
import pytest
from manim import Axes

from entropy_explorer.mobjects import BandedHeatmap
from entropy_explorer.mobjects.heatmap import band_colors, shade_levels


def _axes() -> Axes:
    return Axes(x_range=[-0.5, 3.5, 1], y_range=[-0.5, 1.5, 1], x_length=4, y_length=2, tips=False)


def test_shade_levels_of_a_geometric_ramp_are_even_bands() -> None:
    logs = np.array([0.0, 0.3, 0.6, 0.9, 1.0])  # inside bands 0 to 3 of four; the top is 3
    assert shade_levels(np.exp(logs), 4, gamma=1.0).tolist() == [0, 1, 2, 3, 3]
    assert shade_levels(logs, 4, log=False, gamma=1.0).tolist() == [0, 1, 2, 3, 3]
    # gamma 0.5 gives the low end more bands: sqrt(0.3) * 4 = 2.19
    assert shade_levels(logs, 4, log=False, gamma=0.5).tolist() == [0, 2, 3, 3, 3]
    assert shade_levels(np.full(3, 2.0), 4).tolist() == [0, 0, 0]  # a flat grid is one band


def test_band_colors_run_from_low_through_mid_to_high() -> None:
    cols = [c.to_rgb() for c in band_colors("#000000", "#FF0000", "#FFFFFF", 2)]
    # band 0 sits at t = 1/4: low -> mid at 0.15 + 1.7 t = 0.575; band 1 at t = 3/4: mid ->
    # high at 2 t - 1 = 0.5
    assert np.allclose(cols, [(0.575, 0, 0), (1, 0.5, 0.5)], atol=1 / 255)


def test_every_cell_is_painted_once_in_its_band() -> None:
    axes = _axes()
    xs, ys = np.arange(4.0), np.arange(2.0)
    values = np.array([[1.0, 1.0, 10.0, 100.0], [100.0, 10.0, 10.0, 1.0]])
    heat = BandedHeatmap(axes, xs, ys, values, levels=3, gamma=1.0)
    assert len(heat.submobjects) == 3  # one mobject per band present
    unit = axes.c2p(1, 1) - axes.c2p(0, 0)
    cell = abs(unit[0] * unit[1])
    expected = shade_levels(values, 3, gamma=1.0)
    for level, band in enumerate(heat.submobjects):
        # each merged run of cells in a row is one closed rectangle
        area = sum(np.ptp(sub[:, 0]) * np.ptp(sub[:, 1]) for sub in band.get_subpaths())
        assert area == pytest.approx(cell * np.sum(expected == level))
    # bands 0 0 1 2 in row 0 and 2 1 1 0 in row 1: three runs each
    assert sum(len(b.get_subpaths()) for b in heat.submobjects) == 6


def test_a_grid_of_the_wrong_shape_is_refused() -> None:
    with pytest.raises(ValueError, match="shape"):
        BandedHeatmap(_axes(), np.arange(4.0), np.arange(2.0), np.ones((4, 2)))
