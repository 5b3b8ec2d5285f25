"""PPO on the KL-only reward, sampled; the 2-D logit slice; finite differences.

References are independent of the module: scipy's softmax and relative entropy, the
one-sample estimates written out from the article's formulas and enumerated over the
outcomes, closed-form gradients, and plain linear algebra.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar
from scipy.special import logsumexp, rel_entr
from scipy.special import softmax as sp_softmax

from entropy_explorer.examples import BLIND_SPOT, PPO_SLICE
from entropy_explorer.gradients import (
    central_difference,
    covariance_in_plane,
    estimate_batches,
    per_sample_covariance,
    plane_basis,
    policy_gradient,
    ppo_advantage,
    ppo_covariance,
    ppo_estimator_stats,
    ppo_kl_reward,
    ppo_value_baseline,
    ppo_variance_ratio,
    reverse_gradient,
    reverse_kl_nats,
    to_plane,
)

P = np.array(PPO_SLICE.teacher.probs)
Z = np.array(PPO_SLICE.student_logits)


def teachers(k: int = 3) -> st.SearchStrategy[np.ndarray]:
    return st.lists(st.floats(0.05, 1.0), min_size=k, max_size=k).map(lambda v: np.array(v) / np.sum(v))


def logit_vectors(k: int = 3) -> st.SearchStrategy[np.ndarray]:
    return st.lists(st.floats(-4, 4), min_size=k, max_size=k).map(np.array)


def ppo_one_sample(p: np.ndarray, z: np.ndarray, x: int, b: float) -> np.ndarray:
    """The article's PPO estimate for one draw x: (log P(x) - log Q(x) - b) grad log Q(x)."""
    q = sp_softmax(z)
    e = np.zeros_like(q)
    e[x] = 1.0
    return (math.log(p[x]) - math.log(q[x]) - b) * (e - q)


# ------------------------------------------------------------------ PPO, exact parts
@settings(max_examples=40, deadline=None)
@given(p=teachers(), z=logit_vectors(), b=st.floats(-5, 5))
def test_advantage_and_value_baseline(p: np.ndarray, z: np.ndarray, b: float) -> None:
    q = sp_softmax(z)
    np.testing.assert_allclose(ppo_advantage(p, z, b), np.log(p) - np.log(q) - b, atol=1e-10)
    # E_Q[log P - log Q] = -D(Q||P), with scipy's relative entropy as the reference.
    assert ppo_value_baseline(p, z) == pytest.approx(-rel_entr(q, p).sum(), abs=1e-10)


@pytest.mark.parametrize("b", [0.0, -0.9, 2.5])
def test_ppo_covariance_against_enumeration(b: float) -> None:
    q = sp_softmax(Z)
    g = np.array([ppo_one_sample(P, Z, x, b) for x in range(3)])
    np.testing.assert_allclose(ppo_covariance(P, Z, b), np.cov(g.T, aweights=q, bias=True), atol=1e-12)
    # The mean of the one-sample estimates is the exact policy gradient, for every b.
    np.testing.assert_allclose(q @ g, policy_gradient(Z, ppo_kl_reward(P, Z)), atol=1e-12)


def test_ppo_variance_ratio_against_enumeration() -> None:
    q = sp_softmax(Z)
    b = ppo_value_baseline(P, Z)
    g_ppo = np.array([ppo_one_sample(P, Z, x, b) for x in range(3)])
    g_fwd = np.array([-(np.eye(3)[x] - q) for x in range(3)])
    ref = np.trace(np.cov(g_ppo.T, aweights=q, bias=True)) / np.trace(np.cov(g_fwd.T, aweights=P, bias=True))
    assert ppo_variance_ratio(P, Z, b) == pytest.approx(ref, rel=1e-10)


def test_total_variance_is_a_parabola_in_the_baseline() -> None:
    """Var(b) = E_Q[(r - b)^2 |e_x - Q|^2] - |grad J|^2: minimised at a weighted mean of r."""
    q = sp_softmax(Z)
    r = np.log(P) - np.log(q)
    w = ((np.eye(3) - q) ** 2).sum(axis=1)
    best = float(q @ (w * r) / (q @ w))
    found = minimize_scalar(lambda b: np.trace(ppo_covariance(P, Z, b)), bounds=(-10, 10),
                            method="bounded", options={"xatol": 1e-9})
    assert found.x == pytest.approx(best, abs=1e-6)
    # The value baseline E_Q[r] is not that minimiser, but on this student it still helps.
    v = ppo_value_baseline(P, Z)
    assert np.trace(ppo_covariance(P, Z, best)) < np.trace(ppo_covariance(P, Z, v)) < np.trace(
        ppo_covariance(P, Z, 0.0))


# ----------------------------------------------------------------- PPO, sampled
def test_ppo_estimates_are_flipped_reinforce_estimates() -> None:
    kw = {"batch_size": 6, "n_batches": 30}
    s = ppo_estimator_stats(P, Z, rng=np.random.default_rng(4), baseline=0.7, **kw)
    est, counts = estimate_batches("reverse", P, Z, rng=np.random.default_rng(4), baseline=-0.7, **kw)
    np.testing.assert_allclose(s.estimates, -est, atol=1e-15)
    np.testing.assert_array_equal(s.counts, counts)
    # And each batch is the mean of the written-out one-sample estimates.
    g = np.array([ppo_one_sample(P, Z, x, 0.7) for x in range(3)])
    np.testing.assert_allclose(s.estimates, counts @ g / 6, atol=1e-12)


@pytest.mark.parametrize("b", [0.0, -1.3])
def test_ppo_estimates_are_unbiased_and_scatter_as_theory_says(b: float) -> None:
    s = ppo_estimator_stats(P, Z, batch_size=8, n_batches=40_000, rng=np.random.default_rng(9),
                            baseline=b)
    np.testing.assert_allclose(s.exact, -reverse_gradient(P, Z), atol=1e-12)
    assert np.all(np.abs(s.mean - s.exact) <= 4.5 * s.standard_error() + 1e-12)
    assert s.total_variance == pytest.approx(np.trace(ppo_covariance(P, Z, b)) / 8, rel=0.05)


def test_one_seed_draws_the_same_batches_for_every_baseline() -> None:
    kw = {"batch_size": PPO_SLICE.batch_size, "n_batches": 50}
    a = ppo_estimator_stats(P, Z, rng=np.random.default_rng(PPO_SLICE.seed), **kw)
    c = ppo_estimator_stats(P, Z, rng=np.random.default_rng(PPO_SLICE.seed), baseline=-2.0, **kw)
    np.testing.assert_array_equal(a.counts, c.counts)
    # Same draws, so the baseline moves every batch by -b * (mean score of its draws).
    score = a.counts / kw["batch_size"] @ (np.eye(3) - sp_softmax(Z))
    np.testing.assert_allclose(c.estimates - a.estimates, 2.0 * score, atol=1e-12)


# ------------------------------------------------------------------- the 2-D slice
def test_plane_basis_is_orthonormal_and_orthogonal_to_ones() -> None:
    u = plane_basis(PPO_SLICE.directions)
    np.testing.assert_allclose(u @ u.T, np.eye(2), atol=1e-12)
    np.testing.assert_allclose(u @ np.ones(3), 0.0, atol=1e-12)
    np.testing.assert_allclose(u[0], np.array(PPO_SLICE.directions[0]) / math.sqrt(2), atol=1e-12)


@pytest.mark.parametrize(("directions", "message"), [
    (((1.0, 1.0, 1.0), (1.0, -1.0, 0.0)), "along"),
    (((1.0, -1.0, 0.0), (1.0, 0.0, -1.0)), "not orthogonal"),
    (((0.0, 0.0, 0.0), (1.0, -1.0, 0.0)), "non-zero"),
])
def test_plane_basis_refuses_bad_directions(directions: tuple, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        plane_basis(directions)


@settings(max_examples=40, deadline=None)
@given(p=teachers(), z=logit_vectors())
def test_the_slice_loses_nothing_for_three_classes(p: np.ndarray, z: np.ndarray) -> None:
    """A softmax gradient's length is its length in the slice, and it maps back exactly."""
    u = plane_basis(PPO_SLICE.directions)
    g = reverse_gradient(p, z)
    c = to_plane(g, u)
    assert np.linalg.norm(c) == pytest.approx(np.linalg.norm(g), abs=1e-12)
    np.testing.assert_allclose(c @ u, g, atol=1e-12)


def test_to_plane_refuses_a_vector_with_a_constant_part() -> None:
    u = plane_basis(PPO_SLICE.directions)
    with pytest.raises(ValueError, match="not a softmax gradient"):
        to_plane(np.array([1.0, 0.0, 0.0]), u)
    with pytest.raises(ValueError, match="logits"):
        to_plane(np.zeros(4), u)


def test_covariance_in_plane_matches_projected_samples() -> None:
    u = plane_basis(PPO_SLICE.directions)
    q = sp_softmax(Z)
    g = np.array([ppo_one_sample(P, Z, x, 0.0) for x in range(3)])
    ref = np.cov((g @ u.T).T, aweights=q, bias=True)  # project first, then the covariance
    np.testing.assert_allclose(covariance_in_plane(ppo_covariance(P, Z), u), ref, atol=1e-12)


# --------------------------------------------------------------- finite differences
def test_central_difference_of_log_sum_exp_is_softmax() -> None:
    z = np.array([0.3, -1.2, 2.0, 0.0])
    np.testing.assert_allclose(central_difference(logsumexp, z), sp_softmax(z), atol=1e-9)


def test_central_difference_is_exact_for_a_quadratic() -> None:
    a = np.array([[2.0, 0.5], [0.5, 1.0]])
    x = np.array([0.7, -0.4])
    np.testing.assert_allclose(central_difference(lambda v: float(v @ a @ v), x), 2 * a @ x, atol=1e-8)


def test_finite_differences_of_reverse_kl_are_minus_the_ppo_gradient() -> None:
    fd = central_difference(lambda t: reverse_kl_nats(P, t), Z)
    np.testing.assert_allclose(policy_gradient(Z, ppo_kl_reward(P, Z)), -fd, atol=1e-8)


# ------------------------------------------------------------------- the example
def test_the_sweep_ends_on_the_blind_spot_student() -> None:
    z = Z.copy()
    z[PPO_SLICE.teacher.outcomes.index(PPO_SLICE.sweep_class)] = PPO_SLICE.sweep_to
    np.testing.assert_allclose(sp_softmax(z), sp_softmax(np.array(BLIND_SPOT.student_logits)), atol=1e-15)
    assert PPO_SLICE.teacher == BLIND_SPOT.teacher


def test_the_swept_class_is_the_one_the_student_under_weights() -> None:
    q = sp_softmax(Z)
    i = PPO_SLICE.teacher.outcomes.index(PPO_SLICE.sweep_class)
    assert int(np.argmin(q / P)) == i
    # and per_sample_covariance agrees with ppo_covariance at the negated baseline
    np.testing.assert_allclose(ppo_covariance(P, Z, 0.4), per_sample_covariance("reverse", P, Z, -0.4))


def test_batch_covariance_divides_by_the_batch_size() -> None:
    np.testing.assert_allclose(ppo_covariance(P, Z, 0.3, batch_size=16), ppo_covariance(P, Z, 0.3) / 16)
    with pytest.raises(ValueError, match="batch_size"):
        ppo_covariance(P, Z, batch_size=0)
