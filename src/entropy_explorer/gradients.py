"""Forward- and reverse-KL gradients for a softmax student, exact and sampled.

Pure numpy: this module never imports manim. The teacher ``P`` is a categorical
distribution; the student is ``Q_theta = softmax(theta)`` with logits ``theta``. All
logarithms are natural (nats). For a softmax, ``grad_theta log Q(x) = e_x - Q`` (one-hot
minus the probabilities), which every formula here uses.

* Forward KL ``D(P||Q)``: exact gradient ``Q - P``; sample estimator ``-(e_x - Q)`` with
  ``x ~ P`` (the cross-entropy gradient).
* Reverse KL ``D(Q||P)``: exact gradient ``sum_x Q(x) (log Q(x) - log P(x)) (e_x - Q)``;
  REINFORCE estimator ``(log Q(x) - log P(x) - b) (e_x - Q)`` with ``x ~ Q`` and an optional
  constant baseline ``b`` (unbiased for any ``b`` because ``E_Q[e_x - Q] = 0``).
* PPO with the KL-only reward ``r = log P - log Q``: its policy gradient is minus the
  reverse-KL gradient (:func:`policy_gradient`); its sampled (unclipped) estimate is the
  REINFORCE estimate with the sign flipped (:func:`ppo_estimator_stats`), advantage
  ``r - b``.
* A 2-D slice of logit space (:func:`plane_basis`, :func:`to_plane`): softmax ignores a
  constant added to every logit, so gradients are orthogonal to ``(1, ..., 1)``.

Estimators are computed per batch from multinomial counts drawn with a caller-supplied
``numpy.random.Generator``, so results are reproducible from a seed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from entropy_explorer.infotheory import InvalidDistributionError, as_distribution, softmax

__all__ = [
    "Direction",
    "EstimatorStats",
    "central_difference",
    "covariance_in_plane",
    "estimate_batches",
    "estimator_stats",
    "exact_gradient",
    "forward_gradient",
    "forward_kl_nats",
    "grad_log_q",
    "per_sample_covariance",
    "plane_basis",
    "policy_gradient",
    "ppo_advantage",
    "ppo_covariance",
    "ppo_estimator_stats",
    "ppo_kl_reward",
    "ppo_value_baseline",
    "ppo_variance_ratio",
    "reverse_gradient",
    "reverse_kl_nats",
    "to_plane",
    "variance_ratio",
]

Direction = Literal["forward", "reverse"]


def _teacher(p: ArrayLike, *, strictly_positive: bool) -> NDArray[np.float64]:
    pa = as_distribution(p, "p")
    if strictly_positive and (pa <= 0).any():
        raise InvalidDistributionError(
            "reverse KL against a softmax student needs P(x) > 0 everywhere "
            "(the student gives every outcome some mass, so D(Q||P) would be infinite)"
        )
    return pa


def _student(p: NDArray[np.float64], logits: ArrayLike) -> NDArray[np.float64]:
    q = softmax(logits)
    if q.shape != p.shape:
        raise InvalidDistributionError(
            f"teacher has {p.shape[0]} outcomes but the student has {q.shape[0]} logits"
        )
    return q


def _log_softmax(logits: ArrayLike) -> NDArray[np.float64]:
    z = np.asarray(logits, dtype=float)
    z = z - z.max()
    return z - np.log(np.sum(np.exp(z)))


def grad_log_q(logits: ArrayLike) -> NDArray[np.float64]:
    """``grad_theta log Q(x)`` for every outcome ``x``: row ``x`` is ``e_x - Q``."""
    q = softmax(logits)
    return np.eye(q.size) - q


def forward_kl_nats(p: ArrayLike, logits: ArrayLike) -> float:
    """``D(P || softmax(logits))`` in nats."""
    pa = _teacher(p, strictly_positive=False)
    logq = _log_softmax(logits)
    _student(pa, logits)
    mask = pa > 0
    return float(np.sum(pa[mask] * (np.log(pa[mask]) - logq[mask])))


def reverse_kl_nats(p: ArrayLike, logits: ArrayLike) -> float:
    """``D(softmax(logits) || P)`` in nats (``P`` must be positive everywhere)."""
    pa = _teacher(p, strictly_positive=True)
    q = _student(pa, logits)
    logq = _log_softmax(logits)
    return float(np.sum(q * (logq - np.log(pa))))


def forward_gradient(p: ArrayLike, logits: ArrayLike) -> NDArray[np.float64]:
    """Exact ``grad_theta D(P || Q_theta) = -E_P[e_x - Q] = Q - P``."""
    pa = _teacher(p, strictly_positive=False)
    q = _student(pa, logits)
    return q - pa


def reverse_gradient(p: ArrayLike, logits: ArrayLike) -> NDArray[np.float64]:
    """Exact ``grad_theta D(Q_theta || P) = E_Q[(log Q - log P)(e_x - Q)]``."""
    pa = _teacher(p, strictly_positive=True)
    q = _student(pa, logits)
    d = _log_softmax(logits) - np.log(pa)
    return q * d - q * float(np.dot(q, d))


def exact_gradient(direction: Direction, p: ArrayLike, logits: ArrayLike) -> NDArray[np.float64]:
    """``forward_gradient`` or ``reverse_gradient`` by name."""
    if direction == "forward":
        return forward_gradient(p, logits)
    if direction == "reverse":
        return reverse_gradient(p, logits)
    raise ValueError(f"direction must be 'forward' or 'reverse', got {direction!r}")


def _per_sample(direction: Direction, p: ArrayLike, logits: ArrayLike,
                baseline: float) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Sampling distribution and the one-sample estimate for each outcome (rows)."""
    if direction == "forward":
        pa = _teacher(p, strictly_positive=False)
        q = _student(pa, logits)
        return pa, -(np.eye(q.size) - q)
    if direction == "reverse":
        pa = _teacher(p, strictly_positive=True)
        q = _student(pa, logits)
        d = _log_softmax(logits) - np.log(pa) - baseline
        return q, d[:, None] * (np.eye(q.size) - q)
    raise ValueError(f"direction must be 'forward' or 'reverse', got {direction!r}")


def per_sample_covariance(direction: Direction, p: ArrayLike, logits: ArrayLike,
                          baseline: float = 0.0) -> NDArray[np.float64]:
    """Exact covariance matrix of the one-sample estimator (``batch_size = 1``).

    A batch mean of ``B`` samples has this covariance divided by ``B``.
    """
    w, g = _per_sample(direction, p, logits, baseline)
    mean = w @ g
    second = (g * w[:, None]).T @ g
    return second - np.outer(mean, mean)


def estimate_batches(
    direction: Direction,
    p: ArrayLike,
    logits: ArrayLike,
    *,
    batch_size: int,
    n_batches: int,
    rng: np.random.Generator,
    baseline: float = 0.0,
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Sampled gradient estimates, one per batch.

    Forward samples ``x ~ P`` and averages ``-(e_x - Q)``; reverse samples ``x ~ Q`` and
    averages ``(log Q(x) - log P(x) - baseline)(e_x - Q)``. Returns ``(estimates, counts)``:
    ``estimates[b]`` is batch ``b``'s mean gradient (shape ``(n_batches, K)``) and
    ``counts[b, x]`` how often outcome ``x`` was drawn in it.
    """
    if batch_size < 1 or n_batches < 1:
        raise ValueError("batch_size and n_batches must be at least 1")
    w, g = _per_sample(direction, p, logits, baseline)
    counts = rng.multinomial(batch_size, w / w.sum(), size=n_batches)
    return (counts / batch_size) @ g, counts


@dataclass(frozen=True)
class EstimatorStats:
    """Many batch estimates of one gradient, summarised.

    ``total_variance`` is the trace of the estimates' covariance (the expected squared
    distance from their mean); ``relative_variance`` divides it by ``|exact|^2``.
    """

    direction: Direction
    exact: NDArray[np.float64]
    estimates: NDArray[np.float64]
    counts: NDArray[np.int64]

    @property
    def mean(self) -> NDArray[np.float64]:
        return self.estimates.mean(axis=0)

    @property
    def variance(self) -> NDArray[np.float64]:
        """Per-component sample variance (``ddof=1``)."""
        return self.estimates.var(axis=0, ddof=1)

    @property
    def total_variance(self) -> float:
        return float(self.variance.sum())

    @property
    def relative_variance(self) -> float:
        return self.total_variance / float(np.dot(self.exact, self.exact))

    @property
    def samples_per_outcome(self) -> NDArray[np.int64]:
        """How often each outcome was drawn across all batches."""
        return self.counts.sum(axis=0)

    def standard_error(self) -> NDArray[np.float64]:
        """Standard error of ``mean``, per component."""
        return np.sqrt(self.variance / self.estimates.shape[0])

    @property
    def n_batches(self) -> int:
        return int(self.estimates.shape[0])

    def head(self, n: int) -> EstimatorStats:
        """The same run cut to its first ``n`` batches (``2 <= n <= n_batches``)."""
        if not 2 <= n <= self.n_batches:
            raise ValueError(f"need 2 <= n <= {self.n_batches}, got {n}")
        return EstimatorStats(self.direction, self.exact, self.estimates[:n], self.counts[:n])

    def histogram(self, component: int, edges: ArrayLike) -> NDArray[np.int64]:
        """How many batch estimates of ``component`` fall in each bin of ``edges``."""
        counts, _ = np.histogram(self.estimates[:, component], bins=np.asarray(edges, dtype=float))
        return counts


def estimator_stats(
    direction: Direction,
    p: ArrayLike,
    logits: ArrayLike,
    *,
    batch_size: int,
    n_batches: int,
    rng: np.random.Generator,
    baseline: float = 0.0,
) -> EstimatorStats:
    """Run :func:`estimate_batches` and keep the exact gradient beside the estimates."""
    est, counts = estimate_batches(direction, p, logits, batch_size=batch_size,
                                   n_batches=n_batches, rng=rng, baseline=baseline)
    return EstimatorStats(direction, exact_gradient(direction, p, logits), est, counts)


def ppo_kl_reward(p: ArrayLike, logits: ArrayLike) -> NDArray[np.float64]:
    """The KL-only PPO reward ``r(x) = log P(x) - log Q_theta(x)`` for every outcome."""
    pa = _teacher(p, strictly_positive=True)
    _student(pa, logits)
    return np.log(pa) - _log_softmax(logits)


def policy_gradient(logits: ArrayLike, reward: ArrayLike, baseline: float = 0.0) -> NDArray[np.float64]:
    """Exact policy gradient ``E_{x~Q}[(r(x) - b) grad log Q(x)]`` (no clipping)."""
    q = softmax(logits)
    r = np.asarray(reward, dtype=float)
    if r.shape != q.shape:
        raise ValueError(f"reward has shape {r.shape}, expected {q.shape}")
    a = r - baseline
    return q * a - q * float(np.dot(q, a))


def variance_ratio(p: ArrayLike, logits: ArrayLike, component: int | None = None,
                   baseline: float = 0.0) -> float:
    """Exact ``Var[reverse estimator] / Var[forward estimator]`` at equal batch size.

    Per one-sample estimate (the batch size cancels). ``component`` picks one logit's
    variance; ``None`` compares the traces (total variance over all logits).
    """
    rev = per_sample_covariance("reverse", p, logits, baseline)
    fwd = per_sample_covariance("forward", p, logits)
    if component is None:
        return float(np.trace(rev) / np.trace(fwd))
    return float(rev[component, component] / fwd[component, component])


# ------------------------------------------------------------------ PPO, sampled
# The KL-only PPO reward is r = log P - log Q, the advantage A = r - b, and PPO *ascends*
# J with the (unclipped) estimator A(x) grad log Q(x), x ~ Q. That is the reverse-KL
# REINFORCE estimator with its sign flipped and its baseline negated:
# A(x) = r(x) - b = -(log Q(x) - log P(x) - (-b)).


def ppo_advantage(p: ArrayLike, logits: ArrayLike, baseline: float = 0.0) -> NDArray[np.float64]:
    """The advantage ``A(x) = r(x) - b`` of every outcome for the KL-only reward."""
    return ppo_kl_reward(p, logits) - float(baseline)


def ppo_value_baseline(p: ArrayLike, logits: ArrayLike) -> float:
    """The average reward ``E_Q[r] = -D(Q||P)``: the usual (value) baseline."""
    q = softmax(logits)
    return float(np.dot(q, ppo_kl_reward(p, logits)))


def ppo_covariance(p: ArrayLike, logits: ArrayLike, baseline: float = 0.0,
                   batch_size: int = 1) -> NDArray[np.float64]:
    """Exact covariance of the PPO estimate ``A(x) grad log Q(x)``, ``x ~ Q``, averaged
    over a batch of ``batch_size`` draws (the one-sample covariance divided by it).

    Flipping the sign of an estimate leaves its covariance unchanged, so this is the
    reverse-KL estimator's covariance at baseline ``-b``.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    return per_sample_covariance("reverse", p, logits, -float(baseline)) / batch_size


def ppo_estimator_stats(
    p: ArrayLike,
    logits: ArrayLike,
    *,
    batch_size: int,
    n_batches: int,
    rng: np.random.Generator,
    baseline: float = 0.0,
) -> EstimatorStats:
    """Sampled PPO-style (unclipped) estimates of ``grad J`` for the KL-only reward.

    Batches of ``x ~ Q`` from :func:`estimate_batches` (``"reverse"``), sign flipped for
    ascent, with the advantage ``r - b``. ``exact`` is :func:`policy_gradient` with that
    reward, which equals ``-reverse_gradient``. The draws depend on ``rng`` and the student
    only, so one seed gives the same batches for every baseline.
    """
    est, counts = estimate_batches("reverse", p, logits, batch_size=batch_size,
                                   n_batches=n_batches, rng=rng, baseline=-float(baseline))
    exact = policy_gradient(logits, ppo_kl_reward(p, logits), baseline)
    return EstimatorStats("reverse", exact, -est, counts)


def ppo_variance_ratio(p: ArrayLike, logits: ArrayLike, baseline: float = 0.0) -> float:
    """Total variance of the PPO estimator over that of forward-KL distillation.

    Traces of the one-sample covariances (equal batch sizes; the batch size cancels): how
    many times more samples from the student the KL-only PPO gradient needs than
    cross-entropy on teacher samples, for the same total variance.
    """
    return variance_ratio(p, logits, baseline=-float(baseline))


# --------------------------------------------------------------- a 2-D logit slice
def plane_basis(directions: ArrayLike, *, tol: float = 1e-9) -> NDArray[np.float64]:
    """Orthonormal rows along ``directions``, each orthogonal to ``(1, ..., 1)``.

    Softmax ignores a constant added to every logit, so every gradient of a function of
    ``softmax(logits)`` is orthogonal to ``(1, ..., 1)``; with three classes two such
    directions span all of them. Raises ``ValueError`` when a direction is zero, has a
    component along ``(1, ..., 1)``, or is not orthogonal to another.
    """
    d = np.atleast_2d(np.asarray(directions, dtype=float))
    norms = np.linalg.norm(d, axis=1)
    if d.ndim != 2 or d.shape[1] < 2 or np.any(norms == 0) or not np.all(np.isfinite(d)):
        raise ValueError("directions must be non-zero, finite logit vectors of one length")
    u = d / norms[:, None]
    along_ones = np.abs(u.sum(axis=1)) / np.sqrt(u.shape[1])
    if np.any(along_ones > tol):
        i = int(np.argmax(along_ones))
        raise ValueError(f"direction {i} has a component along (1, ..., 1), which softmax ignores")
    gram = u @ u.T - np.eye(u.shape[0])
    if np.any(np.abs(gram) > tol):
        raise ValueError("the directions are not orthogonal to one another")
    return u


def to_plane(vectors: ArrayLike, basis: ArrayLike, *, tol: float = 1e-9) -> NDArray[np.float64]:
    """Coordinates of logit-space ``vectors`` (one per row, or one vector) on ``basis``.

    ``basis`` comes from :func:`plane_basis`. Raises ``ValueError`` for a vector with a
    component along ``(1, ..., 1)``: it is not a softmax gradient, and the slice would
    silently drop that part.
    """
    v = np.asarray(vectors, dtype=float)
    u = np.asarray(basis, dtype=float)
    if v.shape[-1] != u.shape[-1]:
        raise ValueError(f"vectors have {v.shape[-1]} logits but the basis has {u.shape[-1]}")
    scale = max(1.0, float(np.max(np.abs(v)))) if v.size else 1.0
    if np.any(np.abs(v.sum(axis=-1)) > tol * scale * v.shape[-1]):
        raise ValueError("a vector has a component along (1, ..., 1); it is not a softmax gradient")
    return v @ u.T


def covariance_in_plane(covariance: ArrayLike, basis: ArrayLike) -> NDArray[np.float64]:
    """The covariance of a logit-space estimator, seen in the slice: ``U C U^T``."""
    c = np.asarray(covariance, dtype=float)
    u = np.asarray(basis, dtype=float)
    return u @ c @ u.T


def central_difference(f: Callable[[NDArray[np.float64]], float], x: ArrayLike,
                       h: float = 1e-5) -> NDArray[np.float64]:
    """Central finite differences ``(f(x + h e_i) - f(x - h e_i)) / 2h`` of ``f`` at ``x``.

    An independent check of an exact gradient (``central_difference(lambda z:
    reverse_kl_nats(p, z), logits)``); its error is ``O(h^2)`` plus rounding ``O(eps / h)``.
    """
    x0 = np.asarray(x, dtype=float)
    g = np.empty_like(x0)
    for i in range(x0.size):
        e = np.zeros_like(x0)
        e.flat[i] = h
        g.flat[i] = (f(x0 + e) - f(x0 - e)) / (2 * h)
    return g
