"""Forward- and reverse-KL gradients for a softmax student, exact and sampled.

Pure numpy: this package never imports manim. Its modules, one job each:
:mod:`~entropy_explorer.gradients.exact` (exact gradients, in logits and in probabilities),
:mod:`~entropy_explorer.gradients.estimators` (sampled estimators and their summary),
:mod:`~entropy_explorer.gradients.variance` (exact variances, baselines, sweeps),
:mod:`~entropy_explorer.gradients.descent` (descent on the logits),
:mod:`~entropy_explorer.gradients.ppo` (PPO on the KL-only reward),
:mod:`~entropy_explorer.gradients.plane` (a 2-D slice of logit space) and
:mod:`~entropy_explorer.gradients.runs` (the seeded samples and runs the scenes draw, with
the settings named in :mod:`entropy_explorer.examples`). Every public name is importable
from the package itself. The teacher ``P`` is a categorical
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

from entropy_explorer.gradients.descent import (
    DescentRun,
    descend_logits,
    descend_many,
    descent_histories,
)
from entropy_explorer.gradients.estimators import (
    EstimatorStats,
    estimate_batches,
    estimator_stats,
    per_sample_covariance,
    variance_ratio,
)
from entropy_explorer.gradients.exact import (
    Direction,
    central_difference,
    exact_gradient,
    forward_gradient,
    forward_kl_nats,
    grad_log_q,
    logit_gradient,
    probability_gradient,
    reverse_gradient,
    reverse_kl_nats,
    stand_in_logits,
)
from entropy_explorer.gradients.plane import (
    covariance_in_plane,
    plane_basis,
    to_plane,
)
from entropy_explorer.gradients.ppo import (
    policy_gradient,
    ppo_advantage,
    ppo_covariance,
    ppo_estimator_stats,
    ppo_kl_reward,
    ppo_value_baseline,
    ppo_variance_ratio,
)
from entropy_explorer.gradients.runs import (
    BlindSpotBatches,
    DescentPair,
    blind_spot_batches,
    distill_runs,
    exact_ppo,
    ppo_slice_batches,
    task_distill_run,
    task_teacher,
    task_teacher_run,
    worked_softmax_runs,
)
from entropy_explorer.gradients.variance import (
    BASELINES,
    Baseline,
    VarianceSweep,
    logit_grid,
    mean_reward_baseline,
    optimal_baseline,
    relative_variance,
    resolve_baseline,
    total_variance,
    variance_sweep,
)

__all__ = [
    "BASELINES",
    "Baseline",
    "BlindSpotBatches",
    "DescentPair",
    "DescentRun",
    "Direction",
    "EstimatorStats",
    "VarianceSweep",
    "blind_spot_batches",
    "central_difference",
    "covariance_in_plane",
    "descend_logits",
    "descend_many",
    "descent_histories",
    "distill_runs",
    "estimate_batches",
    "estimator_stats",
    "exact_gradient",
    "exact_ppo",
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
    "ppo_slice_batches",
    "ppo_value_baseline",
    "ppo_variance_ratio",
    "probability_gradient",
    "relative_variance",
    "resolve_baseline",
    "reverse_gradient",
    "reverse_kl_nats",
    "stand_in_logits",
    "task_distill_run",
    "task_teacher",
    "task_teacher_run",
    "to_plane",
    "total_variance",
    "variance_ratio",
    "variance_sweep",
    "worked_softmax_runs",
]
