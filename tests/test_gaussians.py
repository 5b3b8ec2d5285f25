"""Gaussian densities, mixture KL and descent paths, pinned to scipy and closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, optimize, special, stats

from entropy_explorer.examples import (
    BIMODAL_TEACHER,
    DESCENT_LEARNING_RATE,
    DESCENT_MAX_STEP,
    STUDENT_START,
    STUDENT_START_CENTRAL,
    GaussianMixture,
)
from entropy_explorer.gaussians import (
    OptimisationPath,
    descend,
    forward_kl,
    forward_kl_grad,
    forward_optimum,
    gaussian_kl,
    kl,
    kl_landscape,
    mixture_logpdf,
    mixture_moments,
    mixture_pdf,
    mixture_score,
    normal_logpdf,
    normal_pdf,
    reverse_kl,
    reverse_kl_grad,
    reverse_mode_solution,
    validate_mixture,
)

T = BIMODAL_TEACHER
LOG2 = math.log(2)


def single(mu: float, sigma: float) -> GaussianMixture:
    return GaussianMixture(weights=(1.0,), means=(mu,), sigmas=(sigma,))


def p_scipy(x: float) -> float:
    return sum(w * stats.norm.pdf(x, m, s) for w, m, s in zip(T.weights, T.means, T.sigmas, strict=True))


def logp_scipy(x: float) -> float:
    """Teacher log-density from scipy (log-sum-exp, so the far tails stay finite)."""
    return float(special.logsumexp([stats.norm.logpdf(x, m, s) for m, s in zip(T.means, T.sigmas, strict=True)],
                                   b=list(T.weights)))


def quad(f, lo: float, hi: float, points=()) -> float:  # noqa: ANN001
    pts = sorted(p for p in set(points) if lo < p < hi)
    return integrate.quad(f, lo, hi, points=pts or None, limit=500, epsabs=1e-13, epsrel=1e-12)[0]


def reverse_kl_quad(mu: float, sigma: float) -> float:
    f = lambda x: stats.norm.pdf(x, mu, sigma) * (stats.norm.logpdf(x, mu, sigma) - logp_scipy(x))  # noqa: E731
    return quad(f, mu - 14 * sigma, mu + 14 * sigma, points=(mu, -3.0, 0.0, 3.0))


def forward_kl_quad(mu: float, sigma: float) -> float:
    f = lambda x: p_scipy(x) * (math.log(p_scipy(x)) - stats.norm.logpdf(x, mu, sigma))  # noqa: E731
    return quad(f, -18.0, 18.0, points=(-3.0, 0.0, 3.0))


def mixture_entropy_quad() -> float:
    return quad(lambda x: -p_scipy(x) * math.log(p_scipy(x)), -18.0, 18.0, points=(-3.0, 0.0, 3.0))


# ----------------------------------------------------------------------- densities
def test_densities_match_scipy() -> None:
    x = np.linspace(-8, 8, 101)
    np.testing.assert_allclose(normal_pdf(x, 0.7, 1.3), stats.norm.pdf(x, 0.7, 1.3), rtol=1e-12)
    np.testing.assert_allclose(normal_logpdf(x, -2, 0.4), stats.norm.logpdf(x, -2, 0.4), rtol=1e-12)
    np.testing.assert_allclose(mixture_pdf(x, T), [p_scipy(v) for v in x], rtol=1e-12, atol=1e-300)


def test_mixture_is_a_density_and_log_is_finite_far_out() -> None:
    assert quad(lambda v: float(mixture_pdf(v, T)), -30, 30, points=(-3, 3)) == pytest.approx(1.0, abs=1e-10)
    far = mixture_logpdf(np.array([-80.0, 80.0]), T)
    assert np.isfinite(far).all()
    # far right, the +3 component dominates: log(0.5 N(80; 3, 1))
    assert far[1] == pytest.approx(math.log(0.5) + stats.norm.logpdf(80, 3, 1), rel=1e-12)


def test_score_is_derivative_of_log_density() -> None:
    x = np.linspace(-7, 7, 57)
    h = 1e-5
    fd = (mixture_logpdf(x + h, T) - mixture_logpdf(x - h, T)) / (2 * h)
    np.testing.assert_allclose(mixture_score(x, T), fd, atol=1e-7)


def test_moments_match_numerical_integration() -> None:
    mean, var = mixture_moments(T)
    assert mean == pytest.approx(quad(lambda v: v * p_scipy(v), -20, 20, (-3, 3)), abs=1e-10)
    assert var == pytest.approx(quad(lambda v: (v - mean) ** 2 * p_scipy(v), -20, 20, (-3, 3)), abs=1e-9)


@pytest.mark.parametrize(
    "bad",
    [
        GaussianMixture((0.5, 0.4), (0, 1), (1, 1)),
        GaussianMixture((0.5, 0.5), (0, 1), (1, 0)),
        GaussianMixture((0.5, 0.5), (0,), (1,)),
        GaussianMixture((1.5, -0.5), (0, 1), (1, 1)),
    ],
)
def test_invalid_mixtures_raise(bad: GaussianMixture) -> None:
    with pytest.raises(ValueError):
        validate_mixture(bad)


def test_invalid_student_raises() -> None:
    with pytest.raises(ValueError):
        reverse_kl(T, 0.0, 0.0)
    with pytest.raises(ValueError):
        forward_kl(T, math.nan, 1.0)
    with pytest.raises(ValueError):
        kl("sideways", T, 0.0, 1.0)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- KL
def test_gaussian_kl_closed_form_against_quadrature() -> None:
    for m1, s1, m2, s2 in [(0, 1, 1, 2), (-2, 0.5, 3, 1.5), (1, 3, 1, 0.7)]:
        f = lambda x, m1=m1, s1=s1, m2=m2, s2=s2: stats.norm.pdf(x, m1, s1) * (  # noqa: E731
            stats.norm.logpdf(x, m1, s1) - stats.norm.logpdf(x, m2, s2))
        assert gaussian_kl(m1, s1, m2, s2) == pytest.approx(quad(f, m1 - 15 * s1, m1 + 15 * s1), abs=1e-10)


@settings(max_examples=60, deadline=None)
@given(
    m_p=st.floats(-5, 5), s_p=st.floats(0.3, 3),
    mu=st.floats(-6, 6), ratio=st.floats(0.05, 20),
)
def test_single_gaussian_teacher_matches_closed_form(m_p: float, s_p: float, mu: float, ratio: float) -> None:
    sigma = s_p * ratio
    teacher = single(m_p, s_p)
    assert forward_kl(teacher, mu, sigma) == pytest.approx(gaussian_kl(m_p, s_p, mu, sigma), abs=1e-10, rel=1e-10)
    assert reverse_kl(teacher, mu, sigma) == pytest.approx(gaussian_kl(mu, sigma, m_p, s_p), abs=1e-10, rel=1e-10)


@settings(max_examples=30, deadline=None)
@given(w=st.floats(0.05, 0.95), m=st.floats(-4, 4), s=st.floats(0.5, 2), mu=st.floats(-4, 4),
       sigma=st.floats(0.3, 5))
def test_mixture_of_coinciding_components_is_one_gaussian(w: float, m: float, s: float, mu: float,
                                                           sigma: float) -> None:
    teacher = GaussianMixture((w, 1 - w), (m, m), (s, s))
    assert forward_kl(teacher, mu, sigma) == pytest.approx(gaussian_kl(m, s, mu, sigma), abs=1e-10, rel=1e-10)
    assert reverse_kl(teacher, mu, sigma) == pytest.approx(gaussian_kl(mu, sigma, m, s), abs=1e-10, rel=1e-10)


@pytest.mark.parametrize("mu", [-4.0, 0.5, 3.0])
@pytest.mark.parametrize("sigma", [0.05, 1.0, 3.0, 20.0])
def test_bimodal_kl_matches_scipy_quad(mu: float, sigma: float) -> None:
    """The documented accuracy: 1e-9 nats for sigma from 0.05 to 20 teacher widths."""
    assert reverse_kl(T, mu, sigma) == pytest.approx(reverse_kl_quad(mu, sigma), abs=1e-9)
    assert forward_kl(T, mu, sigma) == pytest.approx(forward_kl_quad(mu, sigma), abs=1e-9, rel=1e-11)


@pytest.mark.parametrize("direction", ["forward", "reverse"])
def test_landscape_matches_pointwise_kl(direction: str) -> None:
    mus, sigmas = np.linspace(-5, 5, 7), np.geomspace(0.3, 5, 5)
    values = kl_landscape(direction, T, mus, sigmas)  # type: ignore[arg-type]
    assert values.shape == (5, 7) and (values >= 0).all()
    expected = [[kl(direction, T, m, s) for m in mus] for s in sigmas]  # type: ignore[arg-type]
    np.testing.assert_allclose(values, expected, rtol=1e-11, atol=1e-11)


def test_kl_is_asymmetric() -> None:
    assert forward_kl(T, 1.0, 1.0) != pytest.approx(reverse_kl(T, 1.0, 1.0), abs=0.1)


# --------------------------------------------------------------------- gradients
@pytest.mark.parametrize("mu,sigma", [(0.0, 1.0), (1.0, 0.7), (-2.5, 2.0), (3.2, 0.9), (0.4, 4.0)])
@pytest.mark.parametrize("direction", ["forward", "reverse"])
def test_gradients_match_finite_differences(direction: str, mu: float, sigma: float) -> None:
    grad = (forward_kl_grad if direction == "forward" else reverse_kl_grad)(T, mu, sigma)
    h = 1e-5
    f = lambda m, s: kl(direction, T, m, math.exp(s))  # noqa: E731
    ls = math.log(sigma)
    fd = [(f(mu + h, ls) - f(mu - h, ls)) / (2 * h), (f(mu, ls + h) - f(mu, ls - h)) / (2 * h)]
    np.testing.assert_allclose(grad, fd, atol=2e-6, rtol=1e-6)


# ------------------------------------------------------------------- forward fit
def test_forward_optimum_is_moment_matching() -> None:
    mu_star, sigma_star = forward_optimum(T)
    assert mu_star == pytest.approx(0.0, abs=1e-12)
    assert sigma_star == pytest.approx(math.sqrt(1 + 9), rel=1e-12)  # 1 + 3^2 for +-3, width 1
    res = optimize.minimize(lambda th: forward_kl(T, th[0], math.exp(th[1])), x0=[1.0, 0.0],
                            method="Nelder-Mead", options={"xatol": 1e-8, "fatol": 1e-12})
    assert res.x[0] == pytest.approx(mu_star, abs=1e-5)
    assert math.exp(res.x[1]) == pytest.approx(sigma_star, abs=1e-5)
    # At the optimum: D = -H(P) + log(sigma sqrt(2 pi e)) (the Gaussian cross-entropy).
    expected = -mixture_entropy_quad() + 0.5 * math.log(2 * math.pi * math.e * sigma_star**2)
    assert forward_kl(T, mu_star, sigma_star) == pytest.approx(expected, abs=1e-9)


def test_forward_path_covers_both_peaks() -> None:
    path = descend("forward", T, STUDENT_START.mu, STUDENT_START.sigma,
                   learning_rate=DESCENT_LEARNING_RATE, max_step=DESCENT_MAX_STEP, tol=1e-7)
    assert path.converged
    mu, sigma, value = path.end
    assert (mu, sigma) == pytest.approx(forward_optimum(T), abs=1e-5)
    assert value == pytest.approx(forward_kl(T, *forward_optimum(T)), abs=1e-9)
    assert np.all(np.diff(path.kl) <= 1e-12), "forward KL rises along the descent"


# ------------------------------------------------------------------- reverse fit
def hessian(f, x: np.ndarray, h: float = 1e-3) -> np.ndarray:  # noqa: ANN001
    n = len(x)
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            ei, ej = np.eye(n)[i] * h, np.eye(n)[j] * h
            out[i, j] = (f(x + ei + ej) - f(x + ei - ej) - f(x - ei + ej) + f(x - ei - ej)) / (4 * h * h)
    return out


def rev(th: np.ndarray) -> float:
    return reverse_kl(T, th[0], math.exp(th[1]))


def test_reverse_path_from_off_centre_collapses_onto_a_peak() -> None:
    path = descend("reverse", T, STUDENT_START.mu, STUDENT_START.sigma,
                   learning_rate=DESCENT_LEARNING_RATE, max_step=DESCENT_MAX_STEP, tol=1e-7)
    assert path.converged
    mu, sigma, value = path.end
    mode_mu, mode_sigma, mode_kl = reverse_mode_solution(T, 1)
    assert (mode_mu, mode_sigma, mode_kl) == (3.0, 1.0, pytest.approx(LOG2))
    # Well-separated-peaks theory: Q = the component, D(Q||P) = -log w = log 2.
    assert mu == pytest.approx(mode_mu, abs=0.05)
    assert sigma == pytest.approx(mode_sigma, abs=0.05)
    assert value == pytest.approx(mode_kl, abs=0.01)
    # P >= w N_k everywhere, so the optimum is strictly below log 2.
    assert value < LOG2
    assert np.all(np.linalg.eigvalsh(hessian(rev, np.array([mu, math.log(sigma)]))) > 0)
    assert np.all(np.diff(path.kl) <= 1e-12)


def test_reverse_landscape_has_a_wide_symmetric_local_minimum() -> None:
    """Started near the middle, reverse KL does NOT pick a peak: honest non-convexity."""
    path = descend("reverse", T, STUDENT_START_CENTRAL.mu, STUDENT_START_CENTRAL.sigma,
                   learning_rate=DESCENT_LEARNING_RATE, max_step=DESCENT_MAX_STEP, tol=1e-7)
    assert path.converged
    mu, sigma, value = path.end
    assert mu == pytest.approx(0.0, abs=1e-4)
    assert 2.0 < sigma < 3.5
    assert value > LOG2 + 0.1  # worse than sitting on a peak
    eig = np.linalg.eigvalsh(hessian(rev, np.array([mu, math.log(sigma)])))
    assert np.all(eig > 0), "the symmetric end point is a local minimum, not a saddle"
    # scipy's optimiser from the same start agrees on where this basin ends
    res = optimize.minimize(rev, x0=[STUDENT_START_CENTRAL.mu, math.log(STUDENT_START_CENTRAL.sigma)],
                            method="BFGS", options={"gtol": 1e-8})
    assert res.x[0] == pytest.approx(0.0, abs=1e-3)
    assert math.exp(res.x[1]) == pytest.approx(sigma, abs=1e-3)


def test_step_clipping_bounds_every_update_and_keeps_the_end_points() -> None:
    for direction in ("forward", "reverse"):
        clipped = descend(direction, T, STUDENT_START.mu, STUDENT_START.sigma,  # type: ignore[arg-type]
                          learning_rate=DESCENT_LEARNING_RATE, max_step=DESCENT_MAX_STEP, tol=1e-7)
        plain = descend(direction, T, STUDENT_START.mu, STUDENT_START.sigma,  # type: ignore[arg-type]
                        learning_rate=DESCENT_LEARNING_RATE, tol=1e-7)
        moves = np.hypot(np.diff(clipped.mu), np.diff(np.log(clipped.sigma)))
        assert moves.max() <= DESCENT_MAX_STEP + 1e-12
        assert clipped.end == pytest.approx(plain.end, abs=1e-5)
    # the unclipped forward descent overshoots: its first step is far longer
    plain = descend("forward", T, STUDENT_START.mu, STUDENT_START.sigma,
                    learning_rate=DESCENT_LEARNING_RATE, max_steps=1)
    assert plain.sigma[1] > 10 * STUDENT_START.sigma


def test_student_exactly_at_centre_stays_on_the_symmetry_axis() -> None:
    path = descend("reverse", T, 0.0, 1.0, learning_rate=DESCENT_LEARNING_RATE)
    assert np.all(np.abs(path.mu) < 1e-9)


# ------------------------------------------------------------------------- paths
def test_path_interpolation_and_progress() -> None:
    path = descend("reverse", T, STUDENT_START.mu, STUDENT_START.sigma,
                   learning_rate=DESCENT_LEARNING_RATE, max_steps=20)
    assert isinstance(path, OptimisationPath) and path.steps == 20 and not path.converged
    assert path.at(3) == pytest.approx((path.mu[3], path.sigma[3]))
    mid = path.at(3.5)
    assert min(path.mu[3], path.mu[4]) <= mid[0] <= max(path.mu[3], path.mu[4])
    assert path.at(-1) == path.at(0) and path.at(99) == path.at(20)
    assert path.step_at_progress(0) == 0 and path.step_at_progress(1) == pytest.approx(20)
    steps = [path.step_at_progress(u) for u in np.linspace(0, 1, 11)]
    assert np.all(np.diff(steps) >= 0)
    assert path.start == (path.mu[0], path.sigma[0], path.kl[0])
