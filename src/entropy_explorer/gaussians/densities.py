"""Gaussian and mixture densities, and expectations under them by quadrature.

Every expectation ``E_{x ~ N(m, s^2)}[f(x)]`` is ``integral phi(z) f(m + s z) dz`` by the
trapezoid rule on ``z in [-Z_MAX, Z_MAX]`` (:data:`Z_NODES`, :data:`Z_WEIGHTS`); an
expectation under the mixture is the weighted sum of its components'. The accuracy is
stated in the package docstring (:mod:`entropy_explorer.gaussians`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from entropy_explorer.examples import GaussianMixture

__all__ = [
    "LOG_SQRT_2PI",
    "QUADRATURE_NODES",
    "Z_MAX",
    "Z_NODES",
    "Z_WEIGHTS",
    "Direction",
    "Objective",
    "check_student",
    "expect_mixture",
    "expect_normal",
    "logsumexp",
    "mixture_logpdf",
    "mixture_moments",
    "mixture_pdf",
    "mixture_score",
    "normal_logpdf",
    "normal_pdf",
    "validate_mixture",
]


#: Half-width of the standard-normal integration range.
Z_MAX = 12.0
#: Trapezoid nodes on ``[-Z_MAX, Z_MAX]``.
QUADRATURE_NODES = 2401

Z_NODES = np.linspace(-Z_MAX, Z_MAX, QUADRATURE_NODES)
Z_WEIGHTS = np.full(QUADRATURE_NODES, Z_NODES[1] - Z_NODES[0])
Z_WEIGHTS[[0, -1]] *= 0.5
Z_WEIGHTS = Z_WEIGHTS * np.exp(-0.5 * Z_NODES**2) / math.sqrt(2 * math.pi)

LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)

Direction = Literal["forward", "reverse"]
#: What a descent path minimises: a KL direction, or the alpha-divergence.
Objective = Literal["forward", "reverse", "alpha"]


# ----------------------------------------------------------------------- densities
def logsumexp(a: NDArray[np.float64], axis: int = -1, keepdims: bool = False) -> NDArray[np.float64]:
    """``log(sum(exp(a)))`` along ``axis``, shifted by the maximum (no overflow/underflow)."""
    m = np.max(a, axis=axis, keepdims=True)
    out = m + np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True))
    return out if keepdims else np.squeeze(out, axis=axis)


def validate_mixture(mixture: GaussianMixture) -> tuple[NDArray[np.float64], ...]:
    """Return ``(weights, means, sigmas)`` as read-only arrays after checking them.

    Components of weight 0 are dropped. Results are cached per mixture (it is frozen).

    Raises
    ------
    ValueError
        If the lengths differ, a weight is negative, the weights do not sum to 1, or a
        width is not positive and finite.
    """
    return _validated(mixture)


@lru_cache(maxsize=64)
def _validated(mixture: GaussianMixture) -> tuple[NDArray[np.float64], ...]:
    w = np.asarray(mixture.weights, dtype=float)
    m = np.asarray(mixture.means, dtype=float)
    s = np.asarray(mixture.sigmas, dtype=float)
    if not (w.shape == m.shape == s.shape) or w.ndim != 1 or w.size == 0:
        raise ValueError("a mixture needs as many weights, means and sigmas (at least one)")
    if (w < 0).any() or abs(w.sum() - 1.0) > 1e-9:
        raise ValueError(f"mixture weights must be >= 0 and sum to 1, got {w.tolist()}")
    if not (np.isfinite(s).all() and (s > 0).all() and np.isfinite(m).all()):
        raise ValueError("mixture means must be finite and sigmas positive and finite")
    keep = w > 0
    out = (w[keep], m[keep], s[keep])
    for a in out:
        a.setflags(write=False)
    return out


def check_student(mu: float, sigma: float) -> None:
    if not (math.isfinite(mu) and math.isfinite(sigma) and sigma > 0):
        raise ValueError(f"student needs a finite mu and a positive sigma, got ({mu}, {sigma})")


def normal_logpdf(x: ArrayLike, mu: float, sigma: float) -> NDArray[np.float64]:
    """Log-density of ``N(mu, sigma^2)`` at ``x``."""
    x = np.asarray(x, dtype=float)
    return -0.5 * ((x - mu) / sigma) ** 2 - math.log(sigma) - LOG_SQRT_2PI


def normal_pdf(x: ArrayLike, mu: float, sigma: float) -> NDArray[np.float64]:
    """Density of ``N(mu, sigma^2)`` at ``x``."""
    return np.exp(normal_logpdf(x, mu, sigma))


def _component_logpdfs(x: NDArray[np.float64], mixture: GaussianMixture) -> NDArray[np.float64]:
    """``log w_k + log N(x; m_k, s_k^2)``, components along the first axis."""
    w, m, s = validate_mixture(mixture)
    return np.stack([
        (math.log(wk) - math.log(sk) - LOG_SQRT_2PI) - 0.5 * ((x - mk) / sk) ** 2
        for wk, mk, sk in zip(w.tolist(), m.tolist(), s.tolist(), strict=True)
    ])


def mixture_logpdf(x: ArrayLike, mixture: GaussianMixture) -> NDArray[np.float64]:
    """Log-density of the mixture at ``x`` (log-sum-exp: finite however far out)."""
    return logsumexp(_component_logpdfs(np.asarray(x, dtype=float), mixture), axis=0)


def mixture_pdf(x: ArrayLike, mixture: GaussianMixture) -> NDArray[np.float64]:
    """Density of the mixture at ``x``."""
    return np.exp(mixture_logpdf(x, mixture))


def mixture_score(x: ArrayLike, mixture: GaussianMixture) -> NDArray[np.float64]:
    """``d/dx log p(x)``: responsibilities times each component's score."""
    x = np.asarray(x, dtype=float)
    comp = _component_logpdfs(x, mixture)
    resp = np.exp(comp - logsumexp(comp, axis=0, keepdims=True))
    _, m, s = validate_mixture(mixture)
    shape = (-1,) + (1,) * x.ndim
    return np.sum(resp * (-(x - m.reshape(shape)) / (s**2).reshape(shape)), axis=0)


def mixture_moments(mixture: GaussianMixture) -> tuple[float, float]:
    """Mean and variance of the mixture (closed form)."""
    w, m, s = validate_mixture(mixture)
    mean = float(np.sum(w * m))
    var = float(np.sum(w * (s**2 + m**2)) - mean**2)
    return mean, var


# -------------------------------------------------------------------- expectations
def expect_normal(f: Callable[[NDArray[np.float64]], NDArray[np.float64]], mu: float,
                   sigma: float) -> float:
    """``E_{x ~ N(mu, sigma^2)}[f(x)]`` by the trapezoid rule in ``z``."""
    return float(np.dot(Z_WEIGHTS, f(mu + sigma * Z_NODES)))


def expect_mixture(f: Callable[[NDArray[np.float64]], NDArray[np.float64]],
                    mixture: GaussianMixture) -> float:
    """``E_{x ~ P}[f(x)]`` for the mixture ``P``: weighted component expectations."""
    w, m, s = validate_mixture(mixture)
    return float(sum(wk * expect_normal(f, mk, sk) for wk, mk, sk in zip(w, m, s, strict=True)))

