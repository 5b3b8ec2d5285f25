"""What section 14's alpha sweep draws (``gaussians.alpha_picture``) is what the maths computes.

The picture draws a fitted Gaussian between the computed descent fits (interpolated) and
must jump where the descent jumps; checked against independent descent runs at orders the
sweep does not contain, and against the closed-form widths of the two valleys.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from entropy_explorer import gaussians
from entropy_explorer.examples import BIMODAL_TEACHER, STUDENT_START, TWO_PEAK_DESCENT
from entropy_explorer.gaussians import (
    AlphaPicture,
    alpha_fits,
    alpha_picture,
    descend_alpha,
    landing,
)

OPTS = TWO_PEAK_DESCENT.options()


@pytest.fixture(scope="module")
def pic() -> AlphaPicture:
    return alpha_picture()


def test_the_picture_draws_the_audited_sweep(pic: AlphaPicture) -> None:
    fits, transitions = alpha_fits()
    assert pic.fits is fits and pic.transitions is transitions
    for fit in (*pic.fits, pic.before, pic.after):
        assert fit.path.converged and fit.path.grad_norm[-1] < TWO_PEAK_DESCENT.tol


def test_the_drawn_fit_is_the_computed_fit_at_every_swept_alpha(pic: AlphaPicture) -> None:
    for fit in (*pic.fits, pic.before, pic.after):
        mu, sigma = gaussians.shown_fit(pic, fit.alpha)
        assert (mu, sigma) == pytest.approx((fit.mu, fit.sigma), abs=1e-12), fit.alpha


@pytest.mark.parametrize("alpha", [0.03, 0.05, 0.07, 0.09, 0.11, 0.25, 0.5, 0.9])
def test_between_swept_alphas_the_drawn_fit_is_close_to_a_real_descent(
        pic: AlphaPicture, alpha: float) -> None:
    path = descend_alpha(alpha, BIMODAL_TEACHER, STUDENT_START.mu, STUDENT_START.sigma,
                         **OPTS)  # type: ignore[arg-type]
    mu, sigma = gaussians.shown_fit(pic, alpha)
    assert landing(BIMODAL_TEACHER, mu, sigma) == landing(BIMODAL_TEACHER, path.mu[-1],
                                                          path.sigma[-1])
    assert mu == pytest.approx(path.mu[-1], abs=0.01)
    assert sigma == pytest.approx(path.sigma[-1], rel=0.01)


def test_the_drawn_fit_jumps_at_the_path_switch_and_nowhere_else(pic: AlphaPicture) -> None:
    switch = pic.transitions.path_switch
    alphas = np.linspace(0.0, 1.0, 2001)
    sigmas = np.array([gaussians.shown_fit(pic, a)[1] for a in alphas])
    jumps = np.flatnonzero(np.abs(np.diff(np.log(sigmas))) > 0.1)
    assert jumps.size == 1
    assert alphas[jumps[0]] < switch <= alphas[jumps[0] + 1]
    assert landing(BIMODAL_TEACHER, *gaussians.shown_fit(pic, switch - 1e-9)) == "peak"
    assert landing(BIMODAL_TEACHER, *gaussians.shown_fit(pic, switch)) == "cover"


def test_the_valley_branches_are_the_two_kinds_of_local_minimum(pic: AlphaPicture) -> None:
    tr = pic.transitions
    assert pic.valley_kinds == 2
    assert all(a < tr.peaks_vanish for a, _ in pic.peak_branch)
    assert pic.peak_branch[0][0] == 0.0 and pic.cover_branch[-1][0] == 1.0
    # The peak valley's width stays near the teacher's component width (1), the covering
    # valley's near the moment-matched width sqrt(10) at alpha = 1.
    assert all(0.9 < s < 1.3 for _, s in pic.peak_branch)
    assert pic.cover_branch[-1][1] == pytest.approx(math.sqrt(10.0), rel=1e-3)
