"""Gradient descent on a softmax student's logits by forward or reverse KL, every step kept.

Exact or sampled (a fixed seed; forward draws from the teacher, reverse from the student with
a baseline); one start (:func:`descend_logits`) or many at once (:func:`descend_many`,
:func:`descent_histories`). :class:`DescentRun` gives the student's probabilities, both KLs,
the cross-entropy and the steps to a tolerance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from entropy_explorer.gradients.exact import Direction, teacher_probs
from entropy_explorer.gradients.variance import BASELINES, Baseline
from entropy_explorer.infotheory import InvalidDistributionError, softmax

__all__ = ["DescentRun", "descend_logits", "descend_many", "descent_histories"]


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
    pa = teacher_probs(p, strictly_positive=direction == "reverse")
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
