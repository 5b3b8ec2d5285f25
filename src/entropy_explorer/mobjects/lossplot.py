"""A small plot of values against descent steps: traced curves and constant levels."""

from __future__ import annotations

import math

import numpy as np
from manim import DOWN, RIGHT, UP, Axes, DashedLine, Text, VGroup, VMobject
from numpy.typing import ArrayLike

from entropy_explorer.theme import FONT, FONT_SIZE, MUTED_COLOR, TEXT_COLOR

__all__ = ["LossPlot", "StepCurve"]


class StepCurve(VMobject):
    """A polyline through ``(step, value)`` on a :class:`LossPlot`, drawn up to a step.

    ``set_values(values, upto, tip)`` draws ``values[0..floor(upto)]`` and ends at
    ``(upto, tip)`` (``tip`` defaults to the straight line between neighbouring steps), so a
    curve can grow as a ``ValueTracker`` moves. Values above the plot's top are clipped to it.
    """

    def __init__(self, plot: LossPlot, **style: object) -> None:
        style.setdefault("stroke_width", 4)
        super().__init__(**style)
        self.plot = plot

    def set_values(self, values: ArrayLike, upto: float | None = None,
                   tip: float | None = None) -> StepCurve:
        """Draw ``values`` (one per step from 0) up to step ``upto`` (default: all)."""
        v = np.asarray(values, dtype=float)
        if v.ndim != 1 or v.size == 0:
            raise ValueError("values must be a non-empty sequence, one value per step")
        last = float(v.size - 1) if upto is None else min(max(float(upto), 0.0), v.size - 1.0)
        whole = int(math.floor(last))
        steps = list(range(whole + 1))
        ys = list(v[: whole + 1])
        if last > whole:
            steps.append(last)
            ys.append(float(np.interp(last, np.arange(v.size), v)) if tip is None else tip)
        elif tip is not None:
            ys[-1] = tip
        points = [self.plot.point(s, y) for s, y in zip(steps, ys, strict=True)]
        if len(points) == 1:
            points.append(points[0])
        self.set_points_as_corners(points)
        return self


class LossPlot(VGroup):
    """Axes for values against descent steps, with numbered ticks and axis names.

    Parameters
    ----------
    x_max, y_max
        The steps shown (from 0) and the top of the value axis (from 0).
    x_step, y_step
        Spacing of the numbered ticks.
    width, height
        Size of the axes in scene units.
    x_name, y_name
        Axis names (``"step"``, ``"bits"``).

    ``curve(values, upto)`` makes a :class:`StepCurve`; ``level(value)`` a dashed line across
    the plot at a constant value; ``point(step, value)`` maps to the scene; ``tick_texts()``
    lists the tick numerals, for the scene to declare as notation.
    """

    def __init__(
        self,
        x_max: float,
        y_max: float,
        *,
        x_step: float,
        y_step: float,
        width: float = 5.0,
        height: float = 3.0,
        x_name: str = "step",
        y_name: str = "bits",
        font_size: float = FONT_SIZE.SMALL,
    ) -> None:
        super().__init__()
        if x_max <= 0 or y_max <= 0 or x_step <= 0 or y_step <= 0:
            raise ValueError("x_max, y_max, x_step and y_step must be positive")
        self.x_max, self.y_max = float(x_max), float(y_max)
        number_config = {"num_decimal_places": 0, "color": MUTED_COLOR}
        self.axes = Axes(
            x_range=[0, x_max, x_step], y_range=[0, y_max, y_step], x_length=width,
            y_length=height, tips=False,
            axis_config={"color": MUTED_COLOR, "stroke_width": 2},
            x_axis_config={"font_size": font_size, "numbers_to_include": self._ticks(x_max, x_step),
                           "decimal_number_config": number_config},
            y_axis_config={"font_size": font_size, "numbers_to_include": self._ticks(y_max, y_step),
                           "decimal_number_config": number_config},
        )
        self.x_name = Text(x_name, font=FONT, font_size=font_size, color=TEXT_COLOR)
        self.x_name.next_to(self.axes.x_axis.numbers, DOWN, buff=0.15)
        self.x_name.align_to(self.axes.x_axis, RIGHT)
        self.y_name = Text(y_name, font=FONT, font_size=font_size, color=TEXT_COLOR)
        self.y_name.next_to(self.axes.c2p(0, y_max), UP, buff=0.2)
        self.add(self.axes, self.x_name, self.y_name)

    @staticmethod
    def _ticks(top: float, step: float) -> list[float]:
        n = int(math.floor(top / step + 1e-9))
        return [k * step for k in range(1, n + 1)]

    def tick_texts(self) -> list[str]:
        """The numerals on the ticks, as shown."""
        return [f"{t:.0f}" for axis in (self.axes.x_axis, self.axes.y_axis)
                for t in self._ticks(axis.x_max, axis.x_step)]

    def point(self, step: float, value: float) -> np.ndarray:
        """The scene point of ``(step, value)``; values are clipped to ``[0, y_max]``."""
        return self.axes.c2p(step, min(max(value, 0.0), self.y_max))

    def curve(self, values: ArrayLike, upto: float | None = None, **style: object) -> StepCurve:
        """A :class:`StepCurve` through ``values`` up to ``upto`` (not added to the plot)."""
        return StepCurve(self, **style).set_values(values, upto)

    def level(self, value: float, color: str, **style: object) -> DashedLine:
        """A dashed horizontal line across the plot at ``value``."""
        style.setdefault("stroke_width", 4)
        style.setdefault("dash_length", 0.12)
        return DashedLine(self.point(0, value), self.point(self.x_max, value), color=color,
                          **style)
