"""LogitPlane, GradientArrow and EstimateCloud: geometry follows the values."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("manim")

from entropy_explorer.mobjects.logit_plane import (  # noqa: E402
    EstimateCloud,
    GradientArrow,
    LogitPlane,
    axis_direction_tex,
    ellipse_points,
)


def test_plane_has_equal_scale_and_maps_both_ways() -> None:
    plane = LogitPlane((-1.0, 2.0), (-0.5, 1.5), unit=1.5).shift([0.3, -0.2, 0])
    a, b = plane.c2p((0, 0)), plane.c2p((1, 1))
    assert b[0] - a[0] == pytest.approx(1.5) and b[1] - a[1] == pytest.approx(1.5)
    np.testing.assert_allclose(plane.p2c(plane.c2p((0.7, -0.3))), [0.7, -0.3], atol=1e-9)
    with pytest.raises(ValueError, match="contain 0"):
        LogitPlane((0.5, 2.0), (-1.0, 1.0))


def test_arrow_runs_from_the_origin_to_the_vector() -> None:
    plane = LogitPlane((-1.0, 1.0), (-1.0, 1.0), unit=2.0)
    arrow = GradientArrow(plane, (0.4, 0.6))
    np.testing.assert_allclose(arrow.arrow.get_start(), plane.origin, atol=1e-6)
    np.testing.assert_allclose(arrow.arrow.get_end(), plane.c2p((0.4, 0.6)), atol=1e-6)
    arrow.set_values((-0.5, 0.1))
    np.testing.assert_allclose(arrow.arrow.get_end(), plane.c2p((-0.5, 0.1)), atol=1e-6)
    np.testing.assert_allclose(arrow.tip_point, plane.c2p((-0.5, 0.1)))


def test_ellipse_points_lie_on_the_covariance_ellipse() -> None:
    cov = np.array([[0.04, 0.015], [0.015, 0.02]])
    pts = ellipse_points((0.3, -0.1), cov, n_sd=2.0)
    d = pts - np.array([0.3, -0.1])
    # Mahalanobis radius of every point is n_sd (an independent inverse, not the square root).
    np.testing.assert_allclose(np.einsum("ij,jk,ik->i", d, np.linalg.inv(cov), d), 4.0, rtol=1e-9)


def test_cloud_dots_and_mean_follow_the_estimates() -> None:
    plane = LogitPlane((-1.0, 1.0), (-1.0, 1.0), unit=2.0)
    rng = np.random.default_rng(0)
    est = rng.normal(0.2, 0.1, size=(30, 2))
    cloud = EstimateCloud(plane, est, covariance=np.cov(est.T))
    for dot, xy in zip(cloud.dots, est, strict=True):
        np.testing.assert_allclose(dot.get_center(), plane.c2p(xy), atol=1e-9)
    np.testing.assert_allclose(cloud.mean.get_center(), plane.c2p(est.mean(axis=0)), atol=1e-9)
    assert len(cloud.ellipse.points) > 0
    moved = est - 0.3
    cloud.set_values(moved, np.cov(moved.T))
    np.testing.assert_allclose(cloud.dots[0].get_center(), plane.c2p(moved[0]), atol=1e-9)
    with pytest.raises(ValueError, match="estimates"):
        cloud.set_values(est[:5])


def test_axis_direction_tex() -> None:
    assert axis_direction_tex((1, -1, 0), "ABC") == r"\theta_{A} - \theta_{B}"
    assert axis_direction_tex((1, 1, -2), "ABC", lambda m: f"[{m:g}]") == (
        r"\theta_{A} + \theta_{B} - [2]\theta_{C}")
    assert axis_direction_tex((0, -3, 0), "ABC") == r"-3\theta_{B}"
