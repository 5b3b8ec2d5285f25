"""The named runs the scenes draw (``gradients.runs``), against independent references.

Sampled runs are redrawn here with numpy's generator from the example's seed (the counts
must be the same draws); descents are checked against the exact gradients they follow,
closed forms (PPO's gradient is minus the reverse-KL gradient) and finite differences.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from entropy_explorer.examples import (
    BLIND_SPOT,
    DISTILL_STEPS,
    LOGIT_DESCENT,
    PPO_SLICE,
    TASK_DISTILL_STEPS,
    WORKED_EXAMPLE_P,
    WORKED_EXAMPLE_SOFTMAX,
)
from entropy_explorer.gradients import (
    blind_spot_batches,
    central_difference,
    distill_runs,
    exact_ppo,
    ppo_slice_batches,
    reverse_gradient,
    reverse_kl_nats,
    task_distill_run,
    task_teacher,
    task_teacher_run,
    worked_softmax_runs,
)
from entropy_explorer.infotheory import kl_divergence, softmax

P_BLIND = np.array(BLIND_SPOT.teacher.probs)
Z_BLIND = np.array(BLIND_SPOT.student_logits)


def test_the_blind_spot_batches_are_the_seeds_draws_forward_first() -> None:
    rng = np.random.default_rng(BLIND_SPOT.seed)
    n, b = BLIND_SPOT.n_batches, BLIND_SPOT.batch_size
    fwd_counts = rng.multinomial(b, P_BLIND, size=n)
    rev_counts = rng.multinomial(b, softmax(Z_BLIND), size=n)
    batches = blind_spot_batches()
    assert np.array_equal(batches.forward.counts, fwd_counts)
    assert np.array_equal(batches.reverse.counts, rev_counts)
    # the forward estimate of a batch is Q - (counts / b): the cross-entropy gradient
    q = softmax(Z_BLIND)
    assert np.allclose(batches.forward.estimates, q - fwd_counts / b, atol=1e-15)


@pytest.mark.parametrize("b", [0.0, -0.7, 1.3])
def test_the_exact_ppo_gradient_is_minus_the_reverse_kl_gradient(b: float) -> None:
    p = np.array(PPO_SLICE.teacher.probs)
    z = np.array(PPO_SLICE.student_logits)
    g = exact_ppo(z, b)
    assert np.allclose(g, -reverse_gradient(p, z), atol=1e-12)  # the baseline drops out
    assert np.allclose(g, -central_difference(lambda t: reverse_kl_nats(p, t), z), atol=1e-8)


def test_the_ppo_slice_batches_draw_the_same_samples_for_every_baseline() -> None:
    z = np.array(PPO_SLICE.student_logits)
    a, b = ppo_slice_batches(z, 0.0), ppo_slice_batches(z, 0.8)
    assert np.array_equal(a.counts, b.counts)
    rng = np.random.default_rng(PPO_SLICE.seed)
    assert np.array_equal(a.counts, rng.multinomial(PPO_SLICE.batch_size, softmax(z),
                                                    size=PPO_SLICE.n_batches))
    # unbiased: the batch mean is within four standard errors of the exact gradient
    assert np.all(np.abs(a.mean - exact_ppo(z)) <= 4 * a.standard_error() + 1e-12)
    assert ppo_slice_batches(z, 0.0) is a  # cached: one draw per student and baseline


def test_the_distillation_runs_follow_the_exact_gradients() -> None:
    runs = distill_runs()
    assert runs.forward.steps == runs.reverse.steps == DISTILL_STEPS
    p = runs.forward.teacher
    z0, z1 = runs.forward.logits[0], runs.forward.logits[1]
    assert np.allclose(z0 - z1, runs.forward.learning_rate * (softmax(z0) - p), atol=1e-15)
    r0, r1 = runs.reverse.logits[0], runs.reverse.logits[1]
    assert np.allclose(r0 - r1, runs.reverse.learning_rate * reverse_gradient(p, r0), atol=1e-15)


def test_the_worked_example_runs_start_from_the_stand_in() -> None:
    runs = worked_softmax_runs()
    q0 = runs.forward.probs[0]
    c = WORKED_EXAMPLE_P.outcomes.index("C")
    assert q0[c] == pytest.approx(WORKED_EXAMPLE_SOFTMAX.zero_standin
                                  / (1 + WORKED_EXAMPLE_SOFTMAX.zero_standin), rel=1e-12)
    assert runs.forward.steps == WORKED_EXAMPLE_SOFTMAX.steps
    assert runs.forward.is_monotone() and runs.reverse.is_monotone()


def test_the_task_teacher_run_reaches_the_masked_teacher_from_uniform() -> None:
    pt = task_teacher()
    p = np.array(WORKED_EXAMPLE_P.probs)
    keep = pt > 0
    assert np.allclose(pt[keep], p[keep] / p[keep].sum()) and not pt[~keep].any()
    run = task_teacher_run()
    assert np.allclose(run.probs[0], 1 / p.size) and run.steps == LOGIT_DESCENT.max_steps
    assert run.total_variation()[-1] <= LOGIT_DESCENT.tolerance


def test_forward_kl_to_the_filtered_teacher_is_finite_and_reverse_infinite() -> None:
    stages, run = task_distill_run()
    p_task = stages[-1][1]
    assert run.steps == TASK_DISTILL_STEPS
    assert (p_task == 0).any(), "section 14 says reverse KL is infinite: something is cut"
    for t in (0, run.steps // 2, run.steps):
        q = run.probs[t]
        assert math.isfinite(kl_divergence(p_task, q))
        assert kl_divergence(q, p_task) == math.inf
        assert q[p_task == 0].sum() > 0
    assert run.total_variation()[-1] < 0.01
