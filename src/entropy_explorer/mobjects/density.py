"""A one-dimensional density plot: a teacher density (filled) and a student density (line)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import Axes, VGroup, VMobject
from numpy.typing import ArrayLike

from entropy_explorer.theme import FONT_SIZE, MUTED_COLOR, P_COLOR, Q_COLOR

__all__ = ["DensityPanel"]


class DensityPanel(VGroup):
    """Axes with a filled teacher density and a student density on a shared grid.

    Parameters
    ----------
    xs
        The grid the densities are given on (increasing).
    teacher
        Teacher density values on ``xs`` (computed by the math module).
    student
        Student density values on ``xs``, or ``None`` for no student yet.
    x_ticks
        Numbered ticks on the x axis (the scene declares them as constants).
    y_max, width, height
        Vertical range and size in scene units.

    ``set_student(values)`` reshapes the student curve in place (use it in an updater);
    ``set_teacher(values)`` likewise. ``axes``, ``teacher_curve``, ``teacher_area`` and
    ``student_curve`` are the parts.
    """

    def __init__(
        self,
        xs: ArrayLike,
        teacher: ArrayLike,
        student: ArrayLike | None = None,
        *,
        x_ticks: Sequence[float] = (),
        y_max: float = 0.6,
        width: float = 8.0,
        height: float = 2.4,
        teacher_color: str = P_COLOR,
        student_color: str = Q_COLOR,
        font_size: float = FONT_SIZE.SMALL,
    ) -> None:
        super().__init__()
        self.xs = np.asarray(xs, dtype=float)
        x0, x1 = float(self.xs[0]), float(self.xs[-1])
        self.axes = Axes(
            x_range=[x0, x1, 1],
            y_range=[0, y_max, y_max],
            x_length=width,
            y_length=height,
            tips=False,
            axis_config={"color": MUTED_COLOR, "stroke_width": 2, "include_ticks": False},
        )
        self.axes.y_axis.set_opacity(0)  # densities need no vertical scale here
        if x_ticks:
            self.axes.x_axis.add_numbers(list(x_ticks), font_size=font_size, num_decimal_places=0)
        self.y_max = y_max
        self.teacher_curve = VMobject(stroke_color=teacher_color, stroke_width=4)
        self.teacher_area = VMobject(stroke_width=0, fill_color=teacher_color, fill_opacity=0.3)
        self.student_curve = VMobject(stroke_color=student_color, stroke_width=5)
        self.add(self.axes, self.teacher_area, self.teacher_curve, self.student_curve)
        self.set_teacher(teacher)
        if student is not None:
            self.set_student(student)
        else:
            self.student_curve.set_stroke(opacity=0)

    def _points(self, values: ArrayLike) -> np.ndarray:
        v = np.clip(np.asarray(values, dtype=float), 0.0, self.y_max)
        if v.shape != self.xs.shape:
            raise ValueError(f"expected {self.xs.size} values, got {v.shape}")
        return np.asarray(self.axes.c2p(self.xs, v)).T  # vectorised: one row per point

    def curve_points(self, values: ArrayLike) -> np.ndarray:
        """Scene points of ``values`` on this panel's grid (clipped to the y range)."""
        return self._points(values)

    def set_teacher(self, values: ArrayLike) -> DensityPanel:
        """Set the teacher density (line and filled area)."""
        pts = self._points(values)
        self.teacher_curve.set_points_as_corners(pts)
        base = [self.axes.c2p(self.xs[-1], 0), self.axes.c2p(self.xs[0], 0)]
        self.teacher_area.set_points_as_corners([*pts, *base, pts[0]])
        return self

    def set_student(self, values: ArrayLike) -> DensityPanel:
        """Set the student density."""
        self.student_curve.set_points_as_corners(self._points(values))
        self.student_curve.set_stroke(opacity=1)
        return self
