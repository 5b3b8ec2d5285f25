"""Both KL directions between a Gaussian mixture and one Gaussian, and their gradients.

In nats. Gradients are with respect to ``(mu, log sigma)``; the forward-KL optimum is moment
matching (closed form), the reverse-KL one on a peak is given by the well-separated theory.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from entropy_explorer.examples import GaussianMixture
from entropy_explorer.gaussians.densities import (
    LOG_SQRT_2PI,
    Z_NODES,
    Z_WEIGHTS,
    Direction,
    check_student,
    expect_mixture,
    expect_normal,
    mixture_logpdf,
    mixture_moments,
    mixture_score,
    normal_logpdf,
    validate_mixture,
)

__all__ = ["forward_kl", "forward_kl_grad", "forward_optimum", "gaussian_kl", "kl", "kl_grad",
           "kl_landscape", "reverse_kl", "reverse_kl_grad", "reverse_mode_solution"]


# --------------------------------------------------------------------------- KL
def gaussian_kl(mu1: float, sigma1: float, mu2: float, sigma2: float) -> float:
    """Closed form ``D(N(mu1, sigma1^2) || N(mu2, sigma2^2))`` in nats.

    Formed in units of ``sigma2`` (``r = sigma1 / sigma2``, ``d = (mu1 - mu2) / sigma2``):
    ``-log r + (r^2 + d^2) / 2 - 1/2``, so a very wide or very narrow pair gives a large
    value (or ``inf``), not an overflow of ``sigma^2``.
    """
    r = math.exp(math.log(sigma1) - math.log(sigma2))
    d = (mu1 - mu2) / sigma2
    return (math.log(sigma2) - math.log(sigma1)) + (r * r + d * d) / 2 - 0.5


def forward_kl(mixture: GaussianMixture, mu: float, sigma: float) -> float:
    """Forward KL ``D(P || Q) = E_{x~P}[log P(x) - log Q(x)]`` in nats, ``Q = N(mu, sigma^2)``."""
    check_student(mu, sigma)
    value = expect_mixture(lambda x: mixture_logpdf(x, mixture) - normal_logpdf(x, mu, sigma),
                            mixture)
    return max(value, 0.0)


def reverse_kl(mixture: GaussianMixture, mu: float, sigma: float) -> float:
    """Reverse KL ``D(Q || P) = E_{x~Q}[log Q(x) - log P(x)]`` in nats, ``Q = N(mu, sigma^2)``."""
    check_student(mu, sigma)
    # E_Q[log Q] = -H(Q) exactly; only E_Q[log P] needs the quadrature.
    neg_entropy = -(0.5 + LOG_SQRT_2PI + math.log(sigma))
    value = neg_entropy - expect_normal(lambda x: mixture_logpdf(x, mixture), mu, sigma)
    return max(value, 0.0)


def kl(direction: Direction, mixture: GaussianMixture, mu: float, sigma: float) -> float:
    """``forward_kl`` or ``reverse_kl`` by name."""
    if direction == "forward":
        return forward_kl(mixture, mu, sigma)
    if direction == "reverse":
        return reverse_kl(mixture, mu, sigma)
    raise ValueError(f"direction must be 'forward' or 'reverse', got {direction!r}")


def forward_kl_grad(mixture: GaussianMixture, mu: float, sigma: float) -> NDArray[np.float64]:
    """Gradient of the forward KL with respect to ``(mu, log sigma)``.

    ``d/dmu = -E_P[(x - mu)] / sigma^2`` and ``d/dlog sigma = 1 - E_P[(x - mu)^2] / sigma^2``.
    """
    check_student(mu, sigma)
    d_mu = -expect_mixture(lambda x: x - mu, mixture) / sigma**2
    d_s = 1.0 - expect_mixture(lambda x: (x - mu) ** 2, mixture) / sigma**2
    return np.array([d_mu, d_s])


def reverse_kl_grad(mixture: GaussianMixture, mu: float, sigma: float) -> NDArray[np.float64]:
    """Gradient of the reverse KL with respect to ``(mu, log sigma)``.

    With ``x = mu + sigma z`` (reparametrisation) and the teacher's score ``(log P)'``:
    ``d/dmu = -E_z[(log P)'(x)]`` and ``d/dlog sigma = -1 - sigma E_z[z (log P)'(x)]``.
    """
    check_student(mu, sigma)
    score = mixture_score(mu + sigma * Z_NODES, mixture)
    d_mu = -float(np.dot(Z_WEIGHTS, score))
    d_s = -1.0 - sigma * float(np.dot(Z_WEIGHTS, Z_NODES * score))
    return np.array([d_mu, d_s])


def kl_grad(direction: Direction, mixture: GaussianMixture, mu: float,
          sigma: float) -> NDArray[np.float64]:
    if direction == "forward":
        return forward_kl_grad(mixture, mu, sigma)
    if direction == "reverse":
        return reverse_kl_grad(mixture, mu, sigma)
    raise ValueError(f"direction must be 'forward' or 'reverse', got {direction!r}")


def forward_optimum(mixture: GaussianMixture) -> tuple[float, float]:
    """The forward-KL optimum ``(mu, sigma)``: moment matching (the mixture's mean and sd)."""
    mean, var = mixture_moments(mixture)
    return mean, math.sqrt(var)


def reverse_mode_solution(mixture: GaussianMixture, k: int) -> tuple[float, float, float]:
    """The well-separated-peaks theory for reverse KL sitting on component ``k``.

    If the other components are negligible where component ``k`` lives, ``Q`` equal to that
    component gives ``D(Q||P) = -log w_k``. Returns ``(mu, sigma, kl)``; the true local
    optimum is close to it only when the peaks are far apart compared with their widths.
    """
    w, m, s = validate_mixture(mixture)
    return float(m[k]), float(s[k]), -math.log(float(w[k]))


def kl_landscape(direction: Direction, mixture: GaussianMixture, mus: ArrayLike,
                 sigmas: ArrayLike) -> NDArray[np.float64]:
    """KL on a grid: ``out[i, j] = kl(direction, mixture, mus[j], sigmas[i])``.

    Same quadrature as :func:`forward_kl` / :func:`reverse_kl`, vectorised over each row.
    """
    mus = np.asarray(mus, dtype=float).reshape(-1)
    sigmas = np.asarray(sigmas, dtype=float).reshape(-1)
    for m in mus:
        check_student(float(m), 1.0)
    for sg in sigmas:
        check_student(0.0, float(sg))
    out = np.empty((sigmas.size, mus.size))
    if direction == "reverse":
        for i, sigma in enumerate(sigmas):
            logp = mixture_logpdf(mus[:, None] + sigma * Z_NODES[None, :], mixture)
            out[i] = -(0.5 + LOG_SQRT_2PI + math.log(sigma)) - logp @ Z_WEIGHTS
    elif direction == "forward":
        w, m, s = validate_mixture(mixture)
        neg_entropy = expect_mixture(lambda x: mixture_logpdf(x, mixture), mixture)
        # E_P[(x - mu)^2] by the same quadrature, per component: first and second moments
        first = sum(wk * expect_normal(lambda x: x, mk, sk) for wk, mk, sk in zip(w, m, s, strict=True))
        second = sum(wk * expect_normal(lambda x: x**2, mk, sk)
                     for wk, mk, sk in zip(w, m, s, strict=True))
        for i, sigma in enumerate(sigmas):
            sq = second - 2 * mus * first + mus**2
            out[i] = neg_entropy + 0.5 * sq / sigma**2 + math.log(sigma) + LOG_SQRT_2PI
    else:
        raise ValueError(f"direction must be 'forward' or 'reverse', got {direction!r}")
    return np.maximum(out, 0.0)

