"""Information, entropy, cross-entropy and KL divergence for discrete distributions.

Pure numpy: this module never imports manim. Every number a scene shows about
information or entropy comes from here.

Conventions
-----------
* ``base=2`` measures in bits, ``base=math.e`` in nats; any base > 0 other than 1 works.
* ``0 * log 0 = 0``: outcomes with ``p(x) = 0`` contribute nothing.
* Support mismatch (``p(x) > 0`` where ``q(x) = 0``) gives ``inf``: never ``nan``, never a
  warning.
* A distribution is a non-empty 1-D sequence of finite, non-negative numbers whose sum is 1
  within :data:`SUM_TOLERANCE` (absolute). Anything else raises
  :class:`InvalidDistributionError`, a :class:`ValueError`, saying what is wrong.
* KL is not a metric: :func:`triangle_gap` and :func:`find_triangle_counterexample` show the
  triangle inequality failing; :func:`support_mismatch` says which direction is infinite.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "SUM_TOLERANCE",
    "InvalidDistributionError",
    "SupportMismatch",
    "TriangleCounterexample",
    "as_distribution",
    "binary_entropy",
    "cross_entropy",
    "cross_entropy_terms",
    "entropy",
    "find_triangle_counterexample",
    "information",
    "kl_divergence",
    "kl_terms",
    "softmax",
    "support_mismatch",
    "triangle_gap",
]

#: A distribution's entries must sum to 1 within this absolute tolerance.
SUM_TOLERANCE = 1e-6


class InvalidDistributionError(ValueError):
    """A probability, a distribution or a logarithm base is not valid."""


def _log_base(base: float) -> float:
    """Natural log of ``base``, after checking that ``base`` can be a logarithm base."""
    try:
        b = float(base)
    except (TypeError, ValueError) as exc:
        raise InvalidDistributionError(f"base must be a number, got {base!r}") from exc
    if not math.isfinite(b) or b <= 0 or b == 1:
        raise InvalidDistributionError(
            f"base must be a finite number > 0 and != 1 (2 for bits, e for nats), got {base!r}"
        )
    return math.log(b)


def _as_float_array(values: ArrayLike, name: str) -> NDArray[np.float64]:
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidDistributionError(f"{name} must be numeric, got {values!r}") from exc
    return arr


def _check_probabilities(arr: NDArray[np.float64], name: str) -> None:
    if arr.size == 0:
        raise InvalidDistributionError(f"{name} is empty")
    if np.isnan(arr).any():
        raise InvalidDistributionError(f"{name} contains NaN")
    if (arr < 0).any():
        raise InvalidDistributionError(
            f"{name} has negative entries: {arr[arr < 0].tolist()}"
        )
    if (arr > 1).any():
        raise InvalidDistributionError(
            f"{name} has entries greater than 1: {arr[arr > 1].tolist()}"
        )


def as_distribution(p: ArrayLike, name: str = "p") -> NDArray[np.float64]:
    """Validate ``p`` as a discrete distribution and return it as a float array.

    Raises
    ------
    InvalidDistributionError
        If ``p`` is empty, not 1-D, has NaN, infinite, negative entries, or does not sum
        to 1 within :data:`SUM_TOLERANCE`.
    """
    arr = _as_float_array(p, name)
    if arr.ndim != 1:
        raise InvalidDistributionError(
            f"{name} must be a 1-D sequence of probabilities, got shape {arr.shape}"
        )
    _check_probabilities(arr, name)
    total = float(arr.sum())
    if abs(total - 1.0) > SUM_TOLERANCE:
        raise InvalidDistributionError(
            f"{name} must sum to 1 (within {SUM_TOLERANCE:g}), but sums to {total:.10g}"
        )
    return arr


def _pair(p: ArrayLike, q: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    pa = as_distribution(p, "p")
    qa = as_distribution(q, "q")
    if pa.shape != qa.shape:
        raise InvalidDistributionError(
            f"p and q must have the same length, got {pa.shape[0]} and {qa.shape[0]}"
        )
    return pa, qa


@overload
def information(p: float, base: float = 2) -> float: ...
@overload
def information(p: Sequence[float] | NDArray[np.float64], base: float = 2) -> NDArray[np.float64]: ...


def information(p: ArrayLike, base: float = 2) -> float | NDArray[np.float64]:
    """Self-information ``-log_base p`` of an event of probability ``p``.

    Accepts one probability or an array of them (each in [0, 1]; they need not sum to 1).
    ``information(0)`` is ``inf``. Returns a float for a scalar, an array otherwise.
    """
    lb = _log_base(base)
    arr = _as_float_array(p, "p")
    _check_probabilities(arr.reshape(-1), "p")
    with np.errstate(divide="ignore"):
        out = -np.log(arr) / lb
    out = out + 0.0  # turn -0.0 (p = 1) into 0.0
    if out.ndim == 0:
        return float(out)
    return out


def _plogq(p: NDArray[np.float64], q: NDArray[np.float64]) -> float:
    """``-sum p log q`` in nats with 0 log 0 = 0 and inf where p > 0 = q."""
    mask = p > 0
    if (q[mask] == 0).any():
        return math.inf
    return float(-np.sum(p[mask] * np.log(q[mask])))


def entropy(p: ArrayLike, base: float = 2) -> float:
    """Shannon entropy ``H(P) = -sum_x P(x) log P(x)``."""
    lb = _log_base(base)
    pa = as_distribution(p, "p")
    return _plogq(pa, pa) / lb + 0.0


def cross_entropy(p: ArrayLike, q: ArrayLike, base: float = 2) -> float:
    """Cross-entropy ``H(P, Q) = -sum_x P(x) log Q(x)``; ``inf`` on support mismatch."""
    lb = _log_base(base)
    pa, qa = _pair(p, q)
    return _plogq(pa, qa) / lb + 0.0


def cross_entropy_terms(p: ArrayLike, q: ArrayLike, base: float = 2) -> NDArray[np.float64]:
    """Per-outcome terms ``P(x) * -log Q(x)`` of ``H(P, Q)``; they sum to :func:`cross_entropy`.

    ``0`` where ``P(x) = 0`` (whatever ``Q(x)``), ``inf`` where ``P(x) > 0 = Q(x)``.
    ``cross_entropy_terms(p, p)`` are the terms of the entropy ``H(P)``.
    """
    lb = _log_base(base)
    pa, qa = _pair(p, q)
    out = np.zeros_like(pa)
    mask = pa > 0
    with np.errstate(divide="ignore"):
        out[mask] = -pa[mask] * np.log(qa[mask]) / lb
    return out + 0.0


def kl_divergence(p: ArrayLike, q: ArrayLike, base: float = 2) -> float:
    """Forward KL divergence ``D(P||Q) = sum_x P(x) log(P(x)/Q(x))``.

    Reverse KL is ``kl_divergence(q, p)``. ``inf`` where ``P(x) > 0 = Q(x)``. Never
    negative: tiny negative round-off is clipped to 0.
    """
    lb = _log_base(base)
    pa, qa = _pair(p, q)
    mask = pa > 0
    if (qa[mask] == 0).any():
        return math.inf
    value = float(np.sum(pa[mask] * (np.log(pa[mask]) - np.log(qa[mask])))) / lb
    return max(value, 0.0)


def kl_terms(p: ArrayLike, q: ArrayLike, base: float = 2) -> NDArray[np.float64]:
    """Per-outcome terms ``P(x) log(P(x)/Q(x))`` of ``D(P||Q)``.

    ``0`` where ``P(x) = 0`` (whatever ``Q(x)``: 0 log 0 = 0), ``inf`` where ``P(x) > 0 = Q(x)``.
    A term may be negative (where ``Q(x) > P(x)``); the terms sum to :func:`kl_divergence`
    (up to its clipping of round-off below 0). Reverse KL's terms are ``kl_terms(q, p)``.
    """
    lb = _log_base(base)
    pa, qa = _pair(p, q)
    out = np.zeros_like(pa)
    mask = pa > 0
    with np.errstate(divide="ignore"):
        out[mask] = pa[mask] * (np.log(pa[mask]) - np.log(qa[mask])) / lb
    return out + 0.0


@overload
def binary_entropy(p: float, base: float = 2) -> float: ...
@overload
def binary_entropy(p: Sequence[float] | NDArray[np.float64], base: float = 2) -> NDArray[np.float64]: ...


def binary_entropy(p: ArrayLike, base: float = 2) -> float | NDArray[np.float64]:
    """Entropy of a coin with heads probability ``p``: ``-p log p - (1-p) log(1-p)``.

    Accepts one probability or an array of them, each in [0, 1].
    """
    lb = _log_base(base)
    arr = _as_float_array(p, "p")
    _check_probabilities(arr.reshape(-1), "p")
    with np.errstate(divide="ignore", invalid="ignore"):
        h = -(np.where(arr > 0, arr * np.log(arr), 0.0) + np.where(arr < 1, (1 - arr) * np.log1p(-arr), 0.0))
    out = h / lb + 0.0
    if out.ndim == 0:
        return float(out)
    return out


def softmax(logits: ArrayLike, temperature: float = 1.0) -> NDArray[np.float64]:
    """``softmax(logits / temperature)``, computed stably (max subtracted first).

    Raises :class:`InvalidDistributionError` for empty or non-finite logits or a
    temperature that is not a positive finite number.
    """
    z = _as_float_array(logits, "logits")
    if z.ndim != 1 or z.size == 0:
        raise InvalidDistributionError(f"logits must be a non-empty 1-D sequence, got shape {z.shape}")
    if not np.isfinite(z).all():
        raise InvalidDistributionError("logits must be finite")
    t = float(temperature)
    if not math.isfinite(t) or t <= 0:
        raise InvalidDistributionError(f"temperature must be a positive finite number, got {temperature!r}")
    z = z / t
    e = np.exp(z - z.max())
    return e / e.sum()


# ------------------------------------------------------------------ KL is not a metric
def triangle_gap(p: ArrayLike, q: ArrayLike, r: ArrayLike, base: float = 2) -> float:
    """``D(P||R) - [D(P||Q) + D(Q||R)]``: positive when the triangle inequality fails.

    Each term as :func:`kl_divergence`; ``nan`` when ``D(P||R)`` and the detour are both
    infinite. Never ``+inf``: where ``P > 0 = R``, either ``Q = 0`` (``D(P||Q)`` infinite) or
    ``Q > 0`` (``D(Q||R)`` infinite).
    """
    pr, pq, qr = kl_divergence(p, r, base), kl_divergence(p, q, base), kl_divergence(q, r, base)
    if math.isinf(pr) and math.isinf(pq + qr):
        return math.nan
    return pr - (pq + qr)


@dataclass(frozen=True)
class TriangleCounterexample:
    """Three distributions with ``D(P||R) > D(P||Q) + D(Q||R)``, every KL in both directions.

    ``kl_ab`` is ``D(A||B)`` in the unit of ``base`` (2: bits).
    """

    p: tuple[float, ...]
    q: tuple[float, ...]
    r: tuple[float, ...]
    base: float
    kl_pq: float
    kl_qp: float
    kl_qr: float
    kl_rq: float
    kl_pr: float
    kl_rp: float
    #: how many triples the search compared, and how many of them violate the inequality
    searched: int
    violating: int

    @property
    def violation(self) -> float:
        """``D(P||R) - [D(P||Q) + D(Q||R)]`` (> 0)."""
        return self.kl_pr - (self.kl_pq + self.kl_qr)

    @property
    def ratio(self) -> float:
        """``D(P||R) / [D(P||Q) + D(Q||R)]`` (> 1)."""
        return self.kl_pr / (self.kl_pq + self.kl_qr)


#: The triple search compares at most this many triples (it holds them all in memory).
MAX_TRIANGLE_TRIPLES = 5_000_000


def find_triangle_counterexample(outcomes: int = 3, grid: int = 10,
                                 base: float = 2) -> TriangleCounterexample:
    """The triple that breaks the triangle inequality the most, found by exhaustive search.

    Searches every ordered triple ``(P, Q, R)`` of distributions on ``outcomes`` outcomes
    whose probabilities are positive multiples of ``1 / grid`` (all KLs finite) and returns
    the one with the largest violation ``D(P||R) - D(P||Q) - D(Q||R)``; the first in
    lexicographic order among equals. Deterministic: no randomness.

    Raises
    ------
    InvalidDistributionError
        If ``outcomes < 2``, ``grid < outcomes`` (no positive grid point), or the search
        would compare more than :data:`MAX_TRIANGLE_TRIPLES` triples.
    """
    lb = _log_base(base)
    if isinstance(outcomes, bool) or not isinstance(outcomes, int) or outcomes < 2:
        raise InvalidDistributionError(f"outcomes must be an integer >= 2, got {outcomes!r}")
    if isinstance(grid, bool) or not isinstance(grid, int) or grid < outcomes:
        raise InvalidDistributionError(
            f"grid must be an integer >= outcomes ({outcomes}) so every probability can be "
            f"positive, got {grid!r}"
        )
    n_points = math.comb(grid - 1, outcomes - 1)
    if n_points**3 > MAX_TRIANGLE_TRIPLES:
        raise InvalidDistributionError(
            f"{outcomes} outcomes in steps of 1/{grid} give {n_points**3:,} triples, more than "
            f"{MAX_TRIANGLE_TRIPLES:,}: use fewer outcomes or a coarser grid"
        )
    points = np.array([c for c in itertools.product(range(1, grid), repeat=outcomes)
                       if sum(c) == grid], dtype=float) / grid
    logs = np.log(points)
    # kl[i, j] = D(points[i] || points[j])
    kl = np.sum(points[:, None, :] * (logs[:, None, :] - logs[None, :, :]), axis=-1) / lb
    # gap[i, j, k] = D(P_i||R_k) - D(P_i||Q_j) - D(Q_j||R_k)
    gap = kl[:, None, :] - kl[:, :, None] - kl[None, :, :]
    i, j, k = np.unravel_index(int(np.argmax(gap)), gap.shape)
    if gap[i, j, k] <= 0:  # pragma: no cover - every grid here has violations
        raise InvalidDistributionError("no triple on this grid breaks the triangle inequality")
    p, q, r = points[i], points[j], points[k]

    def d(a: NDArray[np.float64], b: NDArray[np.float64]) -> float:
        return kl_divergence(a, b, base)

    return TriangleCounterexample(
        p=tuple(p.tolist()), q=tuple(q.tolist()), r=tuple(r.tolist()), base=float(base),
        kl_pq=d(p, q), kl_qp=d(q, p), kl_qr=d(q, r), kl_rq=d(r, q), kl_pr=d(p, r), kl_rp=d(r, p),
        searched=int(gap.size), violating=int(np.sum(gap > 1e-12)),
    )


@dataclass(frozen=True)
class SupportMismatch:
    """Both KL directions between ``P`` and ``Q`` and the outcomes that make one infinite.

    ``p_only`` are the outcomes with ``P > 0 = Q`` (they make ``D(P||Q)`` infinite);
    ``q_only`` those with ``Q > 0 = P`` (they make ``D(Q||P)`` infinite).
    """

    forward: float
    reverse: float
    p_only: tuple[int, ...]
    q_only: tuple[int, ...]


def support_mismatch(p: ArrayLike, q: ArrayLike, base: float = 2) -> SupportMismatch:
    """``D(P||Q)``, ``D(Q||P)`` and the outcomes where one distribution is zero alone."""
    pa, qa = _pair(p, q)
    return SupportMismatch(
        forward=kl_divergence(pa, qa, base),
        reverse=kl_divergence(qa, pa, base),
        p_only=tuple(np.flatnonzero((pa > 0) & (qa == 0)).tolist()),
        q_only=tuple(np.flatnonzero((qa > 0) & (pa == 0)).tolist()),
    )
