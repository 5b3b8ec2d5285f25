"""What section 14's alpha sweep draws: the fits, where they jump, and the valley branches.

The descent fits come from :func:`~entropy_explorer.gaussians.two_peaks.alpha_fits` (the
run the audit checks); between two swept orders :func:`shown_fit` interpolates, except
across the path switch, where the drawn fit jumps as the descent does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np

from entropy_explorer.examples import BIMODAL_TEACHER, STUDENT_START, TWO_PEAK_DESCENT
from entropy_explorer.gaussians.alpha_fits import (
    AlphaFit,
    AlphaTransitions,
    alpha_local_minima,
    landing,
)
from entropy_explorer.gaussians.densities import mixture_moments
from entropy_explorer.gaussians.descent import descend_alpha
from entropy_explorer.gaussians.two_peaks import alpha_fits

__all__ = ["BRANCH_POINTS", "AlphaPicture", "alpha_picture", "shown_fit"]

#: Resolution of the valley branches in the sigma-alpha diagram (orders per branch).
BRANCH_POINTS = 21


@dataclass(frozen=True)
class AlphaPicture:
    """Everything section 14's part (b) draws: descent fits per alpha, transitions, valley
    branches."""

    fits: tuple[AlphaFit, ...]
    transitions: AlphaTransitions
    #: Fits just below and just above the path switch (alpha -/+ the bisection tolerance).
    before: AlphaFit
    after: AlphaFit
    #: ``(alpha, sigma)`` of the peak valley on the descent's side, and of the covering one.
    peak_branch: tuple[tuple[float, float], ...]
    cover_branch: tuple[tuple[float, float], ...]
    #: Kinds of local minimum (peak, covering, ...) at alpha = 0.
    valley_kinds: int


def _fit(alpha: float) -> AlphaFit:
    path = descend_alpha(alpha, BIMODAL_TEACHER, STUDENT_START.mu, STUDENT_START.sigma,
                         **TWO_PEAK_DESCENT.options())  # type: ignore[arg-type]
    return AlphaFit(alpha=alpha, path=path,
                    landing=landing(BIMODAL_TEACHER, float(path.mu[-1]), float(path.sigma[-1])))


@cache
def alpha_picture() -> AlphaPicture:
    """Computed once per process (the quality checks run the scene more than once)."""
    teacher = BIMODAL_TEACHER
    fits, tr = alpha_fits()
    if tr.path_switch is None or tr.global_switch is None or tr.peaks_vanish is None:
        raise RuntimeError(f"the alpha fit does not change character on this teacher: {tr}")
    before, after = _fit(tr.path_switch - tr.alpha_tol), _fit(tr.path_switch + tr.alpha_tol)
    # The informed starts of alpha_transitions: each component and the moment match.
    mean, var = mixture_moments(teacher)
    starts = [*zip(teacher.means, teacher.sigmas, strict=True), (mean, math.sqrt(var))]
    side = math.copysign(1.0, fits[0].mu)
    peak, cover = [], []
    kinds = len({m.landing for m in alpha_local_minima(0.0, teacher, starts)})
    last_peak = tr.peaks_vanish - tr.alpha_tol
    for a in sorted({*np.linspace(0.0, last_peak, BRANCH_POINTS).tolist(), tr.global_switch}):
        mins = alpha_local_minima(a, teacher, starts)
        peak += [(a, m.sigma) for m in mins if m.landing == "peak" and m.mu * side > 0]
    for a in sorted({*np.linspace(0.0, 1.0, BRANCH_POINTS).tolist(), tr.global_switch}):
        mins = alpha_local_minima(a, teacher, starts)
        cover += [(a, m.sigma) for m in mins if m.landing == "cover"]
    return AlphaPicture(fits, tr, before, after, tuple(peak), tuple(cover), kinds)


def shown_fit(pic: AlphaPicture, alpha: float) -> tuple[float, float]:
    """The fitted student ``(mu, sigma)`` drawn at ``alpha``.

    Between two computed fits on the same side of the path switch it is interpolated in
    ``(mu, log sigma)``; across the switch it is not: below it only the fits that land below
    count, above it only those above, so the picture jumps where the descent does.
    """
    switch = float(pic.transitions.path_switch)  # type: ignore[arg-type]
    below = alpha < switch
    side = sorted((f for f in (*pic.fits, pic.before, pic.after) if (f.alpha < switch) == below),
                  key=lambda f: f.alpha)
    at = [f.alpha for f in side]
    mu = float(np.interp(alpha, at, [f.mu for f in side]))
    sigma = math.exp(float(np.interp(alpha, at, [math.log(f.sigma) for f in side])))
    return mu, sigma
