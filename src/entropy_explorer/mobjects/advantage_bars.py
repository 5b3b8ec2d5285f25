"""Live bars of signed values on a fixed scale (advantages as a baseline slides).

Made for updaters: the value labels are `DecimalNumber`s, bars are coloured by sign and the
scale is fixed, so bars move rather than the axis. For static charts with infinite values
(drawn as arrows off the chart), use :class:`~entropy_explorer.mobjects.signed_bars.SignedBars`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import DOWN, UP, DecimalNumber, Line, Rectangle, Text, VGroup
from numpy.typing import ArrayLike

from entropy_explorer.numbers import format_value
from entropy_explorer.theme import FONT, FONT_SIZE, MUTED_COLOR, TEXT_COLOR

__all__ = ["AdvantageBars"]


class AdvantageBars(VGroup):
    """One bar per outcome, up from a zero line for a positive value, down for a negative one.

    Parameters
    ----------
    outcomes
        Outcome labels, shown under the lowest point a bar can reach.
    values
        Initial values.
    value_range
        ``(low, high)`` with ``low <= 0 <= high``: the values drawn at the bottom and top of
        ``height``. Values outside it are drawn clipped to its edge (the label still shows
        the value). Fix it to the widest values the scene will set, so bars move rather
        than the scale.
    height
        Scene units from ``low`` to ``high``.
    color, negative_color
        Fill of positive and negative bars (``negative_color`` defaults to ``color``).
    show_values
        Put each value beside its bar's end (above a positive bar, below a negative one).

    ``set_values(values)`` moves the bars in place and works in updaters. ``bars``,
    ``labels``, ``values`` and ``zero_line`` are the parts, in outcome order.
    """

    def __init__(
        self,
        outcomes: Sequence[str],
        values: ArrayLike,
        *,
        value_range: tuple[float, float],
        height: float = 3.0,
        color: str = TEXT_COLOR,
        negative_color: str | None = None,
        bar_width: float = 0.6,
        spacing: float = 0.4,
        show_values: bool = True,
        decimals: int = 2,
        font_size: float = FONT_SIZE.LABEL,
    ) -> None:
        super().__init__()
        low, high = (float(v) for v in value_range)
        if not low <= 0.0 <= high or low == high:
            raise ValueError(f"value_range must contain 0 and have width, got {value_range}")
        self.low, self.high = low, high
        self.unit = height / (high - low)
        self.decimals = decimals
        self.show_values = show_values
        self.color = color
        self.negative_color = negative_color or color
        n = len(outcomes)
        width = n * bar_width + (n - 1) * spacing
        xs = np.linspace(-width / 2 + bar_width / 2, width / 2 - bar_width / 2, n) if n > 1 else [0.0]
        self.zero_line = Line([-width / 2 - 0.2, 0, 0], [width / 2 + 0.2, 0, 0], color=MUTED_COLOR,
                              stroke_width=2)
        self.bars = VGroup()
        self.labels = VGroup()
        self.values = VGroup()
        bottom = low * self.unit
        for x, name in zip(xs, outcomes, strict=True):
            bar = Rectangle(width=bar_width, height=1.0, stroke_width=0, fill_color=color,
                            fill_opacity=0.85)
            bar.move_to([x, 0.5, 0])
            self.bars.add(bar)
            label = Text(name, font=FONT, font_size=font_size, color=TEXT_COLOR)
            label.next_to([x, bottom, 0], DOWN, buff=0.2 + (0.45 if show_values and low < 0 else 0.0))
            self.labels.add(label)
            self.values.add(DecimalNumber(0, num_decimal_places=decimals, font_size=font_size * 0.9,
                                          color=color))
        self.add(self.zero_line, self.bars, self.labels)
        if show_values:
            self.add(self.values)
        self.current = np.zeros(n)
        self.set_values(values)

    def bar_extent(self, value: float) -> float:
        """Signed length in scene units of the bar drawn for ``value`` (clipped to the range)."""
        return float(np.clip(value, self.low, self.high)) * self.unit

    def set_values(self, values: ArrayLike) -> AdvantageBars:
        """Set the bars (and value labels) to ``values``."""
        v = np.asarray(values, dtype=float)
        if v.shape != self.current.shape:
            raise ValueError(f"expected {self.current.shape[0]} values, got shape {v.shape}")
        zero = self.zero_line.get_center()[1]
        for bar, label, value in zip(self.bars, self.values, v, strict=True):
            extent = self.bar_extent(float(value))
            h = max(abs(extent), 1e-3)
            x = bar.get_center()[0]
            bar.stretch_to_fit_height(h)
            bar.set_fill(self.color if value >= 0 else self.negative_color)
            bar.move_to([x, zero, 0], aligned_edge=DOWN if extent >= 0 else UP)
            label.set_value(float(value))
            label.set_color(self.color if value >= 0 else self.negative_color)
            label.next_to(bar, UP if extent >= 0 else DOWN, buff=0.1)
        self.current = v
        return self

    def value_texts(self) -> list[str]:
        """The value labels as shown (for the numbers manifest)."""
        return [format_value(float(x), self.decimals) for x in self.current]
