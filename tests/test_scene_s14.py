"""Section 14's pictures say what the maths computes.

The alpha sweep draws a fitted Gaussian between the computed descent fits (interpolated)
and must jump where the descent jumps; the distillation narrates that forward KL to the
filtered teacher is finite and reverse KL infinite. Both are checked against independent
descent runs and :mod:`entropy_explorer.infotheory`, not against the scene's own numbers.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from entropy_explorer.examples import (
    BIMODAL_TEACHER,
    DESCENT_LEARNING_RATE,
    DESCENT_MAX_STEP,
    STUDENT_START,
)
from entropy_explorer.gaussians import descend_alpha, landing
from entropy_explorer.infotheory import kl_divergence
from entropy_explorer.quality.runner import load_module
from entropy_explorer.sections import find_section

OPTS = {"learning_rate": DESCENT_LEARNING_RATE, "max_step": DESCENT_MAX_STEP, "tol": 1e-4}


@pytest.fixture(scope="module")
def scene_module():  # type: ignore[no-untyped-def]
    return load_module(find_section("14").path)


@pytest.fixture(scope="module")
def pic(scene_module):  # type: ignore[no-untyped-def]
    return scene_module.alpha_picture()


def test_the_drawn_fit_is_the_computed_fit_at_every_swept_alpha(scene_module, pic) -> None:  # type: ignore[no-untyped-def]
    for fit in (*pic.fits, pic.before, pic.after):
        mu, sigma = scene_module.shown_fit(pic, fit.alpha)
        assert (mu, sigma) == pytest.approx((fit.mu, fit.sigma), abs=1e-12), fit.alpha


@pytest.mark.parametrize("alpha", [0.03, 0.05, 0.07, 0.09, 0.11, 0.25, 0.5, 0.9])
def test_between_swept_alphas_the_drawn_fit_is_close_to_a_real_descent(  # type: ignore[no-untyped-def]
        scene_module, pic, alpha: float) -> None:
    path = descend_alpha(alpha, BIMODAL_TEACHER, STUDENT_START.mu, STUDENT_START.sigma, **OPTS)
    mu, sigma = scene_module.shown_fit(pic, alpha)
    assert landing(BIMODAL_TEACHER, mu, sigma) == landing(BIMODAL_TEACHER, path.mu[-1],
                                                          path.sigma[-1])
    assert mu == pytest.approx(path.mu[-1], abs=0.01)
    assert sigma == pytest.approx(path.sigma[-1], rel=0.01)


def test_the_drawn_fit_jumps_at_the_path_switch_and_nowhere_else(scene_module, pic) -> None:  # type: ignore[no-untyped-def]
    switch = pic.transitions.path_switch
    alphas = np.linspace(0.0, 1.0, 2001)
    sigmas = np.array([scene_module.shown_fit(pic, a)[1] for a in alphas])
    jumps = np.flatnonzero(np.abs(np.diff(np.log(sigmas))) > 0.1)
    assert jumps.size == 1
    assert alphas[jumps[0]] < switch <= alphas[jumps[0] + 1]
    assert landing(BIMODAL_TEACHER, *scene_module.shown_fit(pic, switch - 1e-9)) == "peak"
    assert landing(BIMODAL_TEACHER, *scene_module.shown_fit(pic, switch)) == "cover"


def test_the_valley_branches_are_the_two_kinds_of_local_minimum(pic) -> None:  # type: ignore[no-untyped-def]
    tr = pic.transitions
    assert pic.valley_kinds == 2
    assert all(a < tr.peaks_vanish for a, _ in pic.peak_branch)
    assert pic.peak_branch[0][0] == 0.0 and pic.cover_branch[-1][0] == 1.0
    # The peak valley's width stays near the teacher's component width (1), the covering
    # valley's near the moment-matched width sqrt(10) at alpha = 1.
    assert all(0.9 < s < 1.3 for _, s in pic.peak_branch)
    assert pic.cover_branch[-1][1] == pytest.approx(math.sqrt(10.0), rel=1e-3)


def test_forward_kl_to_the_filtered_teacher_is_finite_and_reverse_infinite(scene_module) -> None:  # type: ignore[no-untyped-def]
    stages, run = scene_module.task_run()
    p_task = stages[-1][1]
    assert (p_task == 0).any(), "the scene says reverse KL is infinite: something is cut"
    for t in (0, run.steps // 2, run.steps):
        q = run.probs[t]
        assert math.isfinite(kl_divergence(p_task, q))
        assert kl_divergence(q, p_task) == math.inf
        assert q[p_task == 0].sum() > 0
    assert run.total_variation()[-1] < 0.01
