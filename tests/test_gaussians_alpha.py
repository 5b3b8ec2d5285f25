"""Alpha-divergence between the two-peaked teacher and a Gaussian, its fits and minima.

References: scipy.integrate.quad of Amari's integral, the Rényi closed form for two
Gaussians (written here from Gil, Alajaji & Linder 2013, independently of the module), the
KL limits, finite differences, Nelder-Mead (no gradient) for minima, and a Hessian from
second differences of the value.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy import integrate, optimize, stats
from test_gaussians import logp_scipy, single

from entropy_explorer.examples import (
    ALPHA_SWEEP,
    BIMODAL_TEACHER,
    DESCENT_LEARNING_RATE,
    DESCENT_MAX_STEP,
    STUDENT_START,
    STUDENT_START_CENTRAL,
    GaussianMixture,
)
from entropy_explorer.gaussians import (
    alpha_divergence,
    alpha_divergence_grad,
    alpha_local_minima,
    alpha_sweep,
    alpha_transitions,
    descend,
    descend_alpha,
    forward_kl,
    forward_optimum,
    gaussian_alpha_divergence,
    gaussian_kl,
    landing,
    reverse_kl,
)

T = BIMODAL_TEACHER
OPTS = {"learning_rate": DESCENT_LEARNING_RATE, "max_step": DESCENT_MAX_STEP, "tol": 1e-7,
        "max_steps": 5000}


def amari_quad(alpha: float, logp, mu: float, sigma: float, lo: float, hi: float,  # noqa: ANN001
               points: tuple[float, ...] = ()) -> float:
    """``integral [a p + (1-a) q - p^a q^(1-a)] / (a (1-a))`` by scipy quad."""
    def f(x: float) -> float:
        lp, lq = logp(x), stats.norm.logpdf(x, mu, sigma)
        return (alpha * math.exp(lp) + (1 - alpha) * math.exp(lq)
                - math.exp(alpha * lp + (1 - alpha) * lq)) / (alpha * (1 - alpha))
    pts = sorted(p for p in {*points, mu, mu - sigma, mu + sigma} if lo < p < hi)
    return integrate.quad(f, lo, hi, points=pts, limit=1000, epsabs=1e-13, epsrel=1e-12)[0]


def renyi_gaussians(alpha: float, m1: float, s1: float, m2: float, s2: float) -> float:
    """Rényi divergence of order alpha, Gil et al. (2013), univariate case."""
    v = alpha * s2**2 + (1 - alpha) * s1**2
    return (math.log(s2 / s1) + math.log(s2**2 / v) / (2 * (alpha - 1))
            + 0.5 * alpha * (m1 - m2) ** 2 / v)


def value_hessian(alpha: float, mu: float, sigma: float, h: float = 1e-3) -> np.ndarray:
    """Hessian in (mu, log sigma) from second differences of the value only."""
    f = lambda th: alpha_divergence(alpha, T, th[0], math.exp(th[1]))  # noqa: E731
    x = np.array([mu, math.log(sigma)])
    out = np.zeros((2, 2))
    for i in range(2):
        for j in range(2):
            ei, ej = np.eye(2)[i] * h, np.eye(2)[j] * h
            out[i, j] = (f(x + ei + ej) - f(x + ei - ej) - f(x - ei + ej) + f(x - ei - ej)) / (4 * h * h)
    return out


# ------------------------------------------------------------------- closed form
@pytest.mark.parametrize("alpha", [0.1, 0.5, 0.9])
@pytest.mark.parametrize("m1,s1,m2,s2", [(0, 1, 1, 2), (-2, 0.5, 3, 1.5), (1, 3, 1, 0.7)])
def test_gaussian_closed_form_against_quadrature_and_renyi(alpha: float, m1: float, s1: float,
                                                           m2: float, s2: float) -> None:
    value = gaussian_alpha_divergence(alpha, m1, s1, m2, s2)
    lo, hi = min(m1 - 15 * s1, m2 - 15 * s2), max(m1 + 15 * s1, m2 + 15 * s2)
    ref = amari_quad(alpha, lambda x: stats.norm.logpdf(x, m1, s1), m2, s2, lo, hi, (m1,))
    assert value == pytest.approx(ref, abs=1e-10)
    renyi = renyi_gaussians(alpha, m1, s1, m2, s2)
    assert value == pytest.approx((1 - math.exp(-(1 - alpha) * renyi)) / (alpha * (1 - alpha)), rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(alpha=st.floats(0.01, 0.99), m1=st.floats(-4, 4), s1=st.floats(0.2, 4),
       m2=st.floats(-4, 4), s2=st.floats(0.2, 4))
def test_gaussian_closed_form_duality_and_positivity(alpha: float, m1: float, s1: float,
                                                     m2: float, s2: float) -> None:
    d = gaussian_alpha_divergence(alpha, m1, s1, m2, s2)
    assert d >= 0
    # Amari's duality: D_a(P||Q) = D_(1-a)(Q||P)
    assert d == pytest.approx(gaussian_alpha_divergence(1 - alpha, m2, s2, m1, s1), rel=1e-9, abs=1e-12)


def test_gaussian_closed_form_limits_are_the_kls() -> None:
    args = (-1.0, 0.6, 2.0, 1.7)
    assert gaussian_alpha_divergence(1, *args) == gaussian_kl(*args)
    assert gaussian_alpha_divergence(0, *args) == gaussian_kl(2.0, 1.7, -1.0, 0.6)
    assert gaussian_alpha_divergence(1 - 1e-7, *args) == pytest.approx(gaussian_kl(*args), rel=1e-5)
    assert gaussian_alpha_divergence(1e-7, *args) == pytest.approx(gaussian_kl(2.0, 1.7, -1.0, 0.6), rel=1e-5)


@pytest.mark.parametrize("alpha", [5e-324, 1e-310, 1e-300, 1e-12, 1e-6])
def test_continuous_down_to_subnormal_alpha_and_up_to_one(alpha: float) -> None:
    """Within 1e-6 of the KL limits at alpha = 0 and 1, however small alpha (or 1 - alpha)."""
    teacher = single(0.0, 1.0)
    assert alpha_divergence(alpha, teacher, 0.0, 0.5) == pytest.approx(
        reverse_kl(teacher, 0.0, 0.5), abs=1e-6)
    assert gaussian_alpha_divergence(alpha, 0.0, 1.0, 0.0, 0.5) == pytest.approx(
        stats_kl(0.5, 0.0, 1.0, 0.0), abs=1e-6)
    # at the other end the divergence moves by about 1.8 nats per unit of alpha: within 1e-6
    # plus that slope
    near_one = 1e-6 + 2 * alpha
    assert alpha_divergence(1 - alpha, teacher, 0.0, 0.5) == pytest.approx(
        forward_kl(teacher, 0.0, 0.5), abs=near_one)
    assert gaussian_alpha_divergence(1 - alpha, 0.0, 1.0, 0.0, 0.5) == pytest.approx(
        stats_kl(1.0, 0.0, 0.5, 0.0), abs=near_one)


def stats_kl(s1: float, m1: float, s2: float, m2: float) -> float:
    """D(N(m1, s1^2) || N(m2, s2^2)) as scipy's differential entropy and cross-entropy."""
    h = float(stats.norm(m1, s1).entropy())
    cross = 0.5 * math.log(2 * math.pi * s2**2) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2)
    return cross - h


@settings(max_examples=60, deadline=None)
@given(alpha=st.floats(0.0, 1e-9), m_p=st.floats(-5, 5), s_p=st.floats(0.3, 3),
       mu=st.floats(-6, 6), ratio=st.floats(0.05, 20))
@example(alpha=5e-324, m_p=0.0, s_p=1.0, mu=0.0, ratio=0.5)
@example(alpha=1e-310, m_p=-5.0, s_p=0.3, mu=6.0, ratio=20.0)
def test_the_small_alpha_end_is_the_reverse_kl(alpha: float, m_p: float, s_p: float, mu: float,
                                               ratio: float) -> None:
    """Subnormal orders included (the strategy reaches them): no digit lost to alpha's rounding."""
    sigma = s_p * ratio
    limit = stats_kl(sigma, mu, s_p, m_p)
    assert gaussian_alpha_divergence(alpha, m_p, s_p, mu, sigma) == pytest.approx(limit, rel=1e-6)
    assert alpha_divergence(alpha, single(m_p, s_p), mu, sigma) == pytest.approx(limit, rel=1e-6)


@pytest.mark.parametrize("wide", [1e10, 1e100, 1e200, 1e300])
def test_closed_forms_of_very_wide_or_narrow_pairs_do_not_overflow(wide: float) -> None:
    # KL: log(s2/s1) + s1^2 / (2 s2^2) - 1/2 with the ratio taken in logs
    assert gaussian_kl(0.0, 1.0, 0.0, wide) == pytest.approx(math.log(wide) - 0.5, rel=1e-12)
    assert gaussian_kl(0.0, 1.0 / wide, 0.0, 1.0) == pytest.approx(math.log(wide) - 0.5, rel=1e-12)
    # alpha = 1/2 is four times one minus the Bhattacharyya coefficient,
    # sqrt(2 s1 s2 / (s1^2 + s2^2)) for equal means: about sqrt(2 / wide)
    assert gaussian_alpha_divergence(0.5, 0.0, 1.0, 0.0, wide) == pytest.approx(
        4 * (1 - math.sqrt(2 / (wide + 1 / wide))), rel=1e-12)
    # the alpha-divergence is bounded by 1 / (a (1 - a)) and tends to it
    assert gaussian_alpha_divergence(0.2, 3.0, 1.0 / wide, -1.0, wide) <= 1 / (0.2 * 0.8)


# -------------------------------------------------------------- mixture teacher
@settings(max_examples=60, deadline=None)
@given(alpha=st.floats(0.0, 1.0), m_p=st.floats(-5, 5), s_p=st.floats(0.3, 3), mu=st.floats(-6, 6),
       ratio=st.floats(0.05, 20))
@example(alpha=5e-324, m_p=0.0, s_p=1.0, mu=0.0, ratio=0.5)  # found by Hypothesis: both sides
# were wrong there (0.3047 and 1.0 against the limit 0.3181)
def test_single_gaussian_teacher_matches_closed_form(alpha: float, m_p: float, s_p: float, mu: float,
                                                     ratio: float) -> None:
    sigma = s_p * ratio
    expected = gaussian_alpha_divergence(alpha, m_p, s_p, mu, sigma)
    assert alpha_divergence(alpha, single(m_p, s_p), mu, sigma) == pytest.approx(expected, abs=1e-9, rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(alpha=st.floats(0.0, 1.0), m=st.floats(-5, 5), s=st.floats(0.2, 5), w=st.floats(0.05, 0.95))
def test_zero_exactly_when_the_student_is_the_teacher(alpha: float, m: float, s: float, w: float) -> None:
    assert alpha_divergence(alpha, single(m, s), m, s) == pytest.approx(0.0, abs=1e-12)
    # two coinciding components are still one Gaussian
    assert alpha_divergence(alpha, GaussianMixture((w, 1 - w), (m, m), (s, s)), m, s) == pytest.approx(0.0, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(alpha=st.floats(0.0, 1.0), mu=st.floats(-8, 8), sigma=st.floats(0.05, 20))
def test_nonnegative_and_positive_for_a_gaussian_student(alpha: float, mu: float, sigma: float) -> None:
    # a Gaussian is never the two-peaked mixture, so the divergence is strictly positive
    assert alpha_divergence(alpha, T, mu, sigma) > 0


@pytest.mark.parametrize("alpha", [1e-4, 0.05, 0.3, 0.5, 0.7, 0.95, 1 - 1e-4])
@pytest.mark.parametrize("mu,sigma", [(1.0, 0.7), (0.0, 3.0), (3.0, 1.0), (0.0, 0.05), (-4.0, 0.3),
                                      (2.0, 20.0)])
def test_bimodal_matches_scipy_quad(alpha: float, mu: float, sigma: float) -> None:
    """The documented accuracy: 1e-9 nats for sigma from 0.05 to 20 teacher widths."""
    lo, hi = min(-16.0, mu - 14 * sigma), max(16.0, mu + 14 * sigma)
    ref = amari_quad(alpha, logp_scipy, mu, sigma, lo, hi, (-3.0, 0.0, 3.0))
    # the reference itself loses about 1e-16 / (a (1-a)) to cancellation near the ends
    tol = 1e-9 + 1e-14 / (alpha * (1 - alpha))
    assert alpha_divergence(alpha, T, mu, sigma) == pytest.approx(ref, abs=tol)


def log_ratio_moments(mu: float, sigma: float, under: str) -> tuple[float, float]:
    """``E[L]`` and ``E[L^2]`` for ``L = log p - log q`` under ``p`` (or ``log q - log p`` under q)."""
    def log_ratio(x: float) -> float:
        lr = logp_scipy(x) - stats.norm.logpdf(x, mu, sigma)
        return lr if under == "p" else -lr

    def density(x: float) -> float:
        return math.exp(logp_scipy(x)) if under == "p" else stats.norm.pdf(x, mu, sigma)

    lo, hi = min(-18.0, mu - 14 * sigma), max(18.0, mu + 14 * sigma)
    pts = sorted(p for p in {-3.0, 0.0, 3.0, mu} if lo < p < hi)
    first, second = (integrate.quad(lambda x, k=k: density(x) * log_ratio(x) ** k, lo, hi, points=pts,
                                    limit=1000, epsabs=1e-13, epsrel=1e-12)[0] for k in (1, 2))
    return first, second


@pytest.mark.parametrize("mu,sigma", [(1.0, 0.7), (0.0, 3.0), (3.0, 1.0), (-2.0, 0.2)])
def test_limits_are_forward_and_reverse_kl_and_continuous(mu: float, sigma: float) -> None:
    fwd, rev = forward_kl(T, mu, sigma), reverse_kl(T, mu, sigma)
    assert alpha_divergence(1, T, mu, sigma) == fwd
    assert alpha_divergence(0, T, mu, sigma) == rev
    # Continuity, with the slope at each end from a series expansion in b = distance to the
    # end: D_(1-b) = KL(P||Q) + b (KL - E_P[L^2] / 2) + O(b^2), L = log(p/q), and the mirror
    # image at alpha = 0 (duality). The moments come from scipy quad, not from the module.
    for end, kl_value, under in ((1.0, fwd, "p"), (0.0, rev, "q")):
        m1, m2 = log_ratio_moments(mu, sigma, under)
        assert m1 == pytest.approx(kl_value, rel=1e-9)
        slope = m1 - m2 / 2
        for b in (1e-4, 1e-5):
            d = alpha_divergence(abs(end - b), T, mu, sigma)
            assert (d - kl_value) / b == pytest.approx(slope, rel=1e-2 * (1 + 1e5 * b))


@pytest.mark.parametrize("bad", [-0.1, 1.5, math.nan, math.inf, "half"])
def test_alpha_out_of_range_raises(bad: object) -> None:
    with pytest.raises(ValueError, match="alpha"):
        alpha_divergence(bad, T, 0.0, 1.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="alpha"):
        alpha_divergence_grad(bad, T, 0.0, 1.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="alpha"):
        gaussian_alpha_divergence(bad, 0.0, 1.0, 0.0, 1.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="alpha"):
        descend_alpha(bad, T, 0.0, 1.0)  # type: ignore[arg-type]


def test_bad_student_raises() -> None:
    with pytest.raises(ValueError, match="sigma"):
        alpha_divergence(0.5, T, 0.0, -1.0)
    with pytest.raises(ValueError, match="sigma"):
        alpha_divergence_grad(0.5, T, math.nan, 1.0)


# --------------------------------------------------------------------- gradient
@pytest.mark.parametrize("alpha", [0.0, 1e-6, 0.2, 0.5, 0.5 + 1e-9, 0.8, 1 - 1e-6, 1.0])
@pytest.mark.parametrize("mu,sigma", [(0.0, 1.0), (1.0, 0.7), (-2.5, 2.0), (3.2, 0.9), (0.4, 4.0),
                                      (0.0, 0.1)])
def test_gradient_matches_finite_differences(alpha: float, mu: float, sigma: float) -> None:
    h = 1e-5
    f = lambda m, s: alpha_divergence(alpha, T, m, math.exp(s))  # noqa: E731
    ls = math.log(sigma)
    fd = [(f(mu + h, ls) - f(mu - h, ls)) / (2 * h), (f(mu, ls + h) - f(mu, ls - h)) / (2 * h)]
    np.testing.assert_allclose(alpha_divergence_grad(alpha, T, mu, sigma), fd, atol=2e-6, rtol=1e-6)


# ------------------------------------------------------------------------ paths
@pytest.mark.parametrize("alpha,direction", [(0, "reverse"), (1, "forward")])
def test_endpoint_paths_are_the_kl_paths(alpha: int, direction: str) -> None:
    a = descend_alpha(alpha, T, STUDENT_START.mu, STUDENT_START.sigma, **OPTS)
    k = descend(direction, T, STUDENT_START.mu, STUDENT_START.sigma, **OPTS)  # type: ignore[arg-type]
    np.testing.assert_array_equal(a.mu, k.mu)
    np.testing.assert_array_equal(a.sigma, k.sigma)
    np.testing.assert_array_equal(a.kl, k.kl)
    assert (a.direction, a.alpha, k.alpha) == ("alpha", float(alpha), None)


@pytest.fixture(scope="module")
def sweep():  # noqa: ANN201
    return alpha_sweep(ALPHA_SWEEP, T, STUDENT_START.mu, STUDENT_START.sigma, **OPTS)


def test_sweep_paths_descend_from_the_same_start_to_a_small_gradient(sweep) -> None:  # noqa: ANN001
    assert [f.alpha for f in sweep] == list(ALPHA_SWEEP)
    h = 1e-5
    for fit in sweep:
        path = fit.path
        assert path.start[:2] == (STUDENT_START.mu, STUDENT_START.sigma)
        assert path.converged and path.grad_norm[-1] < OPTS["tol"]
        assert np.all(np.diff(path.kl) <= 1e-12), f"alpha {fit.alpha}: the divergence rises"
        # the value recomputed at the end, and a finite-difference gradient that is small too
        assert fit.value == alpha_divergence(fit.alpha, T, fit.mu, fit.sigma)
        assert path.objective(T, fit.mu, fit.sigma) == fit.value
        f = lambda m, s, a=fit.alpha: alpha_divergence(a, T, m, math.exp(s))  # noqa: E731
        ls = math.log(fit.sigma)
        fd = np.array([(f(fit.mu + h, ls) - f(fit.mu - h, ls)) / (2 * h),
                       (f(fit.mu, ls + h) - f(fit.mu, ls - h)) / (2 * h)])
        assert np.linalg.norm(fd) < 1e-5


def test_sweep_lands_on_a_peak_for_small_alpha_and_covers_above(sweep) -> None:  # noqa: ANN001
    """Measured: from STUDENT_START the path lands on the +3 peak up to alpha 0.06 and
    covers both peaks from 0.08; there is no gradual morph in between."""
    lands = {f.alpha: f.landing for f in sweep}
    assert all(lands[a] == "peak" for a in ALPHA_SWEEP if a <= 0.06)
    assert all(lands[a] == "cover" for a in ALPHA_SWEEP if a >= 0.08)
    for fit in sweep:
        if fit.landing == "peak":
            assert fit.mu == pytest.approx(3.0, abs=0.1) and fit.sigma == pytest.approx(1.0, abs=0.1)
        else:
            assert fit.mu == pytest.approx(0.0, abs=1e-4) and 2.7 < fit.sigma <= math.sqrt(10) + 1e-6
        # a local minimum, by second differences of the value alone
        assert np.all(np.linalg.eigvalsh(value_hessian(fit.alpha, fit.mu, fit.sigma)) > 0)
    # the covering fit widens monotonically towards moment matching at alpha = 1
    covers = [f.sigma for f in sweep if f.landing == "cover"]
    assert np.all(np.diff(covers) > 0)
    assert (sweep[-1].mu, sweep[-1].sigma) == pytest.approx(forward_optimum(T), abs=1e-6)


# ----------------------------------------------------------------------- minima
def nelder_mead(alpha: float, mu: float, sigma: float) -> tuple[float, float, float]:
    res = optimize.minimize(lambda th: alpha_divergence(alpha, T, th[0], math.exp(th[1])),
                            x0=[mu, math.log(sigma)], method="Nelder-Mead",
                            options={"xatol": 1e-9, "fatol": 1e-14, "maxiter": 4000})
    return float(res.x[0]), float(math.exp(res.x[1])), float(res.fun)


def test_reverse_kl_minima_are_section_10s_three_valleys() -> None:
    minima = alpha_local_minima(0.0, T)
    assert [m.landing for m in minima] == ["peak", "peak", "cover"]
    left, right, centre = minima
    assert left.mu == pytest.approx(-right.mu, abs=1e-6) and left.sigma == pytest.approx(right.sigma, abs=1e-6)
    # the same points as the section-10 reverse-KL paths
    for start, found in ((STUDENT_START, right), (STUDENT_START_CENTRAL, centre)):
        end = descend("reverse", T, start.mu, start.sigma, **OPTS).end
        assert (found.mu, found.sigma, found.value) == pytest.approx(end, abs=1e-5)


@pytest.mark.parametrize("alpha", [0.05, 0.3, 0.5, 0.9])
def test_minima_are_minima_by_independent_checks(alpha: float) -> None:
    minima = alpha_local_minima(alpha, T)
    assert minima, "no minimum found"
    values = [m.value for m in minima]
    # sorted by value; mirror-image minima tie up to round-off (which digits depends on the
    # processor's BLAS kernel), and a tie puts the left one first
    assert all(b > a - 1e-10 for a, b in zip(values, values[1:], strict=False)), values
    ties = [(m, n) for m, n in zip(minima, minima[1:], strict=False) if abs(m.value - n.value) < 1e-10]
    assert all(m.mu < n.mu for m, n in ties)
    for m in minima:
        assert m.hessian_eigenvalues[0] > 0 and m.grad_norm < 1e-7
        assert np.all(np.linalg.eigvalsh(value_hessian(alpha, m.mu, m.sigma)) > 0)
        # a gradient-free optimiser started on it stays there
        assert nelder_mead(alpha, m.mu, m.sigma)[:2] == pytest.approx((m.mu, m.sigma), abs=1e-4)
    # the mixture's symmetry: minima come in mirror pairs or sit on the axis
    for m in minima:
        assert any(abs(o.mu + m.mu) < 1e-5 and abs(o.sigma - m.sigma) < 1e-5 for o in minima)


def test_forward_kl_has_one_minimum_moment_matching() -> None:
    (only,) = alpha_local_minima(1.0, T)
    assert (only.mu, only.sigma) == pytest.approx(forward_optimum(T), abs=1e-6)
    # Hessian of the forward KL at moment matching: diag(1 / sigma^2, 2)
    assert only.hessian_eigenvalues == pytest.approx((0.1, 2.0), rel=1e-4)


def test_custom_starts_and_no_spurious_minimum() -> None:
    # started only on the right peak, only that minimum is reported
    (found,) = alpha_local_minima(0.0, T, starts=[(3.0, 1.0)])
    assert found.landing == "peak" and found.mu > 0
    with pytest.raises(ValueError, match="sigma"):
        alpha_local_minima(0.2, T, starts=[(0.0, 0.0)])


# ------------------------------------------------------------------ transitions
@pytest.fixture(scope="module")
def transitions():  # noqa: ANN201
    return alpha_transitions(T, STUDENT_START.mu, STUDENT_START.sigma, alpha_tol=2e-3, **OPTS)


def test_path_switch_brackets_the_change_of_landing(transitions) -> None:  # noqa: ANN001
    a, tol = transitions.path_switch, transitions.alpha_tol
    assert a is not None and 0.06 < a < 0.08  # between the sweep's 0.06 (peak) and 0.08 (cover)
    below = descend_alpha(a - tol, T, STUDENT_START.mu, STUDENT_START.sigma, **OPTS)
    above = descend_alpha(a + tol, T, STUDENT_START.mu, STUDENT_START.sigma, **OPTS)
    assert landing(T, *below.end[:2]) == "peak" and landing(T, *above.end[:2]) == "cover"


def test_global_switch_is_where_the_valleys_are_equally_deep(transitions) -> None:  # noqa: ANN001
    a, tol = transitions.global_switch, transitions.alpha_tol
    assert a is not None and 0.10 < a < 0.13  # the README quotes "near 0.11"
    for alpha, peak_wins in ((a - tol, True), (a + tol, False)):
        peak = nelder_mead(alpha, 3.0, 1.0)
        cover = nelder_mead(alpha, 0.0, 3.0)
        assert landing(T, *peak[:2]) == "peak" and landing(T, *cover[:2]) == "cover"
        assert (peak[2] < cover[2]) == peak_wins


def test_peak_valleys_vanish(transitions) -> None:  # noqa: ANN001
    a, tol = transitions.peaks_vanish, transitions.alpha_tol
    assert a is not None and transitions.path_switch < transitions.global_switch < a
    assert 0.45 < a < 0.49  # the README quotes "near 0.47"
    # just below, a gradient-free search from the peak stays on it; just above it slides away
    assert landing(T, *nelder_mead(a - tol, 3.0, 1.0)[:2]) == "peak"
    assert landing(T, *nelder_mead(a + tol, 3.0, 1.0)[:2]) == "cover"


# ---------------------------------------------------------------------- landing
@pytest.mark.parametrize("mu,sigma,expected", [
    (3.0, 1.0, "peak"), (-2.8, 1.2, "peak"), (0.0, 3.0, "cover"), (0.0, 0.5, "valley"),
    (10.0, 1.0, "valley"),
])
def test_landing(mu: float, sigma: float, expected: str) -> None:
    assert landing(T, mu, sigma) == expected
    three = GaussianMixture((0.3, 0.3, 0.4), (-4.0, 0.0, 4.0), (1.0, 1.0, 1.0))
    assert landing(three, -2.0, 1.0) == "partial"
