"""The surprise curve ``I(p) = -log_b p`` on labelled axes, shared by Part I scenes."""

from __future__ import annotations

import math

import numpy as np
from manim import (
    LEFT,
    RIGHT,
    UP,
    Axes,
    DashedLine,
    Dot,
    MathTex,
    Text,
    ValueTracker,
    VGroup,
    VMobject,
    always_redraw,
)

from entropy_explorer.infotheory import information
from entropy_explorer.theme import (
    FONT,
    FONT_SIZE,
    INFORMATION_COLOR,
    MUTED_COLOR,
    P_COLOR,
    TEXT_COLOR,
)

__all__ = ["SurpriseCurve", "curve_samples"]


def curve_samples(p_min: float, n_steep: int = 80, n_flat: int = 60) -> np.ndarray:
    """Probabilities from ``p_min`` to 1, dense near ``p_min`` where the curve is steep."""
    knee = max(0.05, 2 * p_min)
    steep = np.geomspace(p_min, knee, n_steep)
    flat = np.linspace(knee, 1.0, n_flat)[1:]
    return np.concatenate([steep, flat])


class SurpriseCurve(VGroup):
    """Axes (probability across, information up) and the curve ``I(p) = -log_b p``.

    Parameters
    ----------
    p_min
        The smallest probability drawn; the curve runs from ``p_min`` to 1.
    base
        Logarithm base of the information (2 gives bits).
    x_length, y_length
        Size of the axes in scene units.
    y_step
        Spacing of the information ticks; the axis tops out at the first multiple of
        ``y_step`` at or above ``I(p_min)``.
    font_size
        Size of the tick numbers and axis labels.
    y_label
        Text of the vertical-axis label.

    Attributes
    ----------
    axes, curve, x_label, y_label
        The parts, so a scene can animate them one at a time (``labels`` groups the two
        axis labels). The curve is computed by :func:`entropy_explorer.infotheory.information`.
    tick_texts
        Every tick number as shown, to pass to ``SectionScene.declare_constants``.
    """

    def __init__(
        self,
        *,
        p_min: float = 0.001,
        base: float = 2,
        x_length: float = 7.2,
        y_length: float = 5.0,
        y_step: float = 2,
        font_size: float = FONT_SIZE.SMALL,
        y_label: str = "I(p) in bits",
        color: str = INFORMATION_COLOR,
        stroke_width: float = 5,
    ) -> None:
        super().__init__()
        if not 0 < p_min < 1:
            raise ValueError(f"p_min must be in (0, 1), got {p_min}")
        self.p_min = p_min
        self.base = base
        top = float(information(p_min, base))
        self.y_max = y_step * math.ceil(top / y_step - 1e-9)
        self.axes = Axes(
            x_range=[0, 1, 0.25],
            y_range=[0, self.y_max, y_step],
            x_length=x_length,
            y_length=y_length,
            tips=False,
            axis_config={"color": MUTED_COLOR, "include_numbers": True, "font_size": font_size},
            x_axis_config={"decimal_number_config": {"num_decimal_places": 2}},
            y_axis_config={"decimal_number_config": {"num_decimal_places": 0}},
        )
        self.x_label = MathTex(r"p", font_size=font_size * 1.4, color=P_COLOR)
        self.x_label.next_to(self.axes.x_axis, RIGHT, buff=0.2)
        self.y_label = Text(y_label, font=FONT, font_size=font_size, color=color)
        self.y_label.next_to(self.axes.y_axis, UP, buff=0.2)
        self.labels = VGroup(self.x_label, self.y_label)
        self.curve = VMobject(color=color, stroke_width=stroke_width)
        self.curve.set_points_smoothly([self.point(p) for p in curve_samples(p_min)])
        self.add(self.axes, self.labels, self.curve)

    @property
    def tick_texts(self) -> list[str]:
        """The tick numbers as shown (notation, not results)."""
        xs = [f"{x:.2f}" for x in np.arange(0.25, 1.0 + 1e-9, 0.25)]
        step = self.axes.y_range[2]
        ys = [f"{y:.0f}" for y in np.arange(0, self.y_max + 1e-9, step)]
        return xs + ys

    def info(self, p: float) -> float:
        """Information of probability ``p`` in this curve's base."""
        return float(information(p, self.base))

    def point(self, p: float) -> np.ndarray:
        """Scene point of ``(p, I(p))`` on the curve."""
        return self.axes.c2p(p, self.info(p))

    def marker(self, p: float, *, color: str = INFORMATION_COLOR, radius: float = 0.07) -> Dot:
        """A fixed dot on the curve at ``p``."""
        return Dot(self.point(p), color=color, radius=radius)

    def guide(self, p: float, *, color: str = MUTED_COLOR) -> DashedLine:
        """A dashed drop line from the curve at ``p`` to the probability axis."""
        return DashedLine(self.axes.c2p(p, 0), self.point(p), color=color, stroke_width=2)

    def tracking_dot(self, p: ValueTracker, *, color: str = TEXT_COLOR) -> VGroup:
        """A dot and drop line that follow the tracker ``p`` along the curve."""
        dot = Dot(color=color, radius=0.09)  # moved, not rebuilt, on every frame
        dot.add_updater(lambda m: m.move_to(self.point(p.get_value())))
        dot.update()
        line = always_redraw(lambda: self.guide(p.get_value()))
        return VGroup(line, dot)

    def label_beside(self, label: VMobject, p: float, *, buff: float = 0.25) -> VMobject:
        """Put ``label`` next to the curve at ``p`` where it stays clear of the curve."""
        point = self.point(p)
        if p >= 0.99:
            label.next_to(point, UP + LEFT * 0.3, buff=buff)
        elif p >= 0.4:
            label.next_to(point, UP + RIGHT * 0.2, buff=buff - 0.05)
        else:
            label.next_to(point, RIGHT, buff=buff + 0.05)
        return label
