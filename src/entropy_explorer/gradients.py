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

Variance, baselines and descent (the claims audit and the Part IV scenes use these):

* :func:`total_variance` / :func:`relative_variance`: the exact variance of a one-sample
  estimator (a finite sum over the outcomes), absolute or divided by ``|exact gradient|^2``
  (the batch a given relative accuracy needs grows with the latter).
* Baselines for REINFORCE: ``"none"``, ``"mean"`` (the mean reward ``E_Q[log Q - log P]``,
  which is ``D(Q||P)``) and ``"optimal"`` (the constant that minimises the total variance,
  :func:`optimal_baseline`), or any number. Both named baselines are computed exactly from
  the current student (an oracle; in practice they are estimated from the batch).
* :func:`variance_sweep`: those variances over many students (:func:`logit_grid`).
* :func:`descend_logits` / :func:`descend_many`: gradient descent on the logits by forward
  or reverse KL, exact or sampled (fixed seed), keeping every step (:class:`DescentRun`:
  the student's probabilities, both KLs, the cross-entropy, steps to a tolerance).
* :func:`probability_gradient`: the same KLs differentiated with respect to the
  probabilities themselves, and :func:`logit_gradient`, the logit gradient evaluated at any
  probabilities (zeros allowed, as the limit of logits going to minus infinity).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from entropy_explorer.infotheory import InvalidDistributionError, as_distribution, softmax

__all__ = [
    "BASELINES",
    "Baseline",
    "DescentRun",
    "Direction",
    "EstimatorStats",
    "VarianceSweep",
    "central_difference",
    "covariance_in_plane",
    "descend_logits",
    "descend_many",
    "descent_histories",
    "estimate_batches",
    "estimator_stats",
    "exact_gradient",
    "forward_gradient",
    "forward_kl_nats",
    "grad_log_q",
    "logit_gradient",
    "logit_grid",
    "mean_reward_baseline",
    "optimal_baseline",
    "per_sample_covariance",
    "plane_basis",
    "policy_gradient",
    "ppo_advantage",
    "ppo_covariance",
    "ppo_estimator_stats",
    "ppo_kl_reward",
    "ppo_value_baseline",
    "ppo_variance_ratio",
    "probability_gradient",
    "relative_variance",
    "resolve_baseline",
    "reverse_gradient",
    "reverse_kl_nats",
    "stand_in_logits",
    "to_plane",
    "total_variance",
    "variance_ratio",
    "variance_sweep",
]

Direction = Literal["forward", "reverse"]
#: A REINFORCE baseline: a named one (see :func:`resolve_baseline`) or a number.
Baseline = Literal["none", "mean", "optimal"] | float
#: The named baselines, in the order reports list them.
BASELINES: tuple[str, ...] = ("none", "mean", "optimal")


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


# ------------------------------------------------------------ other coordinates
def probability_gradient(direction: Direction, p: ArrayLike, q: ArrayLike) -> NDArray[np.float64]:
    """The KL differentiated with respect to the probabilities ``Q(x)`` themselves.

    Each ``Q(x)`` is treated as its own parameter (no softmax): forward
    ``d D(P||Q) / d Q(x) = -P(x) / Q(x)`` (``-inf`` where ``Q(x) = 0 < P(x)``, ``0`` where
    ``P(x) = 0``); reverse ``d D(Q||P) / d Q(x) = log(Q(x) / P(x)) + 1`` (``-inf`` where
    ``Q(x) = 0``; ``P`` must be positive). In nats.
    """
    pa = as_distribution(p, "p")
    qa = as_distribution(q, "q")
    if pa.shape != qa.shape:
        raise InvalidDistributionError(f"p has {pa.size} outcomes but q has {qa.size}")
    out = np.zeros_like(pa)
    if direction == "forward":
        mask = pa > 0
        with np.errstate(divide="ignore"):
            out[mask] = -pa[mask] / qa[mask]
        return out
    if direction == "reverse":
        _teacher(pa, strictly_positive=True)
        with np.errstate(divide="ignore"):
            return np.log(qa) - np.log(pa) + 1.0
    raise ValueError(f"direction must be 'forward' or 'reverse', got {direction!r}")


def logit_gradient(direction: Direction, p: ArrayLike, q: ArrayLike) -> NDArray[np.float64]:
    """The gradient on a softmax student's logits, evaluated at probabilities ``q``.

    The same as :func:`forward_gradient` / :func:`reverse_gradient` at ``logits = log q``,
    but ``q`` may have zeros (their limit as a logit goes to minus infinity): forward gives
    ``Q - P``; reverse gives ``Q(x) (d(x) - E_Q[d])`` with ``d = log Q - log P`` and
    ``0 log 0 = 0``, so an outcome with ``Q(x) = 0`` gets exactly 0.
    """
    pa = as_distribution(p, "p")
    qa = as_distribution(q, "q")
    if pa.shape != qa.shape:
        raise InvalidDistributionError(f"p has {pa.size} outcomes but q has {qa.size}")
    if direction == "forward":
        return qa - pa
    if direction == "reverse":
        _teacher(pa, strictly_positive=True)
        d = np.zeros_like(qa)
        mask = qa > 0
        d[mask] = np.log(qa[mask]) - np.log(pa[mask])
        return qa * d - qa * float(np.dot(qa, d))
    raise ValueError(f"direction must be 'forward' or 'reverse', got {direction!r}")


# ---------------------------------------------------------- variance, baselines
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


def mean_reward_baseline(p: ArrayLike, logits: ArrayLike) -> float:
    """The mean REINFORCE reward ``E_Q[log Q - log P]``, which is ``D(Q||P)`` in nats."""
    return reverse_kl_nats(p, logits)


def optimal_baseline(p: ArrayLike, logits: ArrayLike) -> float:
    """The constant baseline that minimises the REINFORCE estimator's total variance.

    The one-sample estimate is ``(r(x) - b) s(x)`` with ``r = log Q - log P`` and
    ``s(x) = e_x - Q``; its mean does not depend on ``b`` and its second moment
    ``E_Q[(r - b)^2 |s|^2]`` is smallest at ``b* = E_Q[r |s|^2] / E_Q[|s|^2]``, where
    ``|s(x)|^2 = 1 - 2 Q(x) + sum Q^2``.
    """
    pa = _teacher(p, strictly_positive=True)
    q = _student(pa, logits)
    r = _log_softmax(logits) - np.log(pa)
    s2 = 1.0 - 2.0 * q + float(np.dot(q, q))
    denom = float(np.dot(q, s2))
    if denom <= 0:  # a one-hot student: every estimate is 0, any baseline will do
        return 0.0
    return float(np.dot(q, r * s2)) / denom


def resolve_baseline(baseline: Baseline, p: ArrayLike, logits: ArrayLike) -> float:
    """A baseline's value at this student: ``"none"`` is 0, ``"mean"`` is
    :func:`mean_reward_baseline`, ``"optimal"`` is :func:`optimal_baseline`, a number is
    itself."""
    if isinstance(baseline, str):
        if baseline == "none":
            return 0.0
        if baseline == "mean":
            return mean_reward_baseline(p, logits)
        if baseline == "optimal":
            return optimal_baseline(p, logits)
        raise ValueError(f"baseline must be one of {BASELINES} or a number, got {baseline!r}")
    value = float(baseline)
    if not math.isfinite(value):
        raise ValueError(f"baseline must be finite, got {baseline!r}")
    return value


def total_variance(direction: Direction, p: ArrayLike, logits: ArrayLike,
                   baseline: Baseline = "none") -> float:
    """Exact total variance (trace of the covariance) of the one-sample estimator.

    A finite sum over the outcomes. Forward: ``1 - sum P^2`` whatever the student (the
    estimate ``Q - e_x`` moves only through ``e_x``). Reverse: ``E_Q[(r - b)^2 |s|^2] -
    |grad|^2``. A batch of ``B`` samples has this divided by ``B``.
    """
    b = resolve_baseline(baseline, p, logits) if direction == "reverse" else 0.0
    return float(np.trace(per_sample_covariance(direction, p, logits, b)))


def relative_variance(direction: Direction, p: ArrayLike, logits: ArrayLike,
                      baseline: Baseline = "none") -> float:
    """:func:`total_variance` divided by ``|exact gradient|^2`` (``inf`` at a stationary point).

    The batch size a relative error ``e`` (root-mean-square error over gradient size) needs
    is this divided by ``e^2``.
    """
    g = exact_gradient(direction, p, logits)
    norm2 = float(np.dot(g, g))
    var = total_variance(direction, p, logits, baseline)
    return math.inf if norm2 == 0 else var / norm2


def logit_grid(n_outcomes: int = 3, span: float = 6.0, step: float = 1.0) -> NDArray[np.float64]:
    """Students on a grid of logits: every combination of the first ``n_outcomes - 1`` logits
    from ``-span`` to ``span`` in ``step``s, the last logit 0 (a softmax ignores a common
    shift, so this reaches every student up to the grid's resolution). Shape ``(n, K)``."""
    if n_outcomes < 2 or not (span > 0 and step > 0):
        raise ValueError("need at least 2 outcomes and a positive span and step")
    values = np.arange(-span, span + step / 2, step)
    axes = np.meshgrid(*([values] * (n_outcomes - 1)), indexing="ij")
    grid = np.stack([a.ravel() for a in axes] + [np.zeros(axes[0].size)], axis=1)
    return grid


@dataclass(frozen=True)
class VarianceSweep:
    """Exact estimator variances for one teacher over many students.

    Row ``i`` of every array belongs to ``students[i]`` (logits). ``reverse_variance`` maps
    each named baseline to the REINFORCE estimator's total variance; ``*_norm2`` are the
    exact gradients' squared lengths. All per one sample.
    """

    teacher: NDArray[np.float64]
    students: NDArray[np.float64]
    forward_variance: NDArray[np.float64]
    reverse_variance: dict[str, NDArray[np.float64]]
    forward_norm2: NDArray[np.float64]
    reverse_norm2: NDArray[np.float64]

    def forward_relative(self) -> NDArray[np.float64]:
        """Forward variance over ``|forward gradient|^2``, per student."""
        with np.errstate(divide="ignore"):
            return self.forward_variance / self.forward_norm2

    def reverse_relative(self, baseline: str = "none") -> NDArray[np.float64]:
        """REINFORCE variance (with a named baseline) over ``|reverse gradient|^2``."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return self.reverse_variance[baseline] / self.reverse_norm2

    def forward_lower(self, baseline: str = "none", relative: bool = True) -> NDArray[np.bool_]:
        """Where the forward estimator has the lower variance than REINFORCE."""
        if relative:
            return self.forward_relative() < self.reverse_relative(baseline)
        return self.forward_variance < self.reverse_variance[baseline]


def variance_sweep(p: ArrayLike, students: ArrayLike,
                   baselines: tuple[str, ...] = BASELINES) -> VarianceSweep:
    """:func:`total_variance` of both estimators at every student (rows of logits)."""
    pa = _teacher(p, strictly_positive=True)
    z = np.asarray(students, dtype=float)
    if z.ndim != 2 or z.shape[1] != pa.size:
        raise ValueError(f"students must have shape (n, {pa.size}), got {z.shape}")
    fwd, fn2, rn2 = [], [], []
    rev: dict[str, list[float]] = {b: [] for b in baselines}
    for logits in z:
        gf = forward_gradient(pa, logits)
        gr = reverse_gradient(pa, logits)
        fwd.append(total_variance("forward", pa, logits))
        fn2.append(float(np.dot(gf, gf)))
        rn2.append(float(np.dot(gr, gr)))
        for b in baselines:
            rev[b].append(total_variance("reverse", pa, logits, b))
    return VarianceSweep(pa, z, np.array(fwd), {b: np.array(v) for b, v in rev.items()},
                         np.array(fn2), np.array(rn2))


# ---------------------------------------------------------------------- descent
def _softmax_rows(z: NDArray[np.float64]) -> NDArray[np.float64]:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _log_softmax_rows(z: NDArray[np.float64]) -> NDArray[np.float64]:
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def _baseline_rows(baseline: Baseline, q: NDArray[np.float64],
                   r: NDArray[np.float64]) -> NDArray[np.float64]:
    n = q.shape[0]
    if isinstance(baseline, str):
        if baseline == "none":
            return np.zeros(n)
        if baseline == "mean":
            return np.sum(q * r, axis=1)
        if baseline == "optimal":
            s2 = 1.0 - 2.0 * q + np.sum(q * q, axis=1, keepdims=True)
            denom = np.sum(q * s2, axis=1)
            safe = np.where(denom > 0, denom, 1.0)
            return np.where(denom > 0, np.sum(q * r * s2, axis=1) / safe, 0.0)
        raise ValueError(f"baseline must be one of {BASELINES} or a number, got {baseline!r}")
    value = float(baseline)
    if not math.isfinite(value):
        raise ValueError(f"baseline must be finite, got {baseline!r}")
    return np.full(n, value)


def _step_gradients(direction: Direction, p: NDArray[np.float64], z: NDArray[np.float64],
                    batch_size: int | None, rng: np.random.Generator | None,
                    baseline: Baseline) -> NDArray[np.float64]:
    """Exact or sampled gradients for every row of logits ``z`` (shape ``(n, K)``)."""
    q = _softmax_rows(z)
    if direction == "forward":
        if batch_size is None:
            return q - p
        assert rng is not None
        counts = rng.multinomial(batch_size, p, size=z.shape[0])
        return q - counts / batch_size
    r = _log_softmax_rows(z) - np.log(p)
    if batch_size is None:
        return q * r - q * np.sum(q * r, axis=1, keepdims=True)
    assert rng is not None
    counts = rng.multinomial(batch_size, q)
    w = counts / batch_size * (r - _baseline_rows(baseline, q, r)[:, None])
    return w - q * w.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class DescentRun:
    """Gradient descent on a softmax student's logits, every step kept.

    ``logits[t]`` is the student after ``t`` steps (row 0 is the start). ``batch_size`` is
    ``None`` for exact gradients; otherwise each step averages that many one-sample
    estimates (forward draws ``x ~ P``, reverse draws ``x ~ Q`` with ``baseline``).
    Values are in nats unless a ``base`` is given (``base=2`` for bits).
    """

    direction: Direction
    teacher: NDArray[np.float64]
    logits: NDArray[np.float64]
    learning_rate: float
    batch_size: int | None = None
    baseline: Baseline = "none"
    seed: int | None = None

    @property
    def steps(self) -> int:
        """Number of steps taken (``len(logits) - 1``)."""
        return int(self.logits.shape[0]) - 1

    @property
    def probs(self) -> NDArray[np.float64]:
        """The student's probabilities after each step, shape ``(steps + 1, K)``."""
        return _softmax_rows(self.logits)

    def forward_kl(self, base: float = math.e) -> NDArray[np.float64]:
        """``D(P || Q_t)`` after each step."""
        p, logq = self.teacher, _log_softmax_rows(self.logits)
        mask = p > 0
        return np.sum(p[mask] * (np.log(p[mask]) - logq[:, mask]), axis=1) / math.log(base)

    def reverse_kl(self, base: float = math.e) -> NDArray[np.float64]:
        """``D(Q_t || P)`` after each step (``inf`` if the teacher has a zero)."""
        logq = _log_softmax_rows(self.logits)
        with np.errstate(divide="ignore"):
            logp = np.log(self.teacher)
        return np.sum(np.exp(logq) * (logq - logp), axis=1) / math.log(base)

    def loss(self, base: float = math.e) -> NDArray[np.float64]:
        """The KL this run minimises, after each step."""
        return self.forward_kl(base) if self.direction == "forward" else self.reverse_kl(base)

    def cross_entropy(self, base: float = math.e) -> NDArray[np.float64]:
        """``H(P, Q_t) = H(P) + D(P || Q_t)`` after each step."""
        p, logq = self.teacher, _log_softmax_rows(self.logits)
        mask = p > 0
        return -np.sum(p[mask] * logq[:, mask], axis=1) / math.log(base)

    def entropy(self, base: float = math.e) -> float:
        """``H(P)``, the teacher's entropy: the floor the cross-entropy falls to."""
        p = self.teacher[self.teacher > 0]
        return float(-np.sum(p * np.log(p))) / math.log(base)

    def total_variation(self) -> NDArray[np.float64]:
        """``(1/2) sum |Q_t - P|`` after each step: a distance that favours neither direction."""
        return 0.5 * np.abs(self.probs - self.teacher).sum(axis=1)

    @property
    def samples(self) -> NDArray[np.int64]:
        """Samples drawn before each step's student (0 for exact runs)."""
        per = 0 if self.batch_size is None else self.batch_size
        return np.arange(self.steps + 1, dtype=np.int64) * per

    def first_step(self, reached: ArrayLike) -> int | None:
        """The first step at which ``reached`` (one bool per step) holds, or None."""
        hits = np.flatnonzero(np.asarray(reached, dtype=bool))
        return int(hits[0]) if hits.size else None

    def steps_to(self, tolerance: float) -> int | None:
        """First step with total variation at most ``tolerance`` (None if never)."""
        return self.first_step(self.total_variation() <= tolerance)

    def is_monotone(self, slack: float = 1e-12) -> bool:
        """True when the loss never rises by more than ``slack`` from one step to the next."""
        loss = self.loss()
        return bool(np.all(np.diff(loss) <= slack))

    def logits_at(self, t: float) -> NDArray[np.float64]:
        """The logits at fractional step ``t`` (linear between steps; clamped to the run)."""
        t = min(max(float(t), 0.0), float(self.steps))
        i = min(int(math.floor(t)), max(self.steps - 1, 0))
        if self.steps == 0:
            return self.logits[0].copy()
        f = t - i
        return (1 - f) * self.logits[i] + f * self.logits[i + 1]

    def probs_at(self, t: float) -> NDArray[np.float64]:
        """The student's probabilities at fractional step ``t`` (for animation)."""
        return softmax(self.logits_at(t))

    def loss_at(self, t: float, base: float = math.e) -> float:
        """The loss of the student at fractional step ``t``."""
        run = DescentRun(self.direction, self.teacher, self.logits_at(t)[None, :], 1.0)
        return float(run.loss(base)[0])

    def cross_entropy_at(self, t: float, base: float = math.e) -> float:
        """``H(P, Q)`` of the student at fractional step ``t``."""
        run = DescentRun(self.direction, self.teacher, self.logits_at(t)[None, :], 1.0)
        return float(run.cross_entropy(base)[0])


def descent_histories(direction: Direction, p: ArrayLike, starts: ArrayLike, *,
                      learning_rate: float, steps: int, batch_size: int | None = None,
                      seed: int | None = None,
                      baseline: Baseline = "none") -> NDArray[np.float64]:
    """The logits of every start at every step: shape ``(steps + 1, n_starts, K)``.

    The vectorised core of :func:`descend_many` (same arguments), for sweeps that only need
    summary figures and would waste time building one :class:`DescentRun` per start.
    """
    return _descent_history(direction, p, starts, learning_rate=learning_rate, steps=steps,
                            batch_size=batch_size, seed=seed, baseline=baseline)[1]


def _descent_history(direction: Direction, p: ArrayLike, starts: ArrayLike, *,
                     learning_rate: float, steps: int, batch_size: int | None, seed: int | None,
                     baseline: Baseline) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    if direction not in ("forward", "reverse"):
        raise ValueError(f"direction must be 'forward' or 'reverse', got {direction!r}")
    pa = _teacher(p, strictly_positive=direction == "reverse")
    z = np.array(starts, dtype=float, ndmin=2)
    if z.ndim != 2 or z.shape[1] != pa.size:
        raise InvalidDistributionError(
            f"teacher has {pa.size} outcomes but the student logits have shape {z.shape} "
            f"(need {pa.size} logits per student)")
    if not np.isfinite(z).all():
        raise InvalidDistributionError("starting logits must be finite")
    if not (learning_rate > 0 and math.isfinite(learning_rate)):
        raise ValueError(f"learning_rate must be positive, got {learning_rate}")
    if steps < 0:
        raise ValueError(f"steps must be >= 0, got {steps}")
    rng = None
    if batch_size is not None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        if seed is None:
            raise ValueError("a sampled run needs a seed (results must be reproducible)")
        rng = np.random.default_rng(seed)
    history = np.empty((steps + 1, *z.shape))
    history[0] = z
    for t in range(steps):
        z = z - learning_rate * _step_gradients(direction, pa, z, batch_size, rng, baseline)
        history[t + 1] = z
    return pa, history


def descend_logits(direction: Direction, p: ArrayLike, logits: ArrayLike, *,
                   learning_rate: float, steps: int, batch_size: int | None = None,
                   seed: int | None = None, baseline: Baseline = "none") -> DescentRun:
    """Gradient descent on one student's logits by forward or reverse KL.

    ``batch_size=None`` uses the exact gradient; a batch size draws that many samples a step
    from ``numpy.random.default_rng(seed)`` (forward from the teacher, reverse from the
    student, with ``baseline``). Runs exactly ``steps`` steps (no early stop).

    Examples
    --------
    >>> run = descend_logits("forward", [0.5, 0.5], [2.0, 0.0], learning_rate=1.0, steps=50)
    >>> bool(run.is_monotone()) and run.probs[-1].round(3).tolist() == [0.5, 0.5]
    True
    """
    pa, history = _descent_history(direction, p, logits, learning_rate=learning_rate,
                                   steps=steps, batch_size=batch_size, seed=seed,
                                   baseline=baseline)
    return DescentRun(direction, pa, history[:, 0, :], float(learning_rate), batch_size,
                      baseline, seed)


def descend_many(direction: Direction, p: ArrayLike, starts: ArrayLike, *,
                 learning_rate: float, steps: int, batch_size: int | None = None,
                 seed: int | None = None, baseline: Baseline = "none") -> list[DescentRun]:
    """:func:`descend_logits` from every row of ``starts`` at once (vectorised).

    A sampled sweep draws every start's batch from one generator seeded with ``seed``, so
    the whole sweep is reproducible (a single start's run differs from
    :func:`descend_logits` with the same seed).
    """
    pa, history = _descent_history(direction, p, starts, learning_rate=learning_rate,
                                   steps=steps, batch_size=batch_size, seed=seed,
                                   baseline=baseline)
    return [DescentRun(direction, pa, history[:, i, :], float(learning_rate), batch_size,
                       baseline, seed) for i in range(history.shape[1])]
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
