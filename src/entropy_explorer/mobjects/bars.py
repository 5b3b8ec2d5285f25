"""Bars of a discrete distribution, with outcome labels and optional value labels."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import DOWN, UP, Line, Rectangle, Text, VGroup

from entropy_explorer.mobjects.live_decimal import LiveDecimal
from entropy_explorer.numbers import format_value
from entropy_explorer.theme import FONT, FONT_SIZE, MUTED_COLOR, TEXT_COLOR

__all__ = ["DistributionBars"]


class DistributionBars(VGroup):
    """A bar chart of probabilities, one bar per outcome, on a shared baseline.

    Parameters
    ----------
    outcomes
        Outcome labels shown under the bars.
    probs
        Initial probabilities (heights are ``prob * max_height`` for ``prob`` in [0, 1]).
    color
        Bar fill colour (use ``theme.P_COLOR`` or ``theme.Q_COLOR``).
    max_height, bar_width, spacing
        Geometry in scene units; a probability of 1 is ``max_height`` tall.
    show_values
        Put each probability above its bar (``decimals`` places).
    show_labels
        Put the outcome labels under the bars (off for a bare chart, e.g. the cover).
    font_size
        Size of the outcome and value labels (the default is the smallest legible on a
        phone; a value too small to read there is better said than shown).

    ``set_values(probs)`` changes the heights in place and works with ``.animate``.
    ``bars``, ``labels`` and ``values`` are the parts, in outcome order.
    """

    def __init__(
        self,
        outcomes: Sequence[str],
        probs: Sequence[float],
        *,
        color: str = TEXT_COLOR,
        max_height: float = 3.0,
        bar_width: float = 0.8,
        spacing: float = 0.35,
        show_values: bool = True,
        show_labels: bool = True,
        decimals: int = 2,
        font_size: float = FONT_SIZE.LABEL,
    ) -> None:
        super().__init__()
        if len(outcomes) != len(probs):
            raise ValueError(f"{len(outcomes)} outcomes but {len(probs)} probabilities")
        self.max_height = max_height
        self.bar_width = bar_width
        self.decimals = decimals
        self.show_values = show_values
        n = len(outcomes)
        width = n * bar_width + (n - 1) * spacing
        xs = np.linspace(-width / 2 + bar_width / 2, width / 2 - bar_width / 2, n) if n > 1 else [0.0]
        self.baseline = Line([-width / 2 - 0.2, 0, 0], [width / 2 + 0.2, 0, 0], color=MUTED_COLOR, stroke_width=2)
        self.bars = VGroup()
        self.labels = VGroup()
        self.values = VGroup()
        for x, name in zip(xs, outcomes, strict=True):
            bar = Rectangle(width=bar_width, height=1.0, stroke_width=0, fill_color=color, fill_opacity=0.85)
            bar.move_to([x, 0.5, 0])
            self.bars.add(bar)
            label = Text(name, font=FONT, font_size=font_size, color=TEXT_COLOR)
            label.next_to([x, 0, 0], DOWN, buff=0.2)
            self.labels.add(label)
            value = LiveDecimal(0, num_decimal_places=decimals, font_size=font_size,
                                color=color)
            self.values.add(value)
        self.add(self.baseline, self.bars)
        if show_labels:
            self.add(self.labels)
        if show_values:
            self.add(self.values)
        self.probs = np.zeros(n)
        self.set_values(probs)

    def set_values(self, probs: Sequence[float]) -> DistributionBars:
        """Set the bar heights (and value labels) to ``probs``."""
        probs = np.asarray(probs, dtype=float)
        if probs.shape != self.probs.shape:
            raise ValueError(f"expected {self.probs.shape[0]} probabilities, got {probs.shape}")
        base_y = self.baseline.get_center()[1]
        for bar, value, p in zip(self.bars, self.values, probs, strict=True):
            h = max(float(p) * self.max_height, 1e-3)
            bottom = [bar.get_center()[0], base_y, 0]
            bar.stretch_to_fit_height(h)
            bar.move_to(bottom, aligned_edge=DOWN)
            if self.show_values:
                if format_value(float(p), self.decimals) != value.text:
                    value.set_value(float(p))  # rebuild the digits only when the text changes
                value.next_to(bar, UP, buff=0.1)
        self.probs = probs
        return self

    def value_texts(self) -> list[str]:
        """The value labels as shown (for the numbers manifest)."""
        return [format_value(float(p), self.decimals) for p in self.probs]
