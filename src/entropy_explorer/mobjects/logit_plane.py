"""A 2-D slice of logit space: gradient arrows and clouds of sampled estimates.

:class:`LogitPlane` is the frame (axes, axis labels); :class:`GradientArrow` is one
gradient drawn from the origin; :class:`EstimateCloud` is a batch of sampled estimates
as dots, their mean and (optionally) their covariance ellipse. Arrow and cloud are
separate mobjects, so a scene can reveal them one at a time; each has ``set_values``.
Coordinates are the slice's (``gradients.to_plane``), in logit units.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    Arrow,
    Axes,
    Cross,
    Dot,
    MathTex,
    VGroup,
    VMobject,
)
from numpy.typing import ArrayLike

from entropy_explorer.theme import FONT_SIZE, MUTED_COLOR, TEXT_COLOR

__all__ = ["EstimateCloud", "GradientArrow", "LogitPlane", "axis_direction_tex", "ellipse_points"]


class LogitPlane(VGroup):
    """Axes for a 2-D slice of logit space, equal scale on both axes.

    Parameters
    ----------
    x_range, y_range
        ``(min, max)`` of each coordinate, in logit units (both must contain 0).
    unit
        Scene units per logit unit (the same on both axes, so angles and lengths are true).
    x_label, y_label
        LaTeX for the axis labels.

    ``c2p(xy)`` maps slice coordinates to a scene point; ``p2c`` maps back.
    """

    def __init__(
        self,
        x_range: tuple[float, float],
        y_range: tuple[float, float],
        *,
        unit: float = 2.0,
        x_label: str = "u_1",
        y_label: str = "u_2",
        color: str = MUTED_COLOR,
        font_size: float = FONT_SIZE.LABEL,
    ) -> None:
        super().__init__()
        for name, (lo, hi) in (("x_range", x_range), ("y_range", y_range)):
            if not lo < 0 < hi:
                raise ValueError(f"{name} must contain 0 strictly inside, got {(lo, hi)}")
        self.unit = unit
        self.axes = Axes(
            x_range=[x_range[0], x_range[1], 1], y_range=[y_range[0], y_range[1], 1],
            x_length=unit * (x_range[1] - x_range[0]), y_length=unit * (y_range[1] - y_range[0]),
            axis_config={"color": color, "include_ticks": False, "stroke_width": 2,
                         "include_tip": True, "tip_width": 0.15, "tip_height": 0.15},
        )
        self.x_label = MathTex(x_label, font_size=font_size, color=TEXT_COLOR)
        self.x_label.next_to(self.axes.x_axis.get_end(), DOWN + LEFT * 0.2, buff=0.15)
        self.y_label = MathTex(y_label, font_size=font_size, color=TEXT_COLOR)
        self.y_label.next_to(self.axes.y_axis.get_end(), LEFT, buff=0.15)
        self.add(self.axes, self.x_label, self.y_label)

    def c2p(self, xy: ArrayLike) -> np.ndarray:
        """Scene point of slice coordinates ``(x, y)``."""
        x, y = (float(v) for v in np.asarray(xy, dtype=float)[:2])
        return np.asarray(self.axes.c2p(x, y), dtype=float)

    def p2c(self, point: ArrayLike) -> np.ndarray:
        """Slice coordinates of a scene point."""
        return np.asarray(self.axes.p2c(np.asarray(point, dtype=float)), dtype=float)[:2]

    @property
    def origin(self) -> np.ndarray:
        return self.c2p((0.0, 0.0))


class GradientArrow(VGroup):
    """A gradient drawn in a :class:`LogitPlane` as an arrow from the origin.

    ``set_values(xy)`` redraws it to the slice coordinates ``xy`` (works in updaters);
    ``tip_point`` is where it ends.
    """

    def __init__(
        self,
        plane: LogitPlane,
        xy: ArrayLike,
        *,
        color: str = TEXT_COLOR,
        stroke_width: float = 6.0,
        tip_length: float = 0.25,
    ) -> None:
        super().__init__()
        self.plane = plane
        self.style = {"color": color, "stroke_width": stroke_width, "tip_length": tip_length}
        self.xy = np.zeros(2)
        self.arrow = self._build(np.zeros(2))
        self.add(self.arrow)
        self.set_values(xy)

    def _build(self, xy: np.ndarray) -> Arrow:
        start, end = self.plane.origin, self.plane.c2p(xy)
        if np.linalg.norm(end - start) < 1e-6:
            end = start + RIGHT * 1e-6
        return Arrow(start, end, buff=0, color=self.style["color"],
                     stroke_width=self.style["stroke_width"], tip_length=self.style["tip_length"],
                     max_tip_length_to_length_ratio=0.35, max_stroke_width_to_length_ratio=20)

    def set_values(self, xy: ArrayLike) -> GradientArrow:
        """Point the arrow at slice coordinates ``xy``."""
        v = np.asarray(xy, dtype=float)[:2]
        self.arrow.become(self._build(v))
        self.xy = v
        return self

    @property
    def tip_point(self) -> np.ndarray:
        return self.plane.c2p(self.xy)


def ellipse_points(mean: ArrayLike, covariance: ArrayLike, n_sd: float = 1.0,
                   n_points: int = 72) -> np.ndarray:
    """Points ``mean + n_sd * C^{1/2} (cos t, sin t)`` round the covariance ellipse (slice
    coordinates, shape ``(n_points, 2)``); a degenerate direction gives a flat ellipse."""
    c = np.asarray(covariance, dtype=float)
    w, v = np.linalg.eigh((c + c.T) / 2)
    root = v @ np.diag(np.sqrt(np.clip(w, 0.0, None))) @ v.T
    t = np.linspace(0.0, 2 * np.pi, n_points)
    circle = np.stack([np.cos(t), np.sin(t)])
    return np.asarray(mean, dtype=float)[:2] + n_sd * (root @ circle).T


class EstimateCloud(VGroup):
    """Sampled gradient estimates in a :class:`LogitPlane`: dots, their mean, an ellipse.

    Parameters
    ----------
    plane
        The plane the estimates are drawn in.
    estimates
        Slice coordinates, one row per estimate; the number of rows fixes the dots.
    covariance
        2x2 covariance for the ellipse (e.g. the estimator's exact one); ``None`` draws none.
    n_sd
        The ellipse's radius in standard deviations.

    ``set_values(estimates, covariance)`` moves the dots, the mean and the ellipse.
    ``dots``, ``mean`` (a small cross at the dots' average) and ``ellipse`` are the parts.
    """

    def __init__(
        self,
        plane: LogitPlane,
        estimates: ArrayLike,
        *,
        covariance: ArrayLike | None = None,
        n_sd: float = 1.0,
        color: str = TEXT_COLOR,
        mean_color: str = TEXT_COLOR,
        ellipse_color: str | None = None,
        dot_radius: float = 0.035,
        dot_opacity: float = 0.45,
    ) -> None:
        super().__init__()
        est = np.atleast_2d(np.asarray(estimates, dtype=float))
        if est.ndim != 2 or est.shape[1] != 2 or est.shape[0] < 1:
            raise ValueError(f"estimates must have shape (n, 2), got {est.shape}")
        self.plane = plane
        self.n_sd = n_sd
        self.dots = VGroup(*(Dot(ORIGIN, radius=dot_radius, color=color, fill_opacity=dot_opacity)
                             for _ in range(est.shape[0])))
        self.mean = Cross(Dot(radius=0.09), stroke_color=mean_color, stroke_width=4)
        self.ellipse = VMobject(stroke_color=ellipse_color or color, stroke_width=3)
        self.has_ellipse = covariance is not None
        self.estimates = est
        self.add(self.dots, self.mean)
        if self.has_ellipse:
            self.add(self.ellipse)
        self.set_values(est, covariance)

    def set_values(self, estimates: ArrayLike, covariance: ArrayLike | None = None) -> EstimateCloud:
        """Move the dots to ``estimates`` (same count as at construction) and redraw."""
        est = np.atleast_2d(np.asarray(estimates, dtype=float))
        if est.shape != (len(self.dots), 2):
            raise ValueError(f"expected {len(self.dots)} estimates of shape (n, 2), got {est.shape}")
        for dot, xy in zip(self.dots, est, strict=True):
            dot.move_to(self.plane.c2p(xy))
        centre = est.mean(axis=0)
        self.mean.move_to(self.plane.c2p(centre))
        if covariance is not None and self.has_ellipse:
            pts = [self.plane.c2p(xy) for xy in ellipse_points(centre, covariance, self.n_sd)]
            self.ellipse.set_points_smoothly(pts)
        self.estimates = est
        return self


def axis_direction_tex(direction: Sequence[float], names: Sequence[str],
                       coefficient: Callable[[float], str] = lambda m: f"{m:g}") -> str:
    """LaTeX for a logit direction as a combination: ``(1, 1, -2)`` gives
    ``\\theta_{A} + \\theta_{B} - 2\\theta_{C}``.

    ``coefficient`` writes a magnitude other than 1 (a scene passes one that records it).
    """
    parts: list[str] = []
    for c, name in zip(direction, names, strict=True):
        if c == 0:
            continue
        mag = abs(float(c))
        term = ("" if mag == 1 else coefficient(mag)) + rf"\theta_{{{name}}}"
        if parts:
            parts.append(f" {'-' if c < 0 else '+'} {term}")
        else:
            parts.append(("-" if c < 0 else "") + term)
    return "".join(parts) if parts else "0"
