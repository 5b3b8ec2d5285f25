"""KL gradients for a softmax student: finite differences, unbiasedness, blind spots, PPO;
variances and baselines against exact enumeration; descent runs against a finite-difference
reference path and scipy's KL."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize, stats

from entropy_explorer.examples import BLIND_SPOT
from entropy_explorer.gradients import (
    descend_logits,
    descend_many,
    descent_histories,
    estimate_batches,
    estimator_stats,
    exact_gradient,
    forward_gradient,
    forward_kl_nats,
    grad_log_q,
    logit_gradient,
    logit_grid,
    optimal_baseline,
    per_sample_covariance,
    policy_gradient,
    ppo_kl_reward,
    probability_gradient,
    relative_variance,
    resolve_baseline,
    reverse_gradient,
    reverse_kl_nats,
    total_variance,
    variance_ratio,
    variance_sweep,
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
    # batch size cancels: the exact ratio is that of the one-sample variances, here by
    # enumerating the outcomes and their written-out estimates (np.cov with the weights)
    def var(direction: str, c: int | None) -> float:
        w, g = _enumerated(direction, P3, LOGITS, 0.0)
        cov = np.cov(g.T, aweights=w, bias=True)
        return float(np.trace(cov) if c is None else cov[c, c])

    for comp in (0, 1, 2, None):
        assert variance_ratio(P3, LOGITS, comp) == pytest.approx(
            var("reverse", comp) / var("forward", comp), rel=1e-9)


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


# ------------------------------------------------- other coordinates (probabilities)
def _fd(f, x: np.ndarray, h: float = 1e-7) -> np.ndarray:  # type: ignore[no-untyped-def]
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(x.size)])


@settings(max_examples=40, deadline=None)
@given(p=teachers(3), z=logit_vectors(3))
def test_probability_gradient_matches_finite_differences(p: np.ndarray, z: np.ndarray) -> None:
    """Each Q(x) its own parameter: the KLs as plain functions of the vector Q."""
    q = softmax_ref(z)
    forward = lambda v: float(np.sum(p * (np.log(p) - np.log(v))))  # noqa: E731
    reverse = lambda v: float(np.sum(v * (np.log(v) - np.log(p))))  # noqa: E731
    np.testing.assert_allclose(probability_gradient("forward", p, q), _fd(forward, q), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(probability_gradient("reverse", p, q), _fd(reverse, q), rtol=1e-5, atol=1e-6)


def test_probability_gradient_at_a_zero() -> None:
    p, q = [0.49, 0.49, 0.02], [0.98, 0.02, 0.0]
    fwd = probability_gradient("forward", p, q)
    assert fwd[2] == -math.inf and fwd[1] == pytest.approx(-0.49 / 0.02)
    rev = probability_gradient("reverse", p, q)
    assert rev[2] == -math.inf and rev[0] == pytest.approx(math.log(0.98 / 0.49) + 1)
    # a teacher zero: forward ignores it (P log P = 0), reverse refuses it
    assert probability_gradient("forward", [0.5, 0.5, 0.0], [0.2, 0.3, 0.5])[2] == 0.0
    with pytest.raises(InvalidDistributionError):
        probability_gradient("reverse", [0.5, 0.5, 0.0], [0.2, 0.3, 0.5])


@settings(max_examples=30, deadline=None)
@given(p=teachers(3), z=logit_vectors(3))
def test_logit_gradient_is_the_softmax_gradient(p: np.ndarray, z: np.ndarray) -> None:
    q = softmax_ref(z)
    for direction, f in (("forward", forward_kl_nats), ("reverse", reverse_kl_nats)):
        np.testing.assert_allclose(logit_gradient(direction, p, q), _fd(lambda t, f=f: f(p, t), z, 1e-6),  # type: ignore[arg-type,misc]
                                   atol=1e-6)


def test_logit_gradient_at_a_zero_is_the_limit() -> None:
    """Q(C) = 0 is the limit of C's logit going to minus infinity."""
    p, q = np.array([0.49, 0.49, 0.02]), np.array([0.98, 0.02, 0.0])
    far = np.log([0.98, 0.02, 1.0]) + np.array([0.0, 0.0, -60.0])
    for direction, exact in (("forward", forward_gradient), ("reverse", reverse_gradient)):
        np.testing.assert_allclose(logit_gradient(direction, p, q), exact(p, far), atol=1e-20)  # type: ignore[arg-type]
    assert logit_gradient("reverse", p, q)[2] == 0.0
    np.testing.assert_allclose(logit_gradient("forward", p, q), q - p)


# ------------------------------------------------------------ variance, baselines
def _enumerated(direction: str, p: np.ndarray, z: np.ndarray, b: float) -> tuple[np.ndarray, np.ndarray]:
    """Outcome weights and one-sample estimates, written out (the reference)."""
    w = p if direction == "forward" else softmax_ref(z)
    return w, np.array([one_sample(direction, p, z, x, b) for x in range(p.size)])


def _trace_cov(w: np.ndarray, g: np.ndarray) -> float:
    return float(np.trace(np.cov(g.T, aweights=w, bias=True)))


@settings(max_examples=40, deadline=None)
@given(p=teachers(3), z=logit_vectors(3), b=st.floats(-3, 3))
def test_total_variance_against_enumeration(p: np.ndarray, z: np.ndarray, b: float) -> None:
    w, g = _enumerated("reverse", p, z, b)
    assert total_variance("reverse", p, z, b) == pytest.approx(_trace_cov(w, g), rel=1e-9, abs=1e-12)
    w, g = _enumerated("forward", p, z, 0.0)
    assert total_variance("forward", p, z) == pytest.approx(1 - np.sum(p**2), rel=1e-9)
    assert total_variance("forward", p, z) == pytest.approx(_trace_cov(w, g), rel=1e-9)
    norm2 = float(reverse_gradient(p, z) @ reverse_gradient(p, z))
    if norm2 == 0:  # the student is the teacher: a stationary point
        assert relative_variance("reverse", p, z, b) == math.inf
    else:
        assert relative_variance("reverse", p, z, b) == pytest.approx(
            total_variance("reverse", p, z, b) / norm2, rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(p=teachers(3), z=logit_vectors(3))
def test_optimal_baseline_minimises_the_enumerated_variance(p: np.ndarray, z: np.ndarray) -> None:
    def var(b: float) -> float:
        return _trace_cov(*_enumerated("reverse", p, z, b))

    res = optimize.minimize_scalar(var, bracket=(-20.0, 20.0), tol=1e-12)
    b_star = optimal_baseline(p, z)
    assert var(b_star) <= res.fun + 1e-12
    assert b_star == pytest.approx(float(res.x), abs=1e-4)
    # the named baselines resolve to these values; the mean reward is D(Q||P)
    assert resolve_baseline("optimal", p, z) == b_star
    q = softmax_ref(z)
    assert resolve_baseline("mean", p, z) == pytest.approx(float(stats.entropy(q, p)), rel=1e-9)
    assert resolve_baseline("none", p, z) == 0.0 and resolve_baseline(0.7, p, z) == 0.7


def test_bad_baselines_are_refused() -> None:
    with pytest.raises(ValueError, match="baseline"):
        resolve_baseline("median", P3, LOGITS)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="finite"):
        resolve_baseline(math.nan, P3, LOGITS)


@pytest.mark.parametrize("baseline", ["none", "mean", "optimal"])
def test_monte_carlo_variance_within_its_standard_error(baseline: str) -> None:
    """One-sample estimates (seeded): the mean squared deviation from the exact gradient
    agrees with the exact total variance within four standard errors; the standard error
    comes from the exact fourth moment (a finite sum too)."""
    z = np.array([0.4, -1.0, 1.2])
    b = resolve_baseline(baseline, P3, z)  # type: ignore[arg-type]
    w, g = _enumerated("reverse", P3, z, b)
    exact = reverse_gradient(P3, z)
    d = np.sum((g - exact) ** 2, axis=1)  # squared deviation of each outcome's estimate
    mean_d, var_d = float(w @ d), float(w @ d**2 - (w @ d) ** 2)
    n = 50_000
    est, _ = estimate_batches("reverse", P3, z, batch_size=1, n_batches=n,
                              rng=np.random.default_rng(99), baseline=b)
    emp = float(np.mean(np.sum((est - exact) ** 2, axis=1)))
    assert abs(emp - mean_d) <= 4 * math.sqrt(var_d / n)
    assert total_variance("reverse", P3, z, baseline) == pytest.approx(mean_d, rel=1e-9)  # type: ignore[arg-type]


def test_logit_grid_and_variance_sweep() -> None:
    grid = logit_grid(3, 2.0, 1.0)
    assert grid.shape == (25, 3) and np.all(grid[:, 2] == 0)
    assert {tuple(r[:2]) for r in grid} == {(a, b) for a in range(-2, 3) for b in range(-2, 3)}
    assert logit_grid(2, 1.0, 0.5).shape == (5, 2)
    with pytest.raises(ValueError):
        logit_grid(1)
    sweep = variance_sweep(P3, grid)
    for i in (0, 7, 24):
        z = grid[i]
        assert sweep.forward_variance[i] == pytest.approx(_trace_cov(*_enumerated("forward", P3, z, 0)))
        for name in ("none", "mean", "optimal"):
            b = resolve_baseline(name, P3, z)  # type: ignore[arg-type]
            assert sweep.reverse_variance[name][i] == pytest.approx(
                _trace_cov(*_enumerated("reverse", P3, z, b)), rel=1e-9, abs=1e-15)
        assert sweep.reverse_relative("optimal")[i] == pytest.approx(
            relative_variance("reverse", P3, z, "optimal"))
        assert sweep.forward_relative()[i] == pytest.approx(relative_variance("forward", P3, z))
    assert sweep.forward_lower("none").dtype == bool
    with pytest.raises(ValueError, match="shape"):
        variance_sweep(P3, np.zeros((4, 2)))


# ---------------------------------------------------------------- descent on logits
def _reference_descent(direction: str, p: np.ndarray, z0: np.ndarray, lr: float, steps: int) -> np.ndarray:
    """Plain descent with the gradient by finite differences of scipy's KL (the reference)."""
    def loss(z: np.ndarray) -> float:
        q = softmax_ref(z)
        return float(stats.entropy(p, q) if direction == "forward" else stats.entropy(q, p))

    z = z0.astype(float).copy()
    out = [z.copy()]
    for _ in range(steps):
        z = z - lr * _fd(loss, z, 1e-6)
        out.append(z.copy())
    return np.array(out)


@pytest.mark.parametrize("direction", ["forward", "reverse"])
def test_exact_descent_follows_the_finite_difference_path(direction: str) -> None:
    z0 = np.array([1.5, -2.0, 0.0])
    run = descend_logits(direction, P3, z0, learning_rate=0.7, steps=40)  # type: ignore[arg-type]
    np.testing.assert_allclose(run.logits, _reference_descent(direction, P3, z0, 0.7, 40), atol=1e-6)
    assert run.steps == 40 and run.batch_size is None and np.all(run.samples == 0)


def test_descent_run_values_against_scipy() -> None:
    run = descend_logits("forward", P3, [1.0, -3.0, 0.5], learning_rate=0.5, steps=30)
    for t in (0, 11, 30):
        q = softmax_ref(run.logits[t])
        assert run.probs[t] == pytest.approx(q)
        assert run.forward_kl()[t] == pytest.approx(float(stats.entropy(P3, q)), rel=1e-10)
        assert run.reverse_kl(base=2)[t] == pytest.approx(float(stats.entropy(q, P3, base=2)), rel=1e-10)
        assert run.cross_entropy(base=2)[t] == pytest.approx(-float(P3 @ np.log2(q)), rel=1e-10)
        assert run.total_variation()[t] == pytest.approx(0.5 * float(np.abs(q - P3).sum()))
    assert run.entropy(base=2) == pytest.approx(float(stats.entropy(P3, base=2)))
    np.testing.assert_allclose(run.loss(), run.forward_kl())
    # fractional steps interpolate the logits; whole steps are the run's own
    assert run.probs_at(11) == pytest.approx(run.probs[11])
    np.testing.assert_allclose(run.logits_at(11.5), 0.5 * (run.logits[11] + run.logits[12]))
    assert run.loss_at(7) == pytest.approx(run.loss()[7])
    assert run.cross_entropy_at(30, base=2) == pytest.approx(run.cross_entropy(base=2)[30])
    assert run.probs_at(-3) == pytest.approx(run.probs[0]) and run.probs_at(99) == pytest.approx(run.probs[-1])
    tv = run.total_variation()
    hit = run.steps_to(0.1)
    assert hit is not None and tv[hit] <= 0.1 and np.all(tv[:hit] > 0.1)
    assert run.steps_to(-1.0) is None


@settings(max_examples=25, deadline=None)
@given(p=teachers(3), z=logit_vectors(3))
def test_forward_descent_is_monotone_up_to_step_four(p: np.ndarray, z: np.ndarray) -> None:
    """The cross-entropy's Hessian in the logits, diag(Q) - Q Q^T, has eigenvalues at most
    1/2, so by the descent lemma any step up to 2 / (1/2) = 4 never raises the loss."""
    q = softmax_ref(z)
    assert np.linalg.eigvalsh(np.diag(q) - np.outer(q, q)).max() <= 0.5 + 1e-12
    assert descend_logits("forward", p, z, learning_rate=4.0, steps=60).is_monotone()


def test_a_too_large_step_is_not_monotone() -> None:
    run = descend_logits("forward", [0.5, 0.5], [3.0, 0.0], learning_rate=16.0, steps=5)
    assert not run.is_monotone()


@pytest.mark.parametrize(("direction", "baseline"),
                         [("forward", "none"), ("reverse", "none"), ("reverse", "mean"),
                          ("reverse", "optimal"), ("reverse", 0.8)])
def test_sampled_steps_are_unbiased_with_the_exact_variance(direction: str, baseline) -> None:  # type: ignore[no-untyped-def]
    """One step from many copies of one student: the step divided by the step size is a
    batch estimate; its mean is the exact gradient and its variance total_variance / B,
    within their standard errors."""
    z = np.array([0.4, -1.0, 1.2])
    n, batch, lr = 40_000, 4, 0.5
    hist = descent_histories(direction, P3, np.tile(z, (n, 1)), learning_rate=lr, steps=1,  # type: ignore[arg-type]
                             batch_size=batch, seed=3, baseline=baseline)
    est = (hist[0] - hist[1]) / lr
    exact = exact_gradient(direction, P3, z)  # type: ignore[arg-type]
    se = est.std(axis=0, ddof=1) / math.sqrt(n)
    assert np.all(np.abs(est.mean(axis=0) - exact) <= 4.5 * se + 1e-12)
    theory = total_variance(direction, P3, z, baseline) / batch  # type: ignore[arg-type]
    assert float(est.var(axis=0, ddof=1).sum()) == pytest.approx(theory, rel=0.04)


def test_sampled_runs_are_reproducible_and_match_their_histories() -> None:
    starts = logit_grid(3, 2.0, 2.0)
    kw = {"learning_rate": 0.5, "steps": 20, "batch_size": 8, "seed": 4, "baseline": "optimal"}
    runs = descend_many("reverse", P3, starts, **kw)  # type: ignore[arg-type]
    again = descend_many("reverse", P3, starts, **kw)  # type: ignore[arg-type]
    hist = descent_histories("reverse", P3, starts, **kw)  # type: ignore[arg-type]
    for i, (a, b) in enumerate(zip(runs, again, strict=True)):
        np.testing.assert_array_equal(a.logits, b.logits)
        np.testing.assert_array_equal(a.logits, hist[:, i, :])
    assert runs[0].samples[-1] == 20 * 8 and runs[0].seed == 4
    single = descend_logits("forward", P3, starts[3], learning_rate=0.5, steps=5, batch_size=2, seed=1)
    assert single.logits.shape == (6, 3)


def test_descent_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="seed"):
        descend_logits("forward", P3, LOGITS, learning_rate=0.5, steps=3, batch_size=4)
    with pytest.raises(ValueError, match="learning_rate"):
        descend_logits("forward", P3, LOGITS, learning_rate=0.0, steps=3)
    with pytest.raises(ValueError, match="direction"):
        descend_logits("sideways", P3, LOGITS, learning_rate=0.5, steps=3)  # type: ignore[arg-type]
    with pytest.raises(InvalidDistributionError, match="outcomes"):
        descend_logits("forward", P3, [0.0, 1.0], learning_rate=0.5, steps=3)
    with pytest.raises(InvalidDistributionError, match="P\\(x\\) > 0"):
        descend_logits("reverse", [0.5, 0.5, 0.0], [0.0, 0.0, 0.0], learning_rate=0.5, steps=3)
    with pytest.raises(ValueError, match="batch_size"):
        descend_logits("reverse", P3, LOGITS, learning_rate=0.5, steps=3, batch_size=0, seed=1)
