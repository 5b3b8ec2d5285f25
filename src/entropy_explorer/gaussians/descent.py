"""Gradient descent on a one-Gaussian student's ``(mu, log sigma)``, every step kept.

By one KL direction (:func:`descend`) or by the alpha-divergence (:func:`descend_alpha`);
deterministic, with step clipping. The settings a scene draws and the audit checks are
named once in :mod:`entropy_explorer.examples` (``TWO_PEAK_DESCENT``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from entropy_explorer.examples import GaussianMixture
from entropy_explorer.gaussians.alpha import alpha_divergence, alpha_divergence_grad, check_alpha
from entropy_explorer.gaussians.densities import Direction, Objective, check_student
from entropy_explorer.gaussians.kl import kl, kl_grad

__all__ = ["OptimisationPath", "descend", "descend_alpha"]


# ------------------------------------------------------------------ optimisation
@dataclass(frozen=True)
class OptimisationPath:
    """Every step of gradient descent on ``(mu, log sigma)``.

    ``mu[i]``, ``sigma[i]``, ``kl[i]`` are the student and its objective (nats) after ``i``
    steps; index 0 is the initial student. The objective is the KL in ``direction``
    (``"forward"`` or ``"reverse"``), or for ``direction == "alpha"`` the alpha-divergence
    of order ``alpha`` (:func:`alpha_divergence`). ``converged`` says whether the gradient
    norm fell below the tolerance before ``max_steps``.
    """

    direction: Objective
    mu: NDArray[np.float64]
    sigma: NDArray[np.float64]
    kl: NDArray[np.float64]
    grad_norm: NDArray[np.float64]
    converged: bool
    alpha: float | None = None

    def objective(self, mixture: GaussianMixture, mu: float, sigma: float) -> float:
        """This path's objective (its KL or alpha-divergence) at the student ``(mu, sigma)``."""
        if self.direction == "alpha":
            return alpha_divergence(float(self.alpha), mixture, mu, sigma)  # type: ignore[arg-type]
        return kl(self.direction, mixture, mu, sigma)

    @property
    def steps(self) -> int:
        """Number of gradient steps taken (``len(mu) - 1``)."""
        return len(self.mu) - 1

    def at(self, t: float) -> tuple[float, float]:
        """The student ``(mu, sigma)`` at fractional step ``t`` (linear in ``mu``, ``log sigma``)."""
        t = min(max(float(t), 0.0), float(self.steps))
        i = min(int(math.floor(t)), max(self.steps - 1, 0))
        f = t - i
        if self.steps == 0:
            return float(self.mu[0]), float(self.sigma[0])
        mu = (1 - f) * self.mu[i] + f * self.mu[i + 1]
        log_s = (1 - f) * math.log(self.sigma[i]) + f * math.log(self.sigma[i + 1])
        return float(mu), float(math.exp(log_s))

    def step_at_progress(self, u: float) -> float:
        """Fractional step at which the path has covered fraction ``u`` of its length.

        Length is measured in the ``(mu, log sigma)`` plane, so animating ``u`` linearly
        moves the student at constant speed; the step index says how far the descent is.
        """
        u = min(max(float(u), 0.0), 1.0)
        if self.steps == 0:
            return 0.0
        seg = np.hypot(np.diff(self.mu), np.diff(np.log(self.sigma)))
        cum = np.concatenate([[0.0], np.cumsum(seg)])
        if cum[-1] == 0:
            return u * self.steps
        return float(np.interp(u * cum[-1], cum, np.arange(self.steps + 1)))

    @property
    def start(self) -> tuple[float, float, float]:
        """``(mu, sigma, kl)`` of the initial student."""
        return float(self.mu[0]), float(self.sigma[0]), float(self.kl[0])

    @property
    def end(self) -> tuple[float, float, float]:
        """``(mu, sigma, kl)`` after the last step."""
        return float(self.mu[-1]), float(self.sigma[-1]), float(self.kl[-1])


def _descend(
    loss: Callable[[float, float], float],
    grad: Callable[[float, float], NDArray[np.float64]],
    mu0: float,
    sigma0: float,
    *,
    learning_rate: float,
    max_step: float | None,
    max_steps: int,
    tol: float,
) -> dict[str, NDArray[np.float64] | bool]:
    """The descent loop shared by :func:`descend` and :func:`descend_alpha`."""
    check_student(mu0, sigma0)
    if not (learning_rate > 0 and math.isfinite(learning_rate)):
        raise ValueError(f"learning_rate must be positive, got {learning_rate}")
    if max_step is not None and not max_step > 0:
        raise ValueError(f"max_step must be positive, got {max_step}")
    theta = np.array([float(mu0), math.log(sigma0)])
    mus, sigmas, kls, norms = [], [], [], []
    converged = False
    for step in range(max_steps + 1):
        mu, sigma = float(theta[0]), math.exp(theta[1])
        g = grad(mu, sigma)
        mus.append(mu)
        sigmas.append(sigma)
        kls.append(loss(mu, sigma))
        norms.append(float(np.linalg.norm(g)))
        if norms[-1] < tol:
            converged = True
            break
        if step == max_steps:
            break
        update = learning_rate * g
        if max_step is not None:
            norm = float(np.linalg.norm(update))
            if norm > max_step:
                update *= max_step / norm
        theta = theta - update
    return {"mu": np.array(mus), "sigma": np.array(sigmas), "kl": np.array(kls),
            "grad_norm": np.array(norms), "converged": converged}


def descend(
    direction: Direction,
    mixture: GaussianMixture,
    mu0: float,
    sigma0: float,
    *,
    learning_rate: float = 0.1,
    max_step: float | None = None,
    max_steps: int = 2000,
    tol: float = 1e-6,
) -> OptimisationPath:
    """Gradient descent on ``(mu, log sigma)`` for one KL direction.

    Each update is ``-learning_rate * grad``, shortened to length ``max_step`` if it is
    longer (step clipping: far from the optimum the forward-KL gradient in ``log sigma`` is
    huge and a plain step overshoots wildly). No momentum, so the path follows the gradient
    field's direction (a student started on a symmetry axis of a symmetric teacher stays
    on it). Deterministic. Stops when the gradient norm is below ``tol`` or after
    ``max_steps``.
    """
    if direction not in ("forward", "reverse"):
        raise ValueError(f"direction must be 'forward' or 'reverse', got {direction!r}")
    run = _descend(lambda m, s: kl(direction, mixture, m, s),
                   lambda m, s: kl_grad(direction, mixture, m, s), mu0, sigma0,
                   learning_rate=learning_rate, max_step=max_step, max_steps=max_steps, tol=tol)
    return OptimisationPath(direction=direction, **run)  # type: ignore[arg-type]


def descend_alpha(
    alpha: float,
    mixture: GaussianMixture,
    mu0: float,
    sigma0: float,
    *,
    learning_rate: float = 0.1,
    max_step: float | None = None,
    max_steps: int = 2000,
    tol: float = 1e-6,
) -> OptimisationPath:
    """Gradient descent on ``(mu, log sigma)`` for :func:`alpha_divergence`.

    The same loop and options as :func:`descend`; the path's ``direction`` is ``"alpha"``,
    its ``alpha`` the order and its ``kl`` the alpha-divergence along the way. At
    ``alpha = 1`` (``0``) the path is the forward (reverse) KL path step for step.
    """
    a = check_alpha(alpha)
    run = _descend(lambda m, s: alpha_divergence(a, mixture, m, s),
                   lambda m, s: alpha_divergence_grad(a, mixture, m, s), mu0, sigma0,
                   learning_rate=learning_rate, max_step=max_step, max_steps=max_steps, tol=tol)
    return OptimisationPath(direction="alpha", alpha=a, **run)  # type: ignore[arg-type]

