"""A value grid drawn as filled shade bands on a pair of axes, like a contour plot."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import Axes, VGroup, VMobject
from manim.utils.color import ManimColor, interpolate_color
from numpy.typing import ArrayLike

__all__ = ["BandedHeatmap", "band_colors", "shade_levels"]


def shade_levels(values: ArrayLike, levels: int, *, log: bool = True,
                 gamma: float = 0.6) -> np.ndarray:
    """The band (0 to ``levels - 1``) of every value: the values (their logs when ``log``)
    scaled to ``[0, 1]``, raised to ``gamma`` (below 1 gives the low end more bands)."""
    v = np.asarray(values, dtype=float)
    shade = np.log(v) if log else v
    span = shade.max() - shade.min()
    shade = (shade - shade.min()) / (span if span > 0 else 1.0)
    return np.minimum((shade**gamma * levels).astype(int), levels - 1)


def band_colors(low: str, mid: str, high: str, levels: int) -> list[ManimColor]:
    """One colour per band: from near ``low`` up to ``mid`` in the lower half, then to
    ``high``."""
    dark, middle, light = ManimColor(low), ManimColor(mid), ManimColor(high)
    out = []
    for level in range(levels):
        t = (level + 0.5) / levels
        out.append(interpolate_color(dark, middle, 0.15 + 1.7 * t) if t < 0.5
                   else interpolate_color(middle, light, 2 * t - 1))
    return out


class BandedHeatmap(VGroup):
    """A grid of values as filled bands, one borderless ``VMobject`` per shade level.

    Parameters
    ----------
    axes
        The axes the grid is drawn on (``axes.c2p`` places each cell).
    xs, ys
        Cell centres along x and y (evenly spaced, increasing).
    values
        The grid (computed by the math module): ``values[i, j]`` at ``(xs[j], ys[i])``.
    levels
        Number of shade bands.
    colors
        ``(low, mid, high)`` colours of the ramp (:func:`band_colors`).
    log, gamma
        How values map to bands (:func:`shade_levels`).

    Neighbouring cells of one band in a row are merged into one rectangle, so the group
    holds at most ``levels`` mobjects however fine the grid.
    """

    def __init__(
        self,
        axes: Axes,
        xs: ArrayLike,
        ys: ArrayLike,
        values: ArrayLike,
        *,
        levels: int = 14,
        colors: Sequence[str] = ("#000000", "#808080", "#FFFFFF"),
        log: bool = True,
        gamma: float = 0.6,
    ) -> None:
        super().__init__()
        xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
        grid = np.asarray(values, dtype=float)
        if grid.shape != (ys.size, xs.size):
            raise ValueError(f"values must have shape ({ys.size}, {xs.size}), got {grid.shape}")
        bands = shade_levels(grid, levels, log=log, gamma=gamma)
        low, mid, high = colors
        dx, dy = (xs[1] - xs[0]) / 2, (ys[1] - ys[0]) / 2
        for level, color in enumerate(band_colors(low, mid, high, levels)):
            band = VMobject(stroke_width=0, fill_color=color, fill_opacity=1)
            for i, y in enumerate(ys):
                row = bands[i] == level
                j = 0
                while j < len(xs):
                    if not row[j]:
                        j += 1
                        continue
                    k = j
                    while k + 1 < len(xs) and row[k + 1]:
                        k += 1
                    x0, x1 = xs[j] - dx, xs[k] + dx
                    corners = [axes.c2p(x0, y - dy), axes.c2p(x1, y - dy), axes.c2p(x1, y + dy),
                               axes.c2p(x0, y + dy)]
                    band.start_new_path(corners[0])
                    band.add_points_as_corners([*corners[1:], corners[0]])
                    j = k + 1
            if band.has_points():
                self.add(band)
