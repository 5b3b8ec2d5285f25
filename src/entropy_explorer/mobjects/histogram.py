"""A histogram on fixed bins whose counts can change (e.g. as more samples arrive)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import DOWN, Line, NumberLine, Rectangle, VGroup
from numpy.typing import ArrayLike

from entropy_explorer.theme import FONT_SIZE, MUTED_COLOR, TEXT_COLOR

__all__ = ["Histogram"]


class Histogram(VGroup):
    """Bars over fixed bin edges on a number line; heights follow ``set_counts``.

    Parameters
    ----------
    edges
        Bin edges (increasing); one bar per bin.
    max_count
        The count drawn at full ``height`` (fix it to the final maximum so the bars grow
        instead of rescaling).
    x_range
        The number line's ``(min, max)``; defaults to the outer edges.
    x_ticks
        Numbered ticks (the scene declares them as constants).
    width, height
        Size in scene units.
    color
        Bar fill colour.

    ``number_line`` maps values to points (``n2p``); ``bars`` are the rectangles.
    """

    def __init__(
        self,
        edges: ArrayLike,
        *,
        max_count: float,
        x_range: tuple[float, float] | None = None,
        x_ticks: Sequence[float] = (),
        width: float = 5.0,
        height: float = 2.5,
        color: str = TEXT_COLOR,
        font_size: float = FONT_SIZE.SMALL,
    ) -> None:
        super().__init__()
        self.edges = np.asarray(edges, dtype=float)
        if self.edges.ndim != 1 or self.edges.size < 2 or np.any(np.diff(self.edges) <= 0):
            raise ValueError("edges must be an increasing sequence of at least two numbers")
        if max_count <= 0:
            raise ValueError("max_count must be positive")
        lo, hi = x_range if x_range is not None else (self.edges[0], self.edges[-1])
        self.max_count = float(max_count)
        self.bar_height = height
        self.number_line = NumberLine(
            x_range=[lo, hi, 1], length=width, color=MUTED_COLOR, include_ticks=False,
            stroke_width=2,
        )
        if x_ticks:
            self.number_line.add_numbers(list(x_ticks), font_size=font_size, num_decimal_places=0)
            for t in x_ticks:
                p = self.number_line.n2p(t)
                self.number_line.add(Line(p, p + 0.12 * DOWN, color=MUTED_COLOR, stroke_width=2))
        self.bars = VGroup()
        for left, right in zip(self.edges[:-1], self.edges[1:], strict=True):
            w = self.number_line.n2p(right)[0] - self.number_line.n2p(left)[0]
            bar = Rectangle(width=w * 0.92, height=1.0, stroke_width=0, fill_color=color,
                            fill_opacity=0.85)
            self.bars.add(bar)
        self.add(self.number_line, self.bars)
        self.counts = np.zeros(self.edges.size - 1)
        self.set_counts(self.counts)

    def set_counts(self, counts: ArrayLike) -> Histogram:
        """Set the bar heights to ``counts`` (scaled so ``max_count`` is full height)."""
        c = np.asarray(counts, dtype=float)
        if c.shape != self.counts.shape:
            raise ValueError(f"expected {self.counts.size} counts, got {c.shape}")
        for bar, left, right, n in zip(self.bars, self.edges[:-1], self.edges[1:], c, strict=True):
            h = max(self.bar_height * float(n) / self.max_count, 1e-3)
            bottom = self.number_line.n2p((left + right) / 2)
            bar.stretch_to_fit_height(h)
            bar.move_to(bottom, aligned_edge=DOWN)
            bar.set_fill(opacity=0.85 if n > 0 else 0.0)
        self.counts = c
        return self
