"""PPO with the KL-only reward ``r = log P - log Q``: its exact and sampled policy gradients.

Its policy gradient is minus the reverse-KL gradient (:func:`policy_gradient`); its sampled
(unclipped) estimate is the REINFORCE estimate with the sign flipped and the baseline
negated (:func:`ppo_estimator_stats`), advantage ``r - b``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from entropy_explorer.gradients.estimators import (
    EstimatorStats,
    estimate_batches,
    per_sample_covariance,
    variance_ratio,
)
from entropy_explorer.gradients.exact import log_softmax, student_probs, teacher_probs
from entropy_explorer.infotheory import softmax

__all__ = ["policy_gradient", "ppo_advantage", "ppo_covariance", "ppo_estimator_stats",
           "ppo_kl_reward", "ppo_value_baseline", "ppo_variance_ratio"]


def ppo_kl_reward(p: ArrayLike, logits: ArrayLike) -> NDArray[np.float64]:
    """The KL-only PPO reward ``r(x) = log P(x) - log Q_theta(x)`` for every outcome."""
    pa = teacher_probs(p, strictly_positive=True)
    student_probs(pa, logits)
    return np.log(pa) - log_softmax(logits)


def policy_gradient(logits: ArrayLike, reward: ArrayLike, baseline: float = 0.0) -> NDArray[np.float64]:
    """Exact policy gradient ``E_{x~Q}[(r(x) - b) grad log Q(x)]`` (no clipping)."""
    q = softmax(logits)
    r = np.asarray(reward, dtype=float)
    if r.shape != q.shape:
        raise ValueError(f"reward has shape {r.shape}, expected {q.shape}")
    a = r - baseline
    return q * a - q * float(np.dot(q, a))



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
