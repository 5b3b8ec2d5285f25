"""KL gradients for a softmax student: finite differences, unbiasedness, blind spots, PPO."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from entropy_explorer.examples import BLIND_SPOT
from entropy_explorer.gradients import (
    estimate_batches,
    estimator_stats,
    exact_gradient,
    forward_gradient,
    forward_kl_nats,
    grad_log_q,
    per_sample_covariance,
    policy_gradient,
    ppo_kl_reward,
    reverse_gradient,
    reverse_kl_nats,
    variance_ratio,
)
from entropy_explorer.infotheory import InvalidDistributionError, kl_divergence

P3 = np.array(BLIND_SPOT.teacher.probs)
LOGITS = np.array(BLIND_SPOT.student_logits)


def softmax_ref(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - np.max(z))
    return e / e.sum()


def teachers(k: int = 4) -> st.SearchStrategy[np.ndarray]:
    return st.lists(st.floats(0.05, 1.0), min_size=k, max_size=k).map(lambda v: np.array(v) / np.sum(v))


def logit_vectors(k: int = 4) -> st.SearchStrategy[np.ndarray]:
    return st.lists(st.floats(-4, 4), min_size=k, max_size=k).map(np.array)


def one_sample(direction: str, p: np.ndarray, z: np.ndarray, x: int, b: float = 0.0) -> np.ndarray:
    """The one-sample estimate written out from the article's formulas (the reference)."""
    q = softmax_ref(z)
    e = np.zeros_like(q)
    e[x] = 1.0
    if direction == "forward":
        return -(e - q)
    return (math.log(q[x]) - math.log(p[x]) - b) * (e - q)


# ------------------------------------------------------------------ exact values
@settings(max_examples=50, deadline=None)
@given(p=teachers(), z=logit_vectors())
def test_kl_values_match_infotheory(p: np.ndarray, z: np.ndarray) -> None:
    q = softmax_ref(z)
    p = p / p.sum()
    assert forward_kl_nats(p, z) == pytest.approx(kl_divergence(p, q, base=math.e), abs=1e-10)
    assert reverse_kl_nats(p, z) == pytest.approx(kl_divergence(q, p, base=math.e), abs=1e-10)


@settings(max_examples=50, deadline=None)
@given(p=teachers(), z=logit_vectors())
def test_exact_gradients_match_finite_differences(p: np.ndarray, z: np.ndarray) -> None:
    h = 1e-6
    for grad_fn, f in ((forward_gradient, forward_kl_nats), (reverse_gradient, reverse_kl_nats)):
        fd = np.array([(f(p, z + h * e) - f(p, z - h * e)) / (2 * h) for e in np.eye(z.size)])
        np.testing.assert_allclose(grad_fn(p, z), fd, atol=1e-6)


@settings(max_examples=30, deadline=None)
@given(p=teachers(), z=logit_vectors())
def test_softmax_identities(p: np.ndarray, z: np.ndarray) -> None:
    """Shifting every logit changes nothing, so gradients sum to 0; E_Q[grad log Q] = 0."""
    assert forward_gradient(p, z).sum() == pytest.approx(0.0, abs=1e-12)
    assert reverse_gradient(p, z).sum() == pytest.approx(0.0, abs=1e-12)
    np.testing.assert_allclose(softmax_ref(z) @ grad_log_q(z), 0.0, atol=1e-12)


def test_forward_gradient_is_q_minus_p() -> None:
    np.testing.assert_allclose(forward_gradient(P3, LOGITS), softmax_ref(LOGITS) - P3, atol=1e-15)


# ---------------------------------------------------------------------- sampling
@pytest.mark.parametrize("direction", ["forward", "reverse"])
@pytest.mark.parametrize("z", [LOGITS, np.array([0.0, 0.5, -0.5]), np.array([1.0, -1.0, 2.0])])
def test_estimators_are_unbiased(direction: str, z: np.ndarray) -> None:
    rng = np.random.default_rng(2024)
    stats_ = estimator_stats(direction, P3, z, batch_size=4, n_batches=40_000, rng=rng)  # type: ignore[arg-type]
    bound = 4.5 * stats_.standard_error() + 1e-9
    assert np.all(np.abs(stats_.mean - stats_.exact) <= bound)


def test_reinforce_with_a_baseline_stays_unbiased() -> None:
    z = np.array([0.3, -0.2, 0.8])
    rng = np.random.default_rng(7)
    s = estimator_stats("reverse", P3, z, batch_size=2, n_batches=40_000, rng=rng, baseline=1.7)
    assert np.all(np.abs(s.mean - reverse_gradient(P3, z)) <= 4.5 * s.standard_error())


@pytest.mark.parametrize("direction", ["forward", "reverse"])
@pytest.mark.parametrize("baseline", [0.0, 0.9])
def test_per_sample_covariance_against_enumeration(direction: str, baseline: float) -> None:
    z = np.array([0.4, -1.0, 1.2])
    if direction == "forward":
        w = P3
        b = 0.0
    else:
        w = softmax_ref(z)
        b = baseline
    g = np.array([one_sample(direction, P3, z, x, b) for x in range(3)])
    ref = np.cov(g.T, aweights=w, bias=True)
    np.testing.assert_allclose(per_sample_covariance(direction, P3, z, b), ref, atol=1e-12)  # type: ignore[arg-type]
    np.testing.assert_allclose(w @ g, exact_gradient(direction, P3, z), atol=1e-12)  # type: ignore[arg-type]


@pytest.mark.parametrize("direction", ["forward", "reverse"])
def test_batch_estimates_are_means_of_one_sample_estimates(direction: str) -> None:
    z = np.array([0.4, -1.0, 1.2])
    est, counts = estimate_batches(direction, P3, z, batch_size=5, n_batches=50,  # type: ignore[arg-type]
                                   rng=np.random.default_rng(3))
    g = np.array([one_sample(direction, P3, z, x) for x in range(3)])
    np.testing.assert_allclose(est, counts @ g / 5, atol=1e-12)
    assert np.all(counts.sum(axis=1) == 5)


@pytest.mark.parametrize("direction", ["forward", "reverse"])
def test_empirical_variance_matches_theory(direction: str) -> None:
    rng = np.random.default_rng(11)
    b = 8
    s = estimator_stats(direction, P3, LOGITS, batch_size=b, n_batches=20_000, rng=rng)  # type: ignore[arg-type]
    theory = np.trace(per_sample_covariance(direction, P3, LOGITS)) / b  # type: ignore[arg-type]
    assert s.total_variance == pytest.approx(theory, rel=0.05)


def test_seeded_runs_are_reproducible() -> None:
    a = estimator_stats("reverse", P3, LOGITS, batch_size=8, n_batches=100, rng=np.random.default_rng(5))
    b = estimator_stats("reverse", P3, LOGITS, batch_size=8, n_batches=100, rng=np.random.default_rng(5))
    np.testing.assert_array_equal(a.estimates, b.estimates)


# --------------------------------------------------------------------- blind spot
def test_blind_spot_class_gets_no_reverse_gradient() -> None:
    q = softmax_ref(LOGITS)
    b = int(np.argmin(q))
    assert BLIND_SPOT.teacher.outcomes[b] == "B" and q[b] < 1e-6 and P3[b] > 0.4
    rev, fwd = reverse_gradient(P3, LOGITS), forward_gradient(P3, LOGITS)
    assert abs(rev[b]) < 1e-5  # a factor Q(B) multiplies it
    assert abs(fwd[b]) > 0.4  # Q(B) - P(B): a strong push up
    s = estimator_stats("reverse", P3, LOGITS, batch_size=BLIND_SPOT.batch_size,
                        n_batches=BLIND_SPOT.n_batches, rng=np.random.default_rng(BLIND_SPOT.seed))
    assert s.samples_per_outcome[b] == 0  # the student never samples B
    assert np.max(np.abs(s.estimates[:, b])) < 1e-5


def test_blind_spot_experiment_variance_ratio() -> None:
    """At this student the REINFORCE estimates spread about three times as much."""
    theory = np.trace(per_sample_covariance("reverse", P3, LOGITS)) / np.trace(
        per_sample_covariance("forward", P3, LOGITS))
    # forward per-sample covariance is Cov_P(e_x): trace 1 - sum P^2, whatever the student
    assert np.trace(per_sample_covariance("forward", P3, LOGITS)) == pytest.approx(1 - np.sum(P3**2))
    assert 2.5 < theory < 3.5


def test_head_histogram_and_variance_ratio() -> None:
    rng = np.random.default_rng(BLIND_SPOT.seed)
    f = estimator_stats("forward", P3, LOGITS, batch_size=8, n_batches=20_000, rng=rng)
    r = estimator_stats("reverse", P3, LOGITS, batch_size=8, n_batches=20_000, rng=rng)
    h = r.head(50)
    np.testing.assert_array_equal(h.estimates, r.estimates[:50])
    assert h.n_batches == 50 and h.samples_per_outcome.sum() == 50 * 8
    with pytest.raises(ValueError):
        r.head(1)
    edges = np.linspace(-2.5, 1.5, 33)
    counts = r.histogram(0, edges)
    assert counts.sum() == 20_000 and counts.shape == (32,)
    for comp in (0, None):
        emp = (r.variance[0] / f.variance[0]) if comp == 0 else r.total_variance / f.total_variance
        assert variance_ratio(P3, LOGITS, comp) == pytest.approx(emp, rel=0.06)
    # batch size cancels; theory from the per-sample covariances
    cov_r = per_sample_covariance("reverse", P3, LOGITS)
    cov_f = per_sample_covariance("forward", P3, LOGITS)
    assert variance_ratio(P3, LOGITS, 2) == pytest.approx(cov_r[2, 2] / cov_f[2, 2])


def test_reverse_needs_a_positive_teacher() -> None:
    with pytest.raises(InvalidDistributionError):
        reverse_gradient([0.5, 0.5, 0.0], [0.0, 0.0, 0.0])
    with pytest.raises(InvalidDistributionError):
        forward_gradient([0.5, 0.5], [0.0, 0.0, 0.0])


# --------------------------------------------------------------------------- PPO
@settings(max_examples=50, deadline=None)
@given(p=teachers(), z=logit_vectors(), b=st.floats(-5, 5))
def test_ppo_kl_reward_policy_gradient_is_minus_reverse_gradient(p: np.ndarray, z: np.ndarray,
                                                                 b: float) -> None:
    r = ppo_kl_reward(p, z)
    np.testing.assert_allclose(r, np.log(p) - np.log(softmax_ref(z)), atol=1e-12)
    np.testing.assert_allclose(policy_gradient(z, r, baseline=b), -reverse_gradient(p, z), atol=1e-10)
