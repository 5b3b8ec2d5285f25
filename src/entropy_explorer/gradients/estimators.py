"""Sampled KL-gradient estimators: one-sample covariances, seeded batches, their summary.

Forward samples ``x ~ P`` and averages ``-(e_x - Q)``; reverse (REINFORCE) samples ``x ~ Q``
and averages ``(log Q(x) - log P(x) - b)(e_x - Q)``. Batches are drawn as multinomial counts
from a caller-supplied ``numpy.random.Generator``, so results are reproducible from a seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from entropy_explorer.gradients.exact import (
    Direction,
    exact_gradient,
    log_softmax,
    student_probs,
    teacher_probs,
)

__all__ = ["EstimatorStats", "estimate_batches", "estimator_stats", "per_sample",
           "per_sample_covariance", "variance_ratio"]


def per_sample(direction: Direction, p: ArrayLike, logits: ArrayLike,
                baseline: float) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Sampling distribution and the one-sample estimate for each outcome (rows)."""
    if direction == "forward":
        pa = teacher_probs(p, strictly_positive=False)
        q = student_probs(pa, logits)
        return pa, -(np.eye(q.size) - q)
    if direction == "reverse":
        pa = teacher_probs(p, strictly_positive=True)
        q = student_probs(pa, logits)
        d = log_softmax(logits) - np.log(pa) - baseline
        return q, d[:, None] * (np.eye(q.size) - q)
    raise ValueError(f"direction must be 'forward' or 'reverse', got {direction!r}")


def per_sample_covariance(direction: Direction, p: ArrayLike, logits: ArrayLike,
                          baseline: float = 0.0) -> NDArray[np.float64]:
    """Exact covariance matrix of the one-sample estimator (``batch_size = 1``).

    A batch mean of ``B`` samples has this covariance divided by ``B``.
    """
    w, g = per_sample(direction, p, logits, baseline)
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
    w, g = per_sample(direction, p, logits, baseline)
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
