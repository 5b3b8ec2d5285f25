"""Signed bars: one bar per outcome from a zero line, up or down, infinity drawn honestly."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from manim import DOWN, UP, Arrow, Line, MathTex, Rectangle, Text, VGroup

from entropy_explorer.numbers import format_value
from entropy_explorer.theme import FONT, FONT_SIZE, MUTED_COLOR, TEXT_COLOR

__all__ = ["SignedBars"]

#: Length of the arrow that carries a bar past the chart's edge, in scene units.
ARROW_LENGTH = 0.55


class SignedBars(VGroup):
    """A bar chart of signed values (KL terms, gradients), one bar per outcome.

    Positive values rise from the zero line, negative ones hang below it. A value beyond
    the chart (above ``top`` or below ``bottom``, including ``±inf``) is drawn to the edge
    and continued by an arrow pointing off the chart; its label shows the true value
    (``∞`` for infinity). The zero line spans the chart; outcome labels sit under the
    lowest point the initial values reach (a hanging bar, its arrow or its value label, and
    at least ``bottom``), so a negative bar never covers them.

    Parameters
    ----------
    outcomes
        Outcome labels shown under the bars.
    values
        Initial values.
    color
        Bar colour, or one colour per outcome.
    scale
        Scene units per unit of value.
    top, bottom
        The largest and the most negative value drawn to scale (``bottom <= 0 <= top``).
    bar_width, spacing
        Geometry in scene units.
    decimals
        Decimal places of the value labels, or one count per outcome.
    show_values
        Put each value beyond its bar's end.

    ``set_values(values)`` redraws in place. ``bars``, ``arrows`` (an empty group where a
    bar fits), ``values`` and ``labels`` are the parts, in outcome order; ``part(i)`` groups
    bar ``i`` with its arrow and value; ``grow_edge(i)`` is the edge bar ``i`` grows from;
    ``headroom()`` is the height the chart uses above its zero line (to place a title).
    """

    def __init__(
        self,
        outcomes: Sequence[str],
        values: Sequence[float],
        *,
        color: str | Sequence[str] = TEXT_COLOR,
        scale: float = 1.0,
        top: float = 2.0,
        bottom: float = 0.0,
        bar_width: float = 0.6,
        spacing: float = 0.35,
        decimals: int | Sequence[int] = 2,
        show_values: bool = True,
        font_size: float = FONT_SIZE.SMALL,
    ) -> None:
        super().__init__()
        n = len(outcomes)
        if len(values) != n:
            raise ValueError(f"{n} outcomes but {len(values)} values")
        if not (scale > 0 and math.isfinite(scale)):
            raise ValueError(f"scale must be a positive number, got {scale!r}")
        if not (bottom <= 0 <= top) or not (math.isfinite(top) and math.isfinite(bottom)):
            raise ValueError(f"need finite bottom <= 0 <= top, got bottom={bottom!r}, top={top!r}")
        self.colors = [color] * n if isinstance(color, str) else list(color)
        self.decimals = [decimals] * n if isinstance(decimals, int) else list(decimals)
        if len(self.colors) != n or len(self.decimals) != n:
            raise ValueError(f"give one colour and one decimals count per outcome ({n})")
        self.scale_ = float(scale)
        self.top, self.bottom = float(top), float(bottom)
        self.show_values = show_values
        self.font_size = font_size
        width = n * bar_width + (n - 1) * spacing
        self.xs = np.linspace(-width / 2 + bar_width / 2, width / 2 - bar_width / 2, n) \
            if n > 1 else np.zeros(1)
        self.bar_width = bar_width
        self.baseline = Line([-width / 2 - 0.2, 0, 0], [width / 2 + 0.2, 0, 0],
                             color=MUTED_COLOR, stroke_width=2)
        self.labels = VGroup(*(
            Text(name, font=FONT, font_size=font_size, color=TEXT_COLOR) for name in outcomes))
        self.bars = VGroup()
        self.arrows = VGroup()
        self.values = VGroup()
        self.add(self.baseline, self.bars, self.arrows, self.labels, self.values)
        self.data = np.zeros(n)
        self.set_values(values)
        # Labels under the lowest point of the initial chart (a hanging bar, its arrow or its
        # value), and never above the chart's bottom; set_values does not move them.
        drawn = [float(m.get_bottom()[1]) for m in (*self.bars, *self.arrows, *self.values)
                 if len(m.get_all_points())]
        low = min([self.bottom * self.scale_, *drawn])
        for x, label in zip(self.xs, self.labels, strict=True):
            label.next_to([x, low, 0], DOWN, buff=0.2)

    def set_values(self, values: Sequence[float]) -> SignedBars:
        """Set the values: bars, arrows past the edge and value labels."""
        v = np.asarray(values, dtype=float)
        if v.shape != self.data.shape:
            raise ValueError(f"expected {self.data.shape[0]} values, got {v.shape}")
        if np.isnan(v).any():
            raise ValueError("refusing to draw NaN")
        origin = self.baseline.get_center()
        bars, arrows, labels = VGroup(), VGroup(), VGroup()
        for i, (x, value) in enumerate(zip(self.xs, v, strict=True)):
            drawn = min(max(value, self.bottom), self.top)
            h = drawn * self.scale_
            bar = Rectangle(width=self.bar_width, height=max(abs(h), 1e-3), stroke_width=0,
                            fill_color=self.colors[i], fill_opacity=0.85)
            base = origin + np.array([x, 0.0, 0.0])
            bar.move_to(base, aligned_edge=DOWN if h >= 0 else UP)
            bars.add(bar)
            end = bar.get_top() if h >= 0 else bar.get_bottom()
            direction = UP if value >= 0 else DOWN
            arrow = VGroup()
            if value > self.top or value < self.bottom:
                arrow = Arrow(end, end + direction * ARROW_LENGTH, buff=0, color=self.colors[i],
                              stroke_width=5, max_tip_length_to_length_ratio=0.45)
                end = end + direction * ARROW_LENGTH
            arrows.add(arrow)
            text = format_value(float(value), self.decimals[i])
            tex = r"\infty" if text == "∞" else (r"-\infty" if text == "-∞" else text)
            label = MathTex(tex, font_size=self.font_size, color=self.colors[i])
            label.next_to(end, direction, buff=0.12)
            labels.add(label)
        for group, parts in ((self.bars, bars), (self.arrows, arrows), (self.values, labels)):
            group.remove(*group.submobjects)
            group.add(*parts.submobjects)
        if not self.show_values:
            self.values.set_opacity(0)
        self.data = v
        return self

    def headroom(self) -> float:
        """How far above the zero line the bars, arrows and value labels reach (>= 0)."""
        base = float(self.baseline.get_center()[1])
        tops = [float(m.get_top()[1]) for m in (*self.bars, *self.arrows, *self.values)
                if len(m.get_all_points())]
        return max(tops, default=base) - base if max(tops, default=base) > base else 0.0

    def value_texts(self) -> list[str]:
        """The value labels as shown (``format_value``: ``"∞"``), for the numbers manifest."""
        return [format_value(float(x), d) for x, d in zip(self.data, self.decimals, strict=True)]

    def part(self, i: int) -> VGroup:
        """Bar ``i`` with its arrow and value label (to reveal one term at a time)."""
        return VGroup(self.bars[i], self.arrows[i], self.values[i])

    def grow_edge(self, i: int) -> np.ndarray:
        """The edge bar ``i`` grows from: its bottom if it rises, its top if it hangs."""
        return DOWN if self.data[i] >= 0 else UP
