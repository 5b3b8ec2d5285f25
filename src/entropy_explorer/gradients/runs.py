"""The seeded samples and the descent runs on the logits that the scenes draw.

Each takes its settings (teacher, start, step size, steps, batch size, seed) from
:mod:`entropy_explorer.examples` and nothing from the caller, and is computed once per
process: a scene draws these runs, and where the audit checks the same run
(:func:`task_distill_run`, the uniform student of :func:`task_teacher_run`) it calls the same
function. No scene draws samples or runs a descent itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
from numpy.typing import NDArray

from entropy_explorer.examples import (
    BLIND_SPOT,
    DISTILL_FILTERS,
    DISTILL_LEARNING_RATE,
    DISTILL_STEPS,
    DISTILL_STUDENT_START,
    DISTILL_TEACHER,
    LOGIT_DESCENT,
    PPO_SLICE,
    TASK_DISTILL_LEARNING_RATE,
    TASK_DISTILL_START_LOGITS,
    TASK_DISTILL_STEPS,
    WORKED_EXAMPLE_P,
    WORKED_EXAMPLE_Q,
    WORKED_EXAMPLE_SOFTMAX,
    WORKED_EXAMPLE_TASK_KEEP,
)
from entropy_explorer.gradients.descent import DescentRun, descend_logits
from entropy_explorer.gradients.estimators import EstimatorStats, estimator_stats
from entropy_explorer.gradients.exact import stand_in_logits
from entropy_explorer.gradients.ppo import policy_gradient, ppo_estimator_stats, ppo_kl_reward
from entropy_explorer.teachers import filter_stages, mask, token_indices

__all__ = ["BlindSpotBatches", "DescentPair", "blind_spot_batches",
           "distill_runs", "exact_ppo", "ppo_slice_batches", "task_distill_run",
           "task_teacher", "task_teacher_run", "worked_softmax_runs"]


@dataclass(frozen=True)
class BlindSpotBatches:
    """Section 12's sampled gradients at its student: forward, then reverse, one generator."""

    forward: EstimatorStats
    reverse: EstimatorStats


@dataclass(frozen=True)
class DescentPair:
    """A forward-KL and a reverse-KL descent from one start, with one setting."""

    forward: DescentRun
    reverse: DescentRun


@cache
def blind_spot_batches() -> BlindSpotBatches:
    """``BLIND_SPOT``'s batches: the forward ones drawn first from
    ``default_rng(BLIND_SPOT.seed)``, the reverse ones next from the same generator
    (sections 12 and 18 draw these)."""
    ex = BLIND_SPOT
    rng = np.random.default_rng(ex.seed)
    kw = {"batch_size": ex.batch_size, "n_batches": ex.n_batches, "rng": rng}
    p, z = np.array(ex.teacher.probs), np.array(ex.student_logits)
    forward = estimator_stats("forward", p, z, **kw)  # type: ignore[arg-type]
    return BlindSpotBatches(forward, estimator_stats("reverse", p, z, **kw))  # type: ignore[arg-type]



def exact_ppo(z: NDArray[np.float64], b: float = 0.0) -> NDArray[np.float64]:
    """PPO's exact policy gradient at logits ``z`` with the KL-only reward for
    ``PPO_SLICE``'s teacher and baseline ``b``."""
    return policy_gradient(z, ppo_kl_reward(np.array(PPO_SLICE.teacher.probs), z), b)


@lru_cache(maxsize=256)
def _slice_batches(z: tuple[float, ...], b: float) -> EstimatorStats:
    ex = PPO_SLICE
    return ppo_estimator_stats(np.array(ex.teacher.probs), np.array(z), batch_size=ex.batch_size,
                               n_batches=ex.n_batches, rng=np.random.default_rng(ex.seed),
                               baseline=b)


def ppo_slice_batches(z: NDArray[np.float64], b: float) -> EstimatorStats:
    """``PPO_SLICE``'s sampled PPO estimates at logits ``z`` with baseline ``b``: a fresh
    generator from the example's seed, so every baseline and student gets the same draws
    of the generator (cached; ``b`` rounded to 12 decimals)."""
    return _slice_batches(tuple(float(v) for v in z), round(float(b), 12))


@cache
def distill_runs() -> DescentPair:
    """Section 13's exact descents on ``DISTILL_TEACHER`` from ``DISTILL_STUDENT_START``."""
    p, start = np.asarray(DISTILL_TEACHER.probs), np.asarray(DISTILL_STUDENT_START)
    opts = {"learning_rate": DISTILL_LEARNING_RATE, "steps": DISTILL_STEPS}
    return DescentPair(descend_logits("forward", p, start, **opts),  # type: ignore[arg-type]
                       descend_logits("reverse", p, start, **opts))  # type: ignore[arg-type]


@cache
def worked_softmax_runs() -> DescentPair:
    """Section 19's exact descents on the worked example from its softmax stand-in
    (``WORKED_EXAMPLE_SOFTMAX``: Q(C) = 0 raised to the stand-in)."""
    soft = WORKED_EXAMPLE_SOFTMAX
    p = np.array(WORKED_EXAMPLE_P.probs)
    z0 = stand_in_logits(np.array(WORKED_EXAMPLE_Q.probs), soft.zero_standin)
    opts = {"learning_rate": soft.learning_rate, "steps": soft.steps}
    return DescentPair(descend_logits("forward", p, z0, **opts),  # type: ignore[arg-type]
                       descend_logits("reverse", p, z0, **opts))  # type: ignore[arg-type]


def task_teacher() -> NDArray[np.float64]:
    """The worked example's teacher with every outcome outside ``WORKED_EXAMPLE_TASK_KEEP``
    masked out, renormalised."""
    names = WORKED_EXAMPLE_P.outcomes
    masked = tuple(o for o in names if o not in WORKED_EXAMPLE_TASK_KEEP)
    return mask(np.array(WORKED_EXAMPLE_P.probs), token_indices(names, masked))


@cache
def task_teacher_run() -> DescentRun:
    """Exact forward-KL descent from the uniform student (every logit 0, one of the audit's
    grid students) to :func:`task_teacher`, with ``LOGIT_DESCENT``'s step size and steps
    (sections 18 and 20 draw it)."""
    ld = LOGIT_DESCENT
    return descend_logits("forward", task_teacher(), np.zeros(len(WORKED_EXAMPLE_P.probs)),
                          learning_rate=ld.learning_rate, steps=ld.max_steps)


@cache
def task_distill_run() -> tuple[tuple[tuple[str, NDArray[np.float64]], ...], DescentRun]:
    """The filter stages of ``DISTILL_TEACHER`` and the exact forward-KL descent from
    ``TASK_DISTILL_START_LOGITS`` to the last stage (section 14 draws it; the audit's
    ``task.sharpen_then_forward`` checks it)."""
    stages = tuple(filter_stages(DISTILL_TEACHER, DISTILL_FILTERS))
    run = descend_logits("forward", stages[-1][1], np.array(TASK_DISTILL_START_LOGITS),
                         learning_rate=TASK_DISTILL_LEARNING_RATE, steps=TASK_DISTILL_STEPS)
    return stages, run
