"""Exact variances of the one-sample estimators, REINFORCE baselines, and sweeps over students.

A one-sample estimator's variance is a finite sum over the outcomes (:func:`total_variance`),
absolute or relative to ``|exact gradient|^2`` (:func:`relative_variance`). Baselines:
``"none"``, ``"mean"`` (``E_Q[log Q - log P] = D(Q||P)``), ``"optimal"`` (the constant that
minimises the total variance) or any number, computed exactly from the current student.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from entropy_explorer.gradients.estimators import per_sample_covariance
from entropy_explorer.gradients.exact import (
    Direction,
    exact_gradient,
    forward_gradient,
    log_softmax,
    reverse_gradient,
    reverse_kl_nats,
    student_probs,
    teacher_probs,
)

__all__ = ["BASELINES", "Baseline", "VarianceSweep", "logit_grid", "mean_reward_baseline",
           "optimal_baseline", "relative_variance", "resolve_baseline", "total_variance",
           "variance_sweep"]

#: A REINFORCE baseline: a named one (see :func:`resolve_baseline`) or a number.
Baseline = Literal["none", "mean", "optimal"] | float
#: The named baselines, in the order reports list them.
BASELINES: tuple[str, ...] = ("none", "mean", "optimal")


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
    pa = teacher_probs(p, strictly_positive=True)
    q = student_probs(pa, logits)
    r = log_softmax(logits) - np.log(pa)
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
    pa = teacher_probs(p, strictly_positive=True)
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
