"""Signed bars of per-outcome terms (a KL's ``P(x) log P(x)/Q(x)``), infinite ones clipped."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from manim import DOWN, UP, DecimalNumber, Line, MathTex, Rectangle, Text, Triangle, VGroup

from entropy_explorer.numbers import format_value
from entropy_explorer.theme import FONT, FONT_SIZE, MUTED_COLOR, TEXT_COLOR

__all__ = ["TermBars"]

#: Gap between a bar's end and its value label, in scene units.
VALUE_BUFF = 0.1


class TermBars(VGroup):
    """One bar per outcome, up from a zero line for a positive term, down for a negative one.

    Parameters
    ----------
    outcomes
        Outcome labels, shown under the chart (below the deepest bar it can draw).
    values
        The terms; ``inf`` draws a bar to ``max_up`` topped by an arrowhead and labelled ``∞``.
    color
        Bar colour (the theme colour of the quantity, e.g. ``FORWARD_KL_COLOR``).
    scale
        Scene units per unit of value (the same for every bar, so heights compare).
    max_up, max_down
        Tallest and deepest bar drawn, in scene units; longer bars are clipped there.
    negative_opacity
        Fill opacity of negative bars (positive ones use 0.85), so terms that lower the
        total read as different at a glance.
    show_values
        Put each term's value beyond the end of its bar (``decimals`` places).

    ``set_values(values)`` changes the bars in place and works with ``.animate``.
    ``bars``, ``labels`` and ``values`` are the parts in outcome order; ``terms`` holds the
    values last set.
    """

    def __init__(
        self,
        outcomes: Sequence[str],
        values: Sequence[float],
        *,
        color: str = TEXT_COLOR,
        scale: float = 1.0,
        max_up: float = 2.0,
        max_down: float = 1.0,
        bar_width: float = 0.6,
        spacing: float = 0.4,
        negative_opacity: float = 0.45,
        show_values: bool = True,
        decimals: int = 2,
        font_size: float = FONT_SIZE.SMALL,
    ) -> None:
        super().__init__()
        if len(outcomes) != len(values):
            raise ValueError(f"{len(outcomes)} outcomes but {len(values)} values")
        if not (scale > 0 and max_up > 0 and max_down >= 0):
            raise ValueError("scale and max_up must be positive and max_down not negative")
        self.scale, self.max_up, self.max_down = float(scale), float(max_up), float(max_down)
        self.color_, self.negative_opacity = color, negative_opacity
        self.decimals, self.font_size, self.show_values = decimals, font_size, show_values
        n = len(outcomes)
        width = n * bar_width + (n - 1) * spacing
        xs = np.linspace(-width / 2 + bar_width / 2, width / 2 - bar_width / 2, n) if n > 1 else [0.0]
        self.zero_line = Line([-width / 2 - 0.2, 0, 0], [width / 2 + 0.2, 0, 0], color=MUTED_COLOR,
                              stroke_width=2)
        self.bars, self.tips, self.labels, self.values = VGroup(), VGroup(), VGroup(), VGroup()
        label_y = -self.max_down - (0.55 if show_values else 0.2)
        for x, name in zip(xs, outcomes, strict=True):
            bar = Rectangle(width=bar_width, height=1.0, stroke_width=0, fill_color=color,
                            fill_opacity=0.85)
            bar.move_to([x, 0.5, 0])
            self.bars.add(bar)
            tip = Triangle(color=color, fill_color=color, fill_opacity=1.0, stroke_width=0)
            tip.scale_to_fit_width(bar_width * 0.8)
            tip.points_up = True
            self.tips.add(tip)
            label = Text(name, font=FONT, font_size=font_size, color=TEXT_COLOR)
            label.move_to([x, label_y, 0], aligned_edge=UP)
            self.labels.add(label)
            self.values.add(VGroup())
        self.add(self.zero_line, self.bars, self.tips, self.labels)
        if show_values:
            self.add(self.values)
        self.terms = np.zeros(n)
        self.set_values(values)

    def _value_mobject(self, v: float) -> DecimalNumber | MathTex:
        if math.isinf(v):
            return MathTex(r"\infty" if v > 0 else r"-\infty", font_size=self.font_size,
                           color=self.color_)
        return DecimalNumber(v, num_decimal_places=self.decimals, font_size=self.font_size * 0.9,
                             color=self.color_, group_with_commas=False)

    def set_values(self, values: Sequence[float]) -> TermBars:
        """Set the bars (and value labels) to ``values``."""
        vals = np.asarray(values, dtype=float)
        if vals.shape != self.terms.shape:
            raise ValueError(f"expected {self.terms.shape[0]} values, got {vals.shape}")
        if np.isnan(vals).any():
            raise ValueError("a term is NaN; TermBars draws numbers and infinities only")
        zero_y = self.zero_line.get_center()[1]
        for bar, tip, slot, v in zip(self.bars, self.tips, self.values, vals, strict=True):
            length = min(abs(v) * self.scale, self.max_up if v >= 0 else self.max_down)
            up = v >= 0
            bar.stretch_to_fit_height(max(length, 1e-3))
            bar.move_to([bar.get_center()[0], zero_y, 0], aligned_edge=DOWN if up else UP)
            bar.set_fill(opacity=0.85 if up else self.negative_opacity)
            clipped = math.isinf(v) or abs(v) * self.scale > (self.max_up if up else self.max_down)
            tip.set_fill(opacity=1.0 if clipped else 0.0)
            if tip.points_up != up:
                tip.rotate(math.pi)
                tip.points_up = up
            tip.next_to(bar, UP if up else DOWN, buff=0)
            # Replace the label only when its kind (number or infinity) changes.
            current = slot.submobjects[0] if slot.submobjects else None
            wants_inf = math.isinf(v)
            if current is None or isinstance(current, MathTex) != wants_inf or wants_inf:
                slot.submobjects = [self._value_mobject(float(v))]
            else:
                current.set_value(float(v))
            slot.next_to(tip if clipped else bar, UP if up else DOWN, buff=VALUE_BUFF)
        self.terms = vals
        return self

    def value_texts(self) -> list[str]:
        """The value labels as shown (for the numbers manifest)."""
        return [format_value(float(v), self.decimals) for v in self.terms]
