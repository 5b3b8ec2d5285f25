"""A semicircular dial for one quantity in bits (entropy, cross-entropy)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    ORIGIN,
    PI,
    Arc,
    Dot,
    Line,
    Text,
    VGroup,
)

from entropy_explorer.theme import FONT, FONT_SIZE, MUTED_COLOR, TEXT_COLOR

__all__ = ["Gauge"]


class Gauge(VGroup):
    """A half-dial from 0 (left) to ``max_value`` (right) with a coloured arc and a needle.

    Parameters
    ----------
    max_value
        The value at the right end of the dial (e.g. ``log2(n)`` bits for ``n`` outcomes).
    value
        Initial value; values are clipped to ``[0, max_value]`` (``inf`` pins the needle
        to the right end).
    radius, stroke_width
        Geometry in scene units / pixels.
    color
        Colour of the filled arc (use the theme colour of the quantity shown).
    ticks
        Values to mark on the dial; ``tick_labels`` (same length, or empty; an empty
        string leaves that tick unlabelled) are shown outside the dial. Tick labels are notation: scenes declare them as constants.
    caption
        Optional text under the dial (e.g. ``"entropy"``).

    ``set_value(v)`` moves the needle and the arc in place; ``value`` is the last value set.
    """

    def __init__(
        self,
        max_value: float,
        *,
        value: float = 0.0,
        radius: float = 1.6,
        stroke_width: float = 14,
        color: str = TEXT_COLOR,
        ticks: Sequence[float] = (),
        tick_labels: Sequence[str] = (),
        caption: str = "",
        font_size: float = FONT_SIZE.SMALL,
    ) -> None:
        super().__init__()
        if not (math.isfinite(max_value) and max_value > 0):
            raise ValueError(f"max_value must be a positive finite number, got {max_value!r}")
        if tick_labels and len(tick_labels) != len(ticks):
            raise ValueError(f"{len(ticks)} ticks but {len(tick_labels)} tick labels")
        self.max_value = float(max_value)
        self.radius = radius
        self.stroke_width = stroke_width
        self.color_ = color
        self.track = Arc(radius=radius, start_angle=PI, angle=-PI, color=MUTED_COLOR,
                         stroke_width=stroke_width, stroke_opacity=0.35)
        self.arc = Arc(radius=radius, start_angle=PI, angle=-1e-3, color=color,
                       stroke_width=stroke_width)
        self.needle = Line(ORIGIN, [0, radius * 0.82, 0], color=TEXT_COLOR, stroke_width=6)
        self.pivot = Dot(ORIGIN, radius=0.09, color=TEXT_COLOR)
        self.ticks = VGroup()
        self.tick_labels = VGroup()
        for i, t in enumerate(ticks):
            angle = self._angle(t)
            direction = np.array([math.cos(angle), math.sin(angle), 0.0])
            inner = direction * (radius - stroke_width / 100 * 0.9)
            outer = direction * (radius + stroke_width / 100 * 0.9)
            self.ticks.add(Line(inner, outer, color=TEXT_COLOR, stroke_width=3))
            if tick_labels and tick_labels[i]:
                label = Text(tick_labels[i], font=FONT, font_size=font_size, color=MUTED_COLOR)
                label.move_to(direction * (radius + stroke_width / 100 + 0.35))
                self.tick_labels.add(label)
        self.caption = (
            Text(caption, font=FONT, font_size=font_size, color=MUTED_COLOR).next_to(
                self.pivot, DOWN, buff=0.25)
            if caption else VGroup()
        )
        self.add(self.track, self.arc, self.ticks, self.tick_labels, self.needle, self.pivot,
                 self.caption)
        self.value = 0.0
        self.set_value(value)

    def _angle(self, v: float) -> float:
        """Angle (radians, from +x) of value ``v`` on the dial."""
        frac = 1.0 if math.isinf(v) else min(max(float(v) / self.max_value, 0.0), 1.0)
        return PI * (1.0 - frac)

    @property
    def center_point(self) -> np.ndarray:
        """The dial's pivot, wherever the gauge has been moved."""
        return self.pivot.get_center()

    def set_value(self, value: float) -> Gauge:
        """Point the needle at ``value`` and fill the arc up to it."""
        if math.isnan(value):
            raise ValueError("a gauge cannot show NaN")
        center = self.center_point
        radius = self.track.width / 2  # follows any scaling of the gauge
        angle = self._angle(value)
        sweep = min(angle - PI, -1e-3)  # clockwise from the left end; never zero-length
        arc = Arc(radius=radius, start_angle=PI, angle=sweep, arc_center=center,
                  color=self.color_, stroke_width=self.stroke_width)
        self.arc.become(arc)
        tip = center + radius * 0.82 * np.array([math.cos(angle), math.sin(angle), 0.0])
        self.needle.put_start_and_end_on(center, tip)
        self.value = float(value)
        return self
