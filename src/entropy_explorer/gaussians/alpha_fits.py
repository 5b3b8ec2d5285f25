"""Where the alpha-divergence fit lands: the sweep over alpha, every local minimum, and the
orders where the fit changes character (section "We only want task-relevant modes").
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize

from entropy_explorer.examples import GaussianMixture
from entropy_explorer.gaussians.alpha import alpha_divergence, alpha_divergence_grad, check_alpha
from entropy_explorer.gaussians.densities import check_student, mixture_moments, validate_mixture
from entropy_explorer.gaussians.descent import OptimisationPath, descend_alpha

__all__ = ["COVER_WIDTHS", "AlphaFit", "AlphaTransitions", "Landing", "LocalMinimum",
           "alpha_local_minima", "alpha_sweep", "alpha_transitions", "landing"]


# ------------------------------------------------------- alpha sweep and minima
Landing = Literal["peak", "cover", "valley", "partial"]

#: A student "covers" a teacher component when the component's mean lies within this many
#: student standard deviations of the student's mean (2: the central 95 % of ``Q``).
COVER_WIDTHS = 2.0


def landing(mixture: GaussianMixture, mu: float, sigma: float) -> Landing:
    """Where the student ``N(mu, sigma^2)`` sits relative to the teacher's peaks.

    Counts the components whose mean is within :data:`COVER_WIDTHS` student widths of
    ``mu``: ``"peak"`` for exactly one (of two or more), ``"cover"`` for all, ``"valley"``
    for none (a student squeezed between peaks), ``"partial"`` otherwise.
    """
    check_student(mu, sigma)
    _, m, _ = validate_mixture(mixture)
    inside = int(np.sum(np.abs(m - mu) <= COVER_WIDTHS * sigma))
    if inside == m.size:
        return "cover"
    if inside == 0:
        return "valley"
    return "peak" if inside == 1 else "partial"


@dataclass(frozen=True)
class AlphaFit:
    """The descent path for one ``alpha`` and where it ended."""

    alpha: float
    path: OptimisationPath
    landing: Landing

    @property
    def mu(self) -> float:
        return float(self.path.mu[-1])

    @property
    def sigma(self) -> float:
        return float(self.path.sigma[-1])

    @property
    def value(self) -> float:
        """The alpha-divergence (nats) at the end of the path."""
        return float(self.path.kl[-1])


def alpha_sweep(alphas: ArrayLike, mixture: GaussianMixture, mu0: float, sigma0: float,
                **descend_options: float) -> tuple[AlphaFit, ...]:
    """One :func:`descend_alpha` path per ``alpha``, all from ``(mu0, sigma0)``.

    ``descend_options`` go to :func:`descend_alpha` (``learning_rate``, ``max_step``,
    ``max_steps``, ``tol``). Fits come back in the order of ``alphas``.
    """
    fits = []
    for a in np.asarray(alphas, dtype=float).reshape(-1).tolist():
        path = descend_alpha(a, mixture, mu0, sigma0, **descend_options)  # type: ignore[arg-type]
        fits.append(AlphaFit(alpha=a, path=path,
                             landing=landing(mixture, float(path.mu[-1]), float(path.sigma[-1]))))
    return tuple(fits)


@dataclass(frozen=True)
class LocalMinimum:
    """A local minimum of :func:`alpha_divergence` over ``(mu, log sigma)``.

    ``hessian_eigenvalues`` (ascending, in ``(mu, log sigma)``, by central differences of
    the analytic gradient) are all positive: a minimum, not a saddle.
    """

    alpha: float
    mu: float
    sigma: float
    value: float
    grad_norm: float
    hessian_eigenvalues: tuple[float, float]
    landing: Landing


def _default_starts(mixture: GaussianMixture, grid: bool = True) -> list[tuple[float, float]]:
    """Each component, the moment-matched Gaussian, narrow and wide students between
    neighbouring peaks, and (``grid``) a coarse grid over the teacher's range."""
    _, m, s = validate_mixture(mixture)
    mean, var = mixture_moments(mixture)
    starts = [(float(mk), float(sk)) for mk, sk in zip(m, s, strict=True)]
    starts.append((mean, math.sqrt(var)))
    order = np.sort(m)
    for left, right in zip(order[:-1].tolist(), order[1:].tolist(), strict=True):
        gap = right - left
        if gap > 0:
            starts += [((left + right) / 2, gap / 4), ((left + right) / 2, gap)]
    if not grid:
        return starts
    lo, hi = float(m.min() - 2 * s.max()), float(m.max() + 2 * s.max())
    widths = (0.5 * float(s.min()), float(s.max()), math.sqrt(var))
    starts += [(float(x), w) for x in np.linspace(lo, hi, 7) for w in widths]
    return starts


def _hessian(alpha: float, mixture: GaussianMixture, mu: float, sigma: float,
             h: float = 1e-4) -> NDArray[np.float64]:
    """Hessian in ``(mu, log sigma)``: central differences of the analytic gradient."""
    theta = np.array([mu, math.log(sigma)])
    cols = []
    for e in np.eye(2) * h:
        up, down = theta + e, theta - e
        cols.append((alpha_divergence_grad(alpha, mixture, up[0], math.exp(up[1]))
                     - alpha_divergence_grad(alpha, mixture, down[0], math.exp(down[1]))) / (2 * h))
    hess = np.column_stack(cols)
    return 0.5 * (hess + hess.T)


def alpha_local_minima(alpha: float, mixture: GaussianMixture,
                       starts: Sequence[tuple[float, float]] | None = None, *,
                       gtol: float = 1e-7, merge: float = 1e-3) -> tuple[LocalMinimum, ...]:
    """Every local minimum of :func:`alpha_divergence` found from many starts.

    From each ``(mu, sigma)`` in ``starts`` (default: each teacher component, the
    moment-matched Gaussian, students between neighbouring peaks, and a 7 x 3 grid over
    the teacher's range) BFGS runs on ``(mu, log sigma)`` with the analytic gradient. An end
    point counts if its gradient norm is below ``gtol`` and its Hessian is positive
    definite; end points closer than ``merge`` in ``(mu, log sigma)`` are one minimum.
    Sorted by value, the global minimum first. Multi-start can miss a basin none of the
    starts lies in; it cannot report a point that is not a local minimum.
    """
    a = check_alpha(alpha)
    validate_mixture(mixture)
    points = _default_starts(mixture) if starts is None else list(starts)
    for mu0, sigma0 in points:
        check_student(mu0, sigma0)

    def loss(th: NDArray[np.float64]) -> float:
        return alpha_divergence(a, mixture, float(th[0]), math.exp(float(th[1])))

    def jac(th: NDArray[np.float64]) -> NDArray[np.float64]:
        return alpha_divergence_grad(a, mixture, float(th[0]), math.exp(float(th[1])))

    found: list[LocalMinimum] = []
    for mu0, sigma0 in points:
        res = optimize.minimize(loss, np.array([mu0, math.log(sigma0)]), jac=jac, method="BFGS",
                                options={"gtol": gtol / 10, "maxiter": 500})
        mu, log_s = float(res.x[0]), float(res.x[1])
        if not (math.isfinite(mu) and abs(log_s) < 20):
            continue
        sigma = math.exp(log_s)
        grad_norm = float(np.linalg.norm(jac(res.x)))
        if grad_norm > gtol:
            continue
        if any(math.hypot(mu - f.mu, log_s - math.log(f.sigma)) < merge for f in found):
            continue
        eig = np.linalg.eigvalsh(_hessian(a, mixture, mu, sigma))
        if eig[0] <= 0:
            continue
        found.append(LocalMinimum(alpha=a, mu=mu, sigma=sigma, value=float(res.fun),
                                  grad_norm=grad_norm,
                                  hessian_eigenvalues=(float(eig[0]), float(eig[1])),
                                  landing=landing(mixture, mu, sigma)))
    # ties (mirror-image minima of a symmetric teacher) in a fixed order: left first
    return tuple(sorted(found, key=lambda f: (round(f.value, 10), f.mu)))


@dataclass(frozen=True)
class AlphaTransitions:
    """The orders ``alpha`` in ``[0, 1]`` where the alpha-fit changes character.

    Each is located by bisection to within ``alpha_tol`` (the value is the final bracket's
    midpoint), or is ``None`` when nothing changes between ``alpha = 0`` and ``1``.

    * ``path_switch``: the descent from the given start lands as at ``alpha = 0`` below
      it and as at ``alpha = 1`` above it.
    * ``global_switch``: the deepest local minimum changes its :func:`landing` here.
    * ``peaks_vanish``: above it no local minimum sits on a single peak.
    """

    path_switch: float | None
    global_switch: float | None
    peaks_vanish: float | None
    alpha_tol: float


def _bisect_alpha(changed: Callable[[float], bool], tol: float) -> float | None:
    """Smallest-bracket midpoint where ``changed`` flips from False (at 0) to True (at 1)."""
    if changed(0.0) or not changed(1.0):
        return None
    lo, hi = 0.0, 1.0
    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        if changed(mid):
            hi = mid
        else:
            lo = mid
    return 0.5 * (lo + hi)


def alpha_transitions(mixture: GaussianMixture, mu0: float, sigma0: float, *,
                      alpha_tol: float = 1e-3, **descend_options: float) -> AlphaTransitions:
    """Locate the :class:`AlphaTransitions` for a teacher and a start.

    Paths use :func:`descend_alpha` with ``descend_options``; minima use
    :func:`alpha_local_minima` from its informed starts (components, moment match, between
    peaks; no grid, for speed). Assumes one change of each kind in ``[0, 1]``, as measured
    for the two-peaked teacher; bisection finds one crossing if there were several.
    """
    if not 0 < alpha_tol < 0.5:
        raise ValueError(f"alpha_tol must be in (0, 0.5), got {alpha_tol}")
    check_student(mu0, sigma0)
    starts = _default_starts(mixture, grid=False)

    def path_landing(a: float) -> Landing:
        path = descend_alpha(a, mixture, mu0, sigma0, **descend_options)  # type: ignore[arg-type]
        return landing(mixture, float(path.mu[-1]), float(path.sigma[-1]))

    def deepest(a: float) -> Landing:
        return alpha_local_minima(a, mixture, starts)[0].landing

    path_at_0, deepest_at_0 = path_landing(0.0), deepest(0.0)
    return AlphaTransitions(
        path_switch=_bisect_alpha(lambda a: path_landing(a) != path_at_0, alpha_tol),
        global_switch=_bisect_alpha(lambda a: deepest(a) != deepest_at_0, alpha_tol),
        peaks_vanish=_bisect_alpha(
            lambda a: all(f.landing != "peak" for f in alpha_local_minima(a, mixture, starts)),
            alpha_tol),
        alpha_tol=alpha_tol,
    )

