"""Probability-coordinate KL gradients, stand-in logits and exact descent on the logits.

References: central finite differences of the KL written out from its definition (each
Q(x) a free variable), scipy's rel_entr, and the closed-form minimiser of forward KL over
a softmax student (the teacher itself).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import rel_entr

from entropy_explorer.examples import WORKED_EXAMPLE_P, WORKED_EXAMPLE_SOFTMAX
from entropy_explorer.gradients import (
    descend_logits,
    forward_kl_nats,
    probability_gradient,
    reverse_kl_nats,
    stand_in_logits,
)
from entropy_explorer.infotheory import InvalidDistributionError

P = np.array(WORKED_EXAMPLE_P.probs)
W = WORKED_EXAMPLE_SOFTMAX


def teachers(k: int = 4) -> st.SearchStrategy[np.ndarray]:
    return st.lists(st.floats(0.05, 1.0), min_size=k, max_size=k).map(lambda v: np.array(v) / np.sum(v))


def central_difference(f, x: np.ndarray, h: float = 1e-7) -> np.ndarray:  # type: ignore[no-untyped-def]
    out = np.zeros_like(x)
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = h
        out[i] = (f(x + e) - f(x - e)) / (2 * h)
    return out


@settings(max_examples=50, deadline=None)
@given(p=teachers(), q=teachers())
def test_probability_gradient_matches_finite_differences(p: np.ndarray, q: np.ndarray) -> None:
    # D as a function of free Q(x) values (no renormalisation): sum rel_entr(p, q) and
    # sum rel_entr(q, p), scipy's per-term definition.
    fwd = central_difference(lambda v: float(np.sum(rel_entr(p, v))), q)
    rev = central_difference(lambda v: float(np.sum(rel_entr(v, p))), q)
    assert probability_gradient("forward", p, q) == pytest.approx(fwd, rel=1e-5, abs=1e-6)
    assert probability_gradient("reverse", p, q) == pytest.approx(rev, rel=1e-5, abs=1e-6)


def test_probability_gradient_at_a_zero() -> None:
    q = np.array([0.98, 0.02, 0.0])
    fwd = probability_gradient("forward", P, q)
    assert fwd[:2] == pytest.approx([-0.49 / 0.98, -0.49 / 0.02])
    assert fwd[2] == -math.inf  # a missing outcome the teacher has: unbounded pull up
    assert probability_gradient("forward", [0.5, 0.5, 0.0], [0.5, 0.25, 0.25])[2] == 0.0
    assert probability_gradient("reverse", P, q)[2] == -math.inf
    with pytest.raises(ValueError, match="direction"):
        probability_gradient("sideways", P, q)  # type: ignore[arg-type]
    with pytest.raises(InvalidDistributionError, match="outcomes"):
        probability_gradient("forward", P, [0.5, 0.5])


def test_stand_in_logits() -> None:
    z = stand_in_logits([0.98, 0.02, 0.0], 1e-6)
    assert np.isfinite(z).all()
    q = np.exp(z) / np.exp(z).sum()
    assert q == pytest.approx(np.array([0.98, 0.02, 1e-6]) / (1 + 1e-6), rel=1e-12)
    assert stand_in_logits([0.5, 0.5], 1e-3) == pytest.approx(np.log([0.5, 0.5]))
    with pytest.raises(InvalidDistributionError, match="zero_standin"):
        stand_in_logits([1.0, 0.0], 0.0)


@pytest.mark.parametrize("direction", ["forward", "reverse"])
def test_each_step_follows_the_finite_difference_gradient(direction: str) -> None:
    kl = forward_kl_nats if direction == "forward" else reverse_kl_nats
    z0 = np.array([1.0, -0.5, 0.3])
    run = descend_logits(direction, P, z0, learning_rate=0.7, steps=5)  # type: ignore[arg-type]
    assert run.steps == 5 and run.logits.shape == (6, 3)
    assert run.logits[0] == pytest.approx(z0)
    for t in range(5):
        grad = central_difference(lambda z: kl(P, z), run.logits[t], h=1e-6)
        assert run.logits[t + 1] == pytest.approx(run.logits[t] - 0.7 * grad, abs=1e-8)
    assert run.probs.sum(axis=1) == pytest.approx(np.ones(6))
    assert run.loss() == pytest.approx([kl(P, z) for z in run.logits])
    assert run.probs_at(2.5) == pytest.approx(
        np.exp(run.logits_at(2.5)) / np.exp(run.logits_at(2.5)).sum())
    assert run.logits_at(2.5) == pytest.approx((run.logits[2] + run.logits[3]) / 2)
    assert run.logits_at(99) == pytest.approx(run.logits[-1])


def test_worked_example_descent_covers_c_only_under_forward_kl() -> None:
    z0 = stand_in_logits(W.student.probs, W.zero_standin)
    fwd = descend_logits("forward", P, z0, learning_rate=W.learning_rate, steps=W.steps)
    rev = descend_logits("reverse", P, z0, learning_rate=W.learning_rate, steps=W.steps)
    c = W.student.probs.index(0.0)
    # the examples' comment: forward KL ends within 1 % of P(C), the minimiser being P itself
    assert fwd.probs[-1] == pytest.approx(P, rel=0.01)
    # both runs descend monotonically at this step size
    assert np.all(np.diff(fwd.loss()) <= 1e-12) and np.all(np.diff(rev.loss()) <= 1e-12)
    # reverse KL: C stays orders of magnitude below P(C), its logit barely moving
    assert rev.probs[-1][c] < 1e-3 * P[c]
    assert abs(rev.logits[-1][c] - rev.logits[0][c]) < 0.01 * abs(fwd.logits[-1][c] - fwd.logits[0][c])


def test_bad_descent_input() -> None:
    with pytest.raises(ValueError, match="learning_rate"):
        descend_logits("forward", P, [0, 0, 0], learning_rate=0.0, steps=3)
    with pytest.raises(ValueError, match="steps"):
        descend_logits("forward", P, [0, 0, 0], learning_rate=1.0, steps=-1)
    with pytest.raises(ValueError, match="direction"):
        descend_logits("up", P, [0, 0, 0], learning_rate=1.0, steps=1)  # type: ignore[arg-type]
    with pytest.raises(InvalidDistributionError, match=r"P\(x\) > 0"):
        descend_logits("reverse", [0.5, 0.5, 0.0], [0, 0, 0], learning_rate=1.0, steps=1)
    with pytest.raises(InvalidDistributionError, match="logits"):
        descend_logits("forward", P, [0.0, 0.0], learning_rate=1.0, steps=1)
