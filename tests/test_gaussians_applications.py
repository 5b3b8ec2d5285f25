"""The closed-form toys of "Applications You'll See in Practice", pinned to independent
references: the general multivariate-normal KL, numerical integration (scipy) and a
constrained optimiser (scipy's SLSQP)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, optimize, special, stats

from entropy_explorer.gaussians import (
    trust_region_radius,
    trust_region_step,
    vae_encoder_optimum,
)


def mvn_kl(m1: np.ndarray, c1: np.ndarray, m2: np.ndarray, c2: np.ndarray) -> float:
    """``D(N(m1, c1) || N(m2, c2))``: the general closed form, written out here."""
    k = m1.size
    inv2 = np.linalg.inv(c2)
    d = m2 - m1
    return 0.5 * (np.trace(inv2 @ c1) + d @ inv2 @ d - k
                  + math.log(np.linalg.det(c2) / np.linalg.det(c1)))


# ------------------------------------------------------------------ trust region
@pytest.mark.parametrize("dim", [1, 2, 3])
@pytest.mark.parametrize(("delta", "sigma"), [(0.01, 1.0), (0.3, 1.0), (0.05, 2.5), (1.0, 0.4)])
def test_the_trust_region_ring_is_where_the_kl_reaches_delta(dim: int, delta: float,
                                                             sigma: float) -> None:
    rng = np.random.default_rng(dim)
    cov = sigma**2 * np.eye(dim)
    r = trust_region_radius(delta, sigma)
    for _ in range(5):
        u = rng.normal(size=dim)
        u /= np.linalg.norm(u)
        old = rng.normal(size=dim)
        assert mvn_kl(old, cov, old + r * u, cov) == pytest.approx(delta, rel=1e-12)
        # symmetric for equal covariances: the ring is the same either way round
        assert mvn_kl(old + r * u, cov, old, cov) == pytest.approx(delta, rel=1e-12)
        assert mvn_kl(old, cov, old + 0.9 * r * u, cov) < delta < mvn_kl(old, cov, old + 1.1 * r * u, cov)


def test_the_ring_matches_a_numerical_kl_in_two_dimensions() -> None:
    sigma, delta = 1.3, 0.3
    r = trust_region_radius(delta, sigma)
    old, new = np.zeros(2), r * np.array([0.6, 0.8])
    p = stats.multivariate_normal(old, sigma**2 * np.eye(2))
    q = stats.multivariate_normal(new, sigma**2 * np.eye(2))

    def integrand(y: float, x: float) -> float:
        pt = np.array([x, y])
        return float(p.pdf(pt) * (p.logpdf(pt) - q.logpdf(pt)))

    lim = 10 * sigma
    value, _ = integrate.dblquad(integrand, -lim, lim, -lim, lim, epsabs=1e-10)
    assert value == pytest.approx(delta, abs=1e-6)


@pytest.mark.parametrize("g", [(1.6, 0.8), (-0.2, 3.0), (0.05, -0.01), (2.0, 0.0)])
@pytest.mark.parametrize(("delta", "sigma"), [(0.3, 1.0), (0.02, 0.7)])
def test_the_trust_region_step_is_the_constrained_optimum(g: tuple[float, float],
                                                          delta: float, sigma: float) -> None:
    """KKT: on the ring, and g a non-negative multiple of the KL's gradient there (the KL by
    its own formula, the gradient by central differences); with a linear objective and a
    convex constraint that is the global optimum, which no sampled feasible point beats.
    An optimiser (SLSQP) is compared only where it reports success: it is not the reference."""
    gv = np.array(g)
    cov = sigma**2 * np.eye(2)

    def kl(s: np.ndarray) -> float:
        return mvn_kl(np.zeros(2), cov, s, cov)

    step = trust_region_step(gv, delta, sigma)
    assert kl(step) == pytest.approx(delta, rel=1e-12)  # feasible, the constraint active
    h = 1e-6
    grad = np.array([(kl(step + e) - kl(step - e)) / (2 * h) for e in np.eye(2) * h])
    lam = float(gv @ grad) / float(grad @ grad)
    assert lam > 0
    np.testing.assert_allclose(gv, lam * grad, rtol=1e-6, atol=1e-9 * np.linalg.norm(gv))
    rng = np.random.default_rng(0)
    pts = rng.uniform(-2, 2, size=(20000, 2)) * np.linalg.norm(step)
    inside = pts[[kl(s) <= delta for s in pts]]
    assert len(inside) > 1000 and float(np.max(inside @ gv)) <= float(gv @ step) + 1e-12
    res = optimize.minimize(
        lambda s: -float(gv @ s), x0=np.zeros(2), method="SLSQP",
        constraints=[{"type": "ineq", "fun": lambda s: delta - kl(s)}],
        options={"ftol": 1e-12, "maxiter": 200})
    if res.success:
        np.testing.assert_allclose(step, res.x, atol=1e-5)
    # independent of |g|
    np.testing.assert_allclose(trust_region_step(10 * gv, delta, sigma), step, rtol=1e-12)


@pytest.mark.parametrize(("call", "message"), [
    (lambda: trust_region_radius(0.0, 1.0), "delta must be positive"),
    (lambda: trust_region_radius(0.1, -1.0), "sigma must be positive"),
    (lambda: trust_region_radius(math.inf, 1.0), "delta must be positive"),
    (lambda: trust_region_step([0.0, 0.0], 0.1, 1.0), "must not be zero"),
    (lambda: trust_region_step([[1.0, 0.0]], 0.1, 1.0), "finite vector"),
    (lambda: trust_region_step([math.nan, 1.0], 0.1, 1.0), "finite vector"),
])
def test_trust_region_bad_input_is_refused_in_one_line(call, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=message):
        call()


# ----------------------------------------------------------------------- the VAE
#: Probabilists' Gauss-Hermite nodes: E_{z ~ N(0,1)}[f(z)] = sum(w f(z)) / sqrt(2 pi).
_GH_Z, _GH_W = special.roots_hermitenorm(40)


def negative_elbo(mu: float, sigma: float, x: float, s: float, beta: float) -> float:
    """``E_q[-log p(x|z)] + beta D(q || N(0, 1))`` by Gauss-Hermite quadrature under ``q``,
    with scipy's log-densities (no closed form of either term)."""
    z = mu + sigma * _GH_Z
    w = _GH_W / math.sqrt(2 * math.pi)
    recon = -float(w @ stats.norm.logpdf(x, z, s))
    kl = float(w @ (stats.norm.logpdf(z, mu, sigma) - stats.norm.logpdf(z)))
    return recon + beta * kl


def test_the_quadrature_objective_matches_scipy_quad() -> None:
    mu, sigma, x, s, beta = 1.2, 0.6, 3.0, 1.0, 0.5
    q = stats.norm(mu, sigma)
    lo, hi = mu - 12 * sigma, mu + 12 * sigma
    recon, _ = integrate.quad(lambda z: -q.pdf(z) * stats.norm.logpdf(x, z, s), lo, hi)
    kl, _ = integrate.quad(lambda z: q.pdf(z) * (q.logpdf(z) - stats.norm.logpdf(z)), lo, hi)
    assert negative_elbo(mu, sigma, x, s, beta) == pytest.approx(recon + beta * kl, abs=1e-9)


@pytest.mark.parametrize(("x", "s"), [(3.0, 1.0), (-1.5, 0.5), (0.7, 2.0)])
def test_at_beta_one_the_encoder_is_the_exact_posterior(x: float, s: float) -> None:
    # Bayes' rule on a grid: prior N(0, 1) times likelihood N(x; z, s^2), normalised.
    z = np.linspace(-15, 15, 60001)
    post = stats.norm.pdf(z) * stats.norm.pdf(x, z, s)
    post /= integrate.trapezoid(post, z)
    mean = integrate.trapezoid(z * post, z)
    sd = math.sqrt(integrate.trapezoid((z - mean) ** 2 * post, z))
    mu, sigma = vae_encoder_optimum(x, s)
    assert mu == pytest.approx(mean, abs=1e-8)
    assert sigma == pytest.approx(sd, abs=1e-8)


@pytest.mark.parametrize("beta", [0.1, 0.25, 1.0, 4.0])
def test_the_encoder_minimises_the_numerical_objective(beta: float) -> None:
    x, s = 3.0, 1.0
    res = optimize.minimize(lambda t: negative_elbo(t[0], math.exp(t[1]), x, s, beta),
                            x0=np.array([0.0, 0.0]), method="BFGS",
                            options={"gtol": 1e-10})
    mu, sigma = vae_encoder_optimum(x, s, beta)
    assert res.x[0] == pytest.approx(mu, abs=1e-5)
    assert math.exp(res.x[1]) == pytest.approx(sigma, abs=1e-5)


def test_the_kl_weight_pulls_the_encoder_from_the_data_onto_the_prior() -> None:
    x, s = 3.0, 1.0
    mu, sigma = vae_encoder_optimum(x, s, 1e-9)
    assert mu == pytest.approx(x, abs=1e-8) and sigma < 1e-4  # reconstruction alone: z = x
    mu, sigma = vae_encoder_optimum(x, s, 1e9)
    assert mu == pytest.approx(0.0, abs=1e-8) and sigma == pytest.approx(1.0, abs=1e-8)
    # in between, a larger weight leaves the encoder closer to the prior (in KL)
    betas = [0.05, 0.25, 0.5, 1.0, 2.0, 8.0]
    kls = []
    for b in betas:
        m, sd = vae_encoder_optimum(x, s, b)
        kl, _ = integrate.quad(
            lambda z, m=m, sd=sd: stats.norm.pdf(z, m, sd)
            * (stats.norm.logpdf(z, m, sd) - stats.norm.logpdf(z)), m - 12 * sd, m + 12 * sd)
        kls.append(kl)
    assert all(a > b for a, b in zip(kls, kls[1:], strict=False)), kls


@pytest.mark.parametrize(("args", "message"), [
    ((math.nan, 1.0, 1.0), "x must be finite"),
    ((1.0, 0.0, 1.0), "noise_sigma must be positive"),
    ((1.0, 1.0, 0.0), "beta must be positive"),
    ((1.0, 1.0, -2.0), "beta must be positive"),
])
def test_vae_bad_input_is_refused_in_one_line(args: tuple[float, float, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        vae_encoder_optimum(*args)
