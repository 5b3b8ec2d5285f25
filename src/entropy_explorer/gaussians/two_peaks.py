"""The descent runs on the two-peaked teacher that the scenes draw and the audit checks.

Each run takes its settings from :mod:`entropy_explorer.examples` (the teacher
``BIMODAL_TEACHER``, the starts ``STUDENT_START`` / ``STUDENT_START_CENTRAL`` /
``TWO_PEAK_STARTS``, the orders ``ALPHA_SWEEP`` and the one descent setting
``TWO_PEAK_DESCENT``) and is computed once per process, so a scene cannot draw a run with
other settings than the one the audit checks: both call these functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from entropy_explorer.examples import (
    ALPHA_SWEEP,
    BIMODAL_TEACHER,
    STUDENT_START,
    STUDENT_START_CENTRAL,
    TWO_PEAK_DESCENT,
    TWO_PEAK_STARTS,
    GaussianDescent,
    GaussianMixture,
    GaussianStarts,
)
from entropy_explorer.gaussians.alpha_fits import (
    AlphaFit,
    AlphaTransitions,
    alpha_sweep,
    alpha_transitions,
)
from entropy_explorer.gaussians.densities import Direction
from entropy_explorer.gaussians.descent import OptimisationPath, descend

__all__ = ["TwoPeakPaths", "alpha_fits", "descent_ends", "section10_paths"]


@dataclass(frozen=True)
class TwoPeakPaths:
    """Section 10's three descent paths on the two-peaked teacher.

    ``forward`` and ``reverse`` start from ``STUDENT_START``; ``central`` is reverse KL from
    ``STUDENT_START_CENTRAL``, which settles in the wide symmetric valley.
    """

    forward: OptimisationPath
    reverse: OptimisationPath
    central: OptimisationPath


@cache
def section10_paths(settings: GaussianDescent = TWO_PEAK_DESCENT) -> TwoPeakPaths:
    """The forward, reverse and central paths (sections 10, 17 and 20 draw them)."""
    opts = settings.options()
    start = (STUDENT_START.mu, STUDENT_START.sigma)
    return TwoPeakPaths(
        forward=descend("forward", BIMODAL_TEACHER, *start, **opts),  # type: ignore[arg-type]
        reverse=descend("reverse", BIMODAL_TEACHER, *start, **opts),  # type: ignore[arg-type]
        central=descend("reverse", BIMODAL_TEACHER, STUDENT_START_CENTRAL.mu,
                        STUDENT_START_CENTRAL.sigma, **opts),  # type: ignore[arg-type]
    )


@cache
def alpha_fits(settings: GaussianDescent = TWO_PEAK_DESCENT
               ) -> tuple[tuple[AlphaFit, ...], AlphaTransitions]:
    """The alpha sweep from section 10's start and where the fit changes character
    (sections 14 and 18 draw it; the audit's ``task.alpha_interpolates`` checks it)."""
    opts = settings.options()
    start = (STUDENT_START.mu, STUDENT_START.sigma)
    return (alpha_sweep(ALPHA_SWEEP, BIMODAL_TEACHER, *start, **opts),
            alpha_transitions(BIMODAL_TEACHER, *start, **opts))


@cache
def descent_ends(direction: Direction, teacher: GaussianMixture = BIMODAL_TEACHER,
                 starts: GaussianStarts = TWO_PEAK_STARTS,
                 settings: GaussianDescent = TWO_PEAK_DESCENT) -> tuple[tuple[float, ...], ...]:
    """``(mu0, sigma0, mu, sigma, kl)`` where descent from each start of ``starts`` ends.

    A mu within 1e-9 of 0 is quadrature round-off (a start on the symmetry axis stays on
    it) and is reported as 0.
    """
    ends = []
    for mu0 in starts.mus:
        for s0 in starts.sigmas:
            path = descend(direction, teacher, mu0, s0, **settings.options())  # type: ignore[arg-type]
            mu, sigma, kl = path.end
            ends.append((mu0, s0, 0.0 if abs(mu) < 1e-9 else mu, sigma, kl))
    return tuple(ends)
