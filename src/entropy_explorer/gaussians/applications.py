"""Two closed-form toys of "Applications You'll See in Practice": the KL trust region of an
isotropic Gaussian policy and the encoder a VAE's objective chooses.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["trust_region_radius", "trust_region_step", "vae_encoder_optimum"]


# ------------------------------------------------- applications: two closed forms
def _positive(name: str, value: float) -> float:
    v = float(value)
    if not (math.isfinite(v) and v > 0):
        raise ValueError(f"{name} must be positive and finite, got {value!r}")
    return v


def trust_region_radius(delta: float, sigma: float) -> float:
    """How far the mean of an isotropic Gaussian policy may move within a KL trust region.

    For ``pi_old = N(m_old, sigma^2 I)`` and ``pi_new = N(m_new, sigma^2 I)`` (same
    covariance, any dimension), ``D(pi_old || pi_new) = |m_new - m_old|^2 / (2 sigma^2)``,
    so ``D <= delta`` is the ball of radius ``sigma sqrt(2 delta)`` around ``m_old``. With
    equal covariances the KL is symmetric: the ring is the same in either direction.
    """
    return _positive("sigma", sigma) * math.sqrt(2.0 * _positive("delta", delta))


def trust_region_step(direction: ArrayLike, delta: float, sigma: float) -> NDArray[np.float64]:
    """The mean update that maximises ``g . step`` subject to ``D(pi_old || pi_new) <= delta``.

    The policies are as in :func:`trust_region_radius`; the surrogate is linear in the
    step (TRPO's first-order model of the advantage), so the best step is the radius along
    ``g`` whatever the length of ``g``: ``sigma sqrt(2 delta) g / |g|``.
    """
    g = np.asarray(direction, dtype=float)
    if g.ndim != 1 or g.size == 0 or not np.isfinite(g).all():
        raise ValueError(f"direction must be a finite vector, got {direction!r}")
    norm = float(np.linalg.norm(g))
    if norm == 0:
        raise ValueError("direction must not be zero: a zero gradient has no best step")
    return trust_region_radius(delta, sigma) * g / norm


def vae_encoder_optimum(x: float, noise_sigma: float, beta: float = 1.0) -> tuple[float, float]:
    """The Gaussian encoder ``q(z|x) = N(mu, sigma^2)`` that a VAE's objective chooses.

    A one-dimensional toy with prior ``p(z) = N(0, 1)`` and decoder ``p(x|z) = N(z,
    noise_sigma^2)``; the objective for one observation ``x`` is the negative ELBO with
    the KL term weighted by ``beta`` (``beta = 1`` is the plain VAE)::

        E_q[-log p(x|z)] + beta D(q(z|x) || p(z))
          = ((x - mu)^2 + sigma^2) / (2 s^2) + beta (mu^2 + sigma^2 - 1 - 2 log sigma) / 2
            + const,

    minimised at ``mu = x / (1 + beta s^2)`` and ``sigma^2 = beta s^2 / (1 + beta s^2)``
    (``s = noise_sigma``). At ``beta = 1`` that is the exact posterior ``p(z|x)``; as
    ``beta -> 0`` the encoder shrinks onto ``z = x`` (reconstruction alone), and as
    ``beta`` grows the KL term pulls it onto the prior ``N(0, 1)``. Returns ``(mu, sigma)``.
    """
    xv = float(x)
    if not math.isfinite(xv):
        raise ValueError(f"x must be finite, got {x!r}")
    s2 = _positive("noise_sigma", noise_sigma) ** 2
    b = _positive("beta", beta)
    return xv / (1.0 + b * s2), math.sqrt(b * s2 / (1.0 + b * s2))
