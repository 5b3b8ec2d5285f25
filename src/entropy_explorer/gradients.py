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
  reverse-KL gradient (:func:`policy_gradient`).
* The same KLs differentiated with respect to the probabilities themselves, each ``Q(x)``
  its own parameter (:func:`probability_gradient`: forward ``-P/Q``), and plain gradient
  descent on the logits with exact gradients (:func:`descend_logits`), started from
  :func:`stand_in_logits` when the student has zeros a softmax cannot reach.

Estimators are computed per batch from multinomial counts drawn with a caller-supplied
``numpy.random.Generator``, so results are reproducible from a seed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from entropy_explorer.infotheory import InvalidDistributionError, as_distribution, softmax

__all__ = [
    "DescentRun",
    "Direction",
    "EstimatorStats",
    "descend_logits",
    "estimate_batches",
    "estimator_stats",
    "exact_gradient",
    "forward_gradient",
    "forward_kl_nats",
    "grad_log_q",
    "per_sample_covariance",
    "policy_gradient",
    "ppo_kl_reward",
    "probability_gradient",
    "reverse_gradient",
    "reverse_kl_nats",
    "stand_in_logits",
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


# ------------------------------------------------------------ other coordinates, descent
def probability_gradient(direction: Direction, p: ArrayLike, q: ArrayLike) -> NDArray[np.float64]:
    """The KL differentiated with respect to the probabilities ``Q(x)`` themselves, in nats.

    Each ``Q(x)`` is treated as its own parameter (no softmax, no sum-to-one constraint):
    forward ``d D(P||Q) / d Q(x) = -P(x) / Q(x)`` (``-inf`` where ``Q(x) = 0 < P(x)``, ``0``
    where ``P(x) = 0``); reverse ``d D(Q||P) / d Q(x) = log(Q(x) / P(x)) + 1`` (``-inf`` where
    ``Q(x) = 0``; ``P`` must be positive).
    """
    pa = as_distribution(p, "p")
    qa = as_distribution(q, "q")
    if pa.shape != qa.shape:
        raise InvalidDistributionError(f"p has {pa.size} outcomes but q has {qa.size}")
    if direction == "forward":
        out = np.zeros_like(pa)
        mask = pa > 0
        with np.errstate(divide="ignore"):
            out[mask] = -pa[mask] / qa[mask]
        return out
    if direction == "reverse":
        _teacher(pa, strictly_positive=True)
        with np.errstate(divide="ignore"):
            return np.log(qa) - np.log(pa) + 1.0
    raise ValueError(f"direction must be 'forward' or 'reverse', got {direction!r}")


def stand_in_logits(q: ArrayLike, zero_standin: float) -> NDArray[np.float64]:
    """Logits of a softmax student close to ``q``, which may have zeros.

    Every zero becomes ``zero_standin`` and the logits are the logs, so
    ``softmax(stand_in_logits(q, e))`` is ``q`` with its zeros raised to ``e``, divided by
    ``1 + (number of zeros) * e``.
    """
    qa = as_distribution(q, "q")
    e = float(zero_standin)
    if not 0 < e < 1:
        raise InvalidDistributionError(f"zero_standin must be between 0 and 1, got {zero_standin!r}")
    return np.log(np.where(qa > 0, qa, e))


@dataclass(frozen=True)
class DescentRun:
    """Plain gradient descent on a softmax student's logits with exact gradients.

    ``logits[t]`` is the student after ``t`` steps (row 0 is the start); each step is
    ``logits - learning_rate * exact_gradient(direction, teacher, logits)``.
    """

    direction: Direction
    teacher: NDArray[np.float64]
    logits: NDArray[np.float64]
    learning_rate: float

    @property
    def steps(self) -> int:
        """Number of steps taken (``len(logits) - 1``)."""
        return int(self.logits.shape[0]) - 1

    @property
    def probs(self) -> NDArray[np.float64]:
        """The student's probabilities after each step, shape ``(steps + 1, K)``."""
        return np.array([softmax(z) for z in self.logits])

    def forward_kl(self) -> NDArray[np.float64]:
        """``D(P || Q_t)`` in nats after each step."""
        return np.array([forward_kl_nats(self.teacher, z) for z in self.logits])

    def reverse_kl(self) -> NDArray[np.float64]:
        """``D(Q_t || P)`` in nats after each step."""
        return np.array([reverse_kl_nats(self.teacher, z) for z in self.logits])

    def loss(self) -> NDArray[np.float64]:
        """The KL this run minimises, after each step."""
        return self.forward_kl() if self.direction == "forward" else self.reverse_kl()

    def logits_at(self, t: float) -> NDArray[np.float64]:
        """The logits at fractional step ``t`` (linear between steps; clamped to the run)."""
        if self.steps == 0:
            return self.logits[0].copy()
        t = min(max(float(t), 0.0), float(self.steps))
        i = min(int(np.floor(t)), self.steps - 1)
        f = t - i
        return (1 - f) * self.logits[i] + f * self.logits[i + 1]

    def probs_at(self, t: float) -> NDArray[np.float64]:
        """The student's probabilities at fractional step ``t`` (for animation)."""
        return softmax(self.logits_at(t))


def descend_logits(direction: Direction, p: ArrayLike, logits: ArrayLike, *,
                   learning_rate: float, steps: int) -> DescentRun:
    """Gradient descent on one student's logits by forward or reverse KL, exact gradients.

    Runs exactly ``steps`` steps of size ``learning_rate`` (no early stop).

    Examples
    --------
    >>> run = descend_logits("forward", [0.5, 0.5], [2.0, 0.0], learning_rate=1.0, steps=50)
    >>> run.probs[-1].round(3).tolist()
    [0.5, 0.5]
    """
    if direction not in ("forward", "reverse"):
        raise ValueError(f"direction must be 'forward' or 'reverse', got {direction!r}")
    pa = _teacher(p, strictly_positive=direction == "reverse")
    z = np.asarray(logits, dtype=float)
    _student(pa, z)
    if not (math.isfinite(learning_rate) and learning_rate > 0):
        raise ValueError(f"learning_rate must be a positive number, got {learning_rate!r}")
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
        raise ValueError(f"steps must be a whole number >= 0, got {steps!r}")
    history = np.empty((steps + 1, z.size))
    history[0] = z
    for t in range(steps):
        z = z - learning_rate * exact_gradient(direction, pa, z)
        history[t + 1] = z
    return DescentRun(direction, pa, history, float(learning_rate))
