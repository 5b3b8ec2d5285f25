"""Section 10's toy: one Gaussian student fitted to the two-peaked teacher by descent from
many starts; where the fits land, what they cost."""

from __future__ import annotations

import math

import numpy as np

from entropy_explorer import gaussians, gradients
from entropy_explorer.claims.readings import MISSED_SHARE
from entropy_explorer.claims.verdicts import (
    AGREES,
    CONDITIONAL,
    DIFFERS,
    Evidence,
    Figure,
    Findings,
    verdict_of,
    worded,
)
from entropy_explorer.claims.words.two_peaks import (
    covering_words,
    missing_mode_words,
    seeking_words,
    valley_words,
)
from entropy_explorer.examples import (
    BIMODAL_TEACHER,
    TWO_PEAK_STARTS,
    GaussianMixture,
    GaussianStarts,
)

__all__ = ["eval_forward_covers_peaks", "eval_missing_mode_cost", "eval_reverse_seeks",
           "eval_valley_penalty", "measure_forward_covers_peaks", "measure_reverse_seeks",
           "peak_shares", "two_peak_ends"]


# ----------------------------------------------------- the two-peaked teacher
def _interval_mass(mu: float, sigma: float, a: float, b: float) -> float:
    s = sigma * math.sqrt(2.0)
    return 0.5 * (math.erf((b - mu) / s) - math.erf((a - mu) / s))


def peak_shares(teacher: GaussianMixture, mu: float, sigma: float) -> np.ndarray:
    """Per teacher peak: the student's mass within one teacher width of it over the teacher's."""
    out = []
    for mk, sk in zip(teacher.means, teacher.sigmas, strict=True):
        a, b = mk - sk, mk + sk
        teacher_mass = sum(w * _interval_mass(m, s, a, b) for w, m, s in
                           zip(teacher.weights, teacher.means, teacher.sigmas, strict=True))
        out.append(_interval_mass(mu, sigma, a, b) / teacher_mass)
    return np.array(out)


def two_peak_ends(direction: gradients.Direction, teacher: GaussianMixture = BIMODAL_TEACHER,
                   starts: GaussianStarts = TWO_PEAK_STARTS) -> tuple[tuple[float, ...], ...]:
    """``(mu0, sigma0, mu, sigma, kl)`` where descent from each start ends (cached by the
    named run :func:`entropy_explorer.gaussians.descent_ends`; section 10's
    step size and step clipping). A mu within 1e-9 of 0 is quadrature round-off (a start on
    the symmetry axis stays on it) and is reported as 0."""
    return gaussians.descent_ends(direction, teacher, starts)


def _covers_all(teacher: GaussianMixture, mu: float, sigma: float) -> bool:
    return bool(np.all(peak_shares(teacher, mu, sigma) >= MISSED_SHARE))


def _seeks_one(teacher: GaussianMixture, mu: float, sigma: float) -> bool:
    s = peak_shares(teacher, mu, sigma)
    return bool(np.any(s >= MISSED_SHARE) and np.any(s < MISSED_SHARE))


def measure_forward_covers_peaks(inflate: bool = False,
                                 teacher: GaussianMixture = BIMODAL_TEACHER,
                                 starts: GaussianStarts = TWO_PEAK_STARTS) -> Findings:
    """Forward-KL fits from every start: how many cover every peak (and, with ``inflate``,
    are wider than the teacher's peaks)."""
    ends = two_peak_ends("forward", teacher, starts)
    widest = max(teacher.sigmas)
    holds = [_covers_all(teacher, mu, s) and (not inflate or s > widest)
             for _, _, mu, s, _ in ends]
    shares = [float(np.min(peak_shares(teacher, mu, s))) for _, _, mu, s, _ in ends]
    sigmas = [s for *_, s, _ in ends]
    mus = [mu for _, _, mu, _, _ in ends]
    figures = (
        Figure("starts", len(ends), "count", "descent starts (mu, sigma)"),
        Figure("covering", sum(holds), "count", "starts whose fit covers every peak"
               + (" and is wider than the teacher's peaks" if inflate else "")),
        Figure("min_peak_share", min(shares), "ratio",
               "smallest student/teacher mass ratio near a peak, over all fits"),
        Figure("fit_sigma", float(np.median(sigmas)), "value", "the fits' sigma (median)"),
        Figure("fit_mu", float(np.median(mus)), "value", "the fits' mu (median)"),
        Figure("teacher_sigma", widest, "value", "the teacher peaks' width"),
    )
    return Findings(verdict_of(holds), figures, ("covering", "starts"))


def eval_forward_covers_peaks(inflate: bool = False, teacher: GaussianMixture = BIMODAL_TEACHER,
                              starts: GaussianStarts = TWO_PEAK_STARTS) -> Evidence:
    return worded(measure_forward_covers_peaks(inflate, teacher, starts), covering_words)


def measure_reverse_seeks(teacher: GaussianMixture = BIMODAL_TEACHER,
                          starts: GaussianStarts = TWO_PEAK_STARTS) -> Findings:
    """Reverse-KL fits from every start: how many sit on one peak, and where the others
    settle (fact ``covers``: that place covers every peak)."""
    ends = two_peak_ends("reverse", teacher, starts)
    seek = [_seeks_one(teacher, mu, s) for _, _, mu, s, _ in ends]
    seekers = [e for e, h in zip(ends, seek, strict=True) if h]
    others = [e for e, h in zip(ends, seek, strict=True) if not h]
    figures = [
        Figure("starts", len(ends), "count", "descent starts (mu, sigma)"),
        Figure("seeking", len(seekers), "count", "starts whose fit sits on one peak, missing another"),
    ]
    if seekers:
        best = min(seekers, key=lambda e: e[4])
        figures += [Figure("peak_kl", best[4], "nats", "D(Q||P) of a fit on one peak"),
                    Figure("peak_sigma", best[3], "value", "sigma of a fit on one peak")]
    facts = {}
    if others:
        o = sorted(others, key=lambda e: e[4])[0]
        facts["covers"] = _covers_all(teacher, o[2], o[3])
        figures += [
            Figure("other_kl", o[4], "nats", "D(Q||P) where the other fits settle"),
            Figure("other_mu", o[2], "value", "mu where the other fits settle"),
            Figure("other_sigma", o[3], "value", "sigma where the other fits settle"),
            Figure("other_start_mu_max", max(abs(e[0]) for e in others), "value",
                   "largest |mu| a start had among those not ending on a peak"),
            Figure("other_start_sigma_min", min(e[1] for e in others), "value",
                   "smallest sigma a start had among those not ending on a peak"),
        ]
    return Findings(verdict_of(seek), tuple(figures), ("seeking", "starts"), facts)


def eval_reverse_seeks(teacher: GaussianMixture = BIMODAL_TEACHER,
                       starts: GaussianStarts = TWO_PEAK_STARTS) -> Evidence:
    return worded(measure_reverse_seeks(teacher, starts), seeking_words)


def _one_peak_student(teacher: GaussianMixture = BIMODAL_TEACHER) -> tuple[float, float, float]:
    """The lowest reverse-KL fit found by the start sweep: ``(mu, sigma, kl)``."""
    best = min(two_peak_ends("reverse", teacher), key=lambda e: e[4])
    return best[2], best[3], best[4]


def eval_valley_penalty(teacher: GaussianMixture = BIMODAL_TEACHER) -> Evidence:
    mu_c, s_c = gaussians.forward_optimum(teacher)
    covering_kl = gaussians.reverse_kl(teacher, mu_c, s_c)
    mu_1, s_1, one_kl = _one_peak_student(teacher)
    x = np.linspace(mu_c - 12 * s_c, mu_c + 12 * s_c, 240001)
    logp = gaussians.mixture_logpdf(x, teacher)
    logq = gaussians.normal_logpdf(x, mu_c, s_c)
    integrand = np.exp(logq) * (logq - logp)
    positive = np.clip(integrand, 0, None)
    low = np.exp(logp) < 0.1 * np.exp(logp).max()  # "P ≈ 0": under a tenth of its peak density
    share = float(np.trapezoid(positive * low, x) / np.trapezoid(positive, x))
    holds = [covering_kl > one_kl, share > 0.5]
    figures = [
        Figure("covering_kl", covering_kl, "nats", "D(Q||P) of the covering (moment-matched) student"),
        Figure("one_peak_kl", one_kl, "nats", "D(Q||P) of the student on one peak"),
        Figure("low_density_share", share, "ratio", "share of the covering student's positive "
               "D(Q||P) integrand where P is under a tenth of its peak density"),
    ]
    return worded(Findings(verdict_of(holds), tuple(figures),
                           ("covering_kl", "one_peak_kl", "low_density_share")), valley_words)


def eval_missing_mode_cost(teacher: GaussianMixture = BIMODAL_TEACHER) -> Evidence:
    mu, s, reverse_cost = _one_peak_student(teacher)
    forward_cost = gaussians.forward_kl(teacher, mu, s)
    free = reverse_cost <= 1e-3
    small = reverse_cost < 0.1 * forward_cost
    verdict = AGREES if free else (CONDITIONAL if small else DIFFERS)
    figures = [
        Figure("reverse_cost", reverse_cost, "nats", "D(Q||P) of the student on one peak"),
        Figure("forward_cost", forward_cost, "nats", "D(P||Q) of the same student"),
        Figure("kept_weight_cost", -math.log(max(teacher.weights)), "nats",
               "log(1/w) for the kept peak's weight w (well-separated theory)"),
    ]
    return worded(Findings(verdict, tuple(figures), ("reverse_cost", "forward_cost")),
                  missing_mode_words)
