"""Amari's alpha-divergence between a Gaussian mixture and one Gaussian, and its gradient.

``alpha = 1`` is the forward KL, ``alpha = 0`` the reverse KL; in nats. The closed form
between two Gaussians (:func:`gaussian_alpha_divergence`) is the tests' reference.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray
from scipy import special

from entropy_explorer.examples import GaussianMixture
from entropy_explorer.gaussians.densities import (
    Z_NODES,
    Z_WEIGHTS,
    check_student,
    mixture_logpdf,
    normal_logpdf,
    validate_mixture,
)
from entropy_explorer.gaussians.kl import (
    forward_kl,
    forward_kl_grad,
    gaussian_kl,
    reverse_kl,
    reverse_kl_grad,
)

__all__ = ["alpha_divergence", "alpha_divergence_grad", "check_alpha", "gaussian_alpha_divergence"]


# ------------------------------------------------------------- alpha-divergence
def check_alpha(alpha: float) -> float:
    try:
        a = float(alpha)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"alpha must be a number in [0, 1], got {alpha!r}") from exc
    if not 0.0 <= a <= 1.0:
        raise ValueError(
            f"alpha must be in [0, 1] (0 = reverse KL, 1 = forward KL), got {alpha!r}"
        )
    return a


def gaussian_alpha_divergence(alpha: float, mu1: float, sigma1: float, mu2: float,
                              sigma2: float) -> float:
    """Closed form ``D_alpha(N(mu1, sigma1^2) || N(mu2, sigma2^2))`` in nats (Amari's alpha).

    ``log I = (1-a) log sigma1 + a log sigma2 - log(v) / 2 - a (1-a) (mu1-mu2)^2 / (2 v)``
    with ``v = a sigma2^2 + (1-a) sigma1^2`` and ``D = (1 - I) / (a (1-a))``; the
    :func:`gaussian_kl` limits at ``a = 1`` (forward) and ``a = 0`` (reverse).
    """
    a = check_alpha(alpha)
    check_student(mu1, sigma1)
    check_student(mu2, sigma2)
    if a == 1.0:
        return gaussian_kl(mu1, sigma1, mu2, sigma2)
    if a == 0.0:
        return gaussian_kl(mu2, sigma2, mu1, sigma1)
    if a > 0.5:  # duality D_a(P||Q) = D_(1-a)(Q||P): every term below is O(min(a, 1-a))
        a, mu1, sigma1, mu2, sigma2 = 1 - a, mu2, sigma2, mu1, sigma1
    # In units of sigma1: rho = sigma2 / sigma1, k = rho^2 - 1, u = v / sigma1^2 = 1 + a k,
    # d = (mu1 - mu2) / sigma1. log I = a L with L = log rho - log(u) / (2 a) - (1-a) d^2 / (2 u)
    # formed without a's rounding: log(u) / a = k log1p(x) / x at x = a k, so a subnormal a
    # (5e-324 k is rounded to a multiple of 5e-324) keeps every digit; and in logs where
    # rho^2 or d^2 would overflow (a very wide or very narrow pair: D tends to 1 / (a (1-a))).
    log_rho = math.log(sigma2) - math.log(sigma1)
    k = math.expm1(2 * log_rho) if log_rho < 350 else math.inf
    x = a * k
    if abs(x) <= 1e-8:
        log_u = x * (1 - x / 2 + x * x / 3)
        half_log_u_over_a = 0.5 * k * (1 - x / 2 + x * x / 3)
    else:
        log_u = (math.log1p(x) if log_rho < 350 else
                 _log_add(math.log(a) + 2 * log_rho, math.log1p(-a)))
        half_log_u_over_a = 0.5 * log_u / a
    d = abs(mu1 - mu2)
    mean_term = (0.0 if d == 0 else
                 (1 - a) / 2 * math.exp(2 * (math.log(d) - math.log(sigma1)) - log_u))
    ell = log_rho - half_log_u_over_a - mean_term
    log_i = a * ell
    if log_i < -1.0:  # no cancellation in 1 - I here, and exprel(-inf) * -inf is undefined
        return -math.expm1(log_i) / (a * (1 - a))
    return max(-ell * float(special.exprel(log_i)) / (1 - a), 0.0)


def _log_add(u: float, v: float) -> float:
    """``log(exp(u) + exp(v))`` without overflow."""
    hi, lo = max(u, v), min(u, v)
    return hi + math.log1p(math.exp(lo - hi))


def _proposal(mixture: GaussianMixture, mu: float, sigma: float
              ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64],
                         NDArray[np.float64], NDArray[np.float64]]:
    """Nodes and weights for ``integral f dx = E_R[f / R]`` with ``R = (P + Q) / 2``.

    Returns ``(x, weight, log p, log q, log r)`` on a ``(components + 1, nodes)`` grid: each
    teacher component and the student get their own ``z`` grid, weighted by their share of
    ``R``.
    """
    w, m, s = validate_mixture(mixture)
    centres = np.append(m, mu)
    widths = np.append(s, sigma)
    shares = np.append(0.5 * w, 0.5)
    x = centres[:, None] + widths[:, None] * Z_NODES[None, :]
    weight = shares[:, None] * Z_WEIGHTS[None, :]
    log_p = mixture_logpdf(x, mixture)
    log_q = normal_logpdf(x, mu, sigma)
    log_r = np.logaddexp(log_p, log_q) - math.log(2.0)
    return x, weight, log_p, log_q, log_r


def _tilted_excess(a: float, log_a: NDArray[np.float64], log_b: NDArray[np.float64],
                   log_r: NDArray[np.float64]) -> NDArray[np.float64]:
    """``B (exp(a l) - 1) / a / R`` with ``l = log A - log B``; ``B l / R`` at ``a = 0``.

    Equals ``(A^a B^(1-a) - B) / (a R)``, computed without cancellation as ``a -> 0`` (expm1)
    and without overflow where ``B << A`` (there it is formed in log space).
    """
    ell = log_a - log_b
    b_r = np.exp(log_b - log_r)
    if a == 0.0:
        return b_r * ell
    out = np.empty_like(ell)
    big = a * ell > 1.0
    small = ~big
    # expm1(a l) / a as l exprel(a l): exact for a subnormal a too, where a l is rounded to a
    # multiple of 5e-324 and dividing it by a again would keep none of l's digits
    out[small] = b_r[small] * ell[small] * special.exprel(a * ell[small])
    out[big] = (np.exp(a * log_a[big] + (1 - a) * log_b[big] - log_r[big]) - b_r[big]) / a
    return out


def alpha_divergence(alpha: float, mixture: GaussianMixture, mu: float, sigma: float) -> float:
    """Amari's alpha-divergence ``D_alpha(P || Q)`` in nats, ``Q = N(mu, sigma^2)``.

    ``D_alpha(P||Q) = integral [a P + (1-a) Q - P^a Q^(1-a)] dx / (a (1-a))`` for
    ``a = alpha`` in ``(0, 1)``; ``alpha = 1`` is the forward KL ``D(P||Q)`` and ``alpha = 0``
    the reverse KL ``D(Q||P)`` (computed by :func:`forward_kl` / :func:`reverse_kl`; the
    formula tends to them continuously). Rényi's divergence of the same order,
    ``R_a = log(integral P^a Q^(1-a)) / (a - 1)``, is an increasing function of it,
    ``D_a = (1 - exp(-(1-a) R_a)) / (a (1-a))``, so both have the same minimisers over ``Q``;
    but Rényi's ``a -> 0`` limit is 0, not the reverse KL, hence Amari's form here.

    The integrand is ``>= 0`` pointwise and at most ``2 R`` with ``R = (P + Q) / 2``, so it is
    integrated as ``E_R[... / R]`` with each component's ``z`` grid (module docstring). For
    ``alpha <= 1/2`` it is written ``[P - Q - Q expm1(a log(P/Q)) / a] / (1-a)`` and for
    ``alpha > 1/2`` symmetrically in ``1 - a`` (``D_a(P||Q) = D_(1-a)(Q||P)``), so nothing
    cancels catastrophically near either end.

    Raises
    ------
    ValueError
        If ``alpha`` is not in ``[0, 1]`` or the student is not a finite ``mu`` and a
        positive ``sigma``.
    """
    a = check_alpha(alpha)
    check_student(mu, sigma)
    if a == 1.0:
        return forward_kl(mixture, mu, sigma)
    if a == 0.0:
        return reverse_kl(mixture, mu, sigma)
    _, weight, log_p, log_q, log_r = _proposal(mixture, mu, sigma)
    if a <= 0.5:
        base, other, exponent, scale = log_q, log_p, a, 1 - a
    else:
        base, other, exponent, scale = log_p, log_q, 1 - a, a
    ratio = (np.exp(other - log_r) - np.exp(base - log_r)
             - _tilted_excess(exponent, other, base, log_r)) / scale
    return max(float(np.sum(weight * ratio)), 0.0)


def alpha_divergence_grad(alpha: float, mixture: GaussianMixture, mu: float,
                          sigma: float) -> NDArray[np.float64]:
    """Gradient of :func:`alpha_divergence` with respect to ``(mu, log sigma)``.

    ``d D_a / d theta = -(1/a) integral P^a Q^(1-a) d log Q / d theta dx`` with
    ``d log Q / d mu = (x - mu) / sigma^2`` and ``d log Q / d log sigma = (x - mu)^2 / sigma^2
    - 1``. For ``alpha <= 1/2`` the zero-mean score lets it be written
    ``-integral Q expm1(a log(P/Q)) / a * d log Q`` (no ``1/a`` blow-up). The endpoints use
    :func:`forward_kl_grad` and :func:`reverse_kl_grad`.
    """
    a = check_alpha(alpha)
    check_student(mu, sigma)
    if a == 1.0:
        return forward_kl_grad(mixture, mu, sigma)
    if a == 0.0:
        return reverse_kl_grad(mixture, mu, sigma)
    x, weight, log_p, log_q, log_r = _proposal(mixture, mu, sigma)
    if a <= 0.5:
        tilt = _tilted_excess(a, log_p, log_q, log_r)
    else:
        tilt = np.exp(a * log_p + (1 - a) * log_q - log_r) / a
    u = (x - mu) / sigma
    d_mu = -float(np.sum(weight * tilt * u)) / sigma
    d_s = -float(np.sum(weight * tilt * (u**2 - 1)))
    return np.array([d_mu, d_s])

