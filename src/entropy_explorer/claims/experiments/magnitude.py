"""Section 16, the magnitude of KL: asymmetry, the triangle inequality, support matching and
what a large KL in each direction says about the student."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from entropy_explorer import gradients
from entropy_explorer.claims.claim import EXACT_TOLERANCE
from entropy_explorer.claims.common import (
    LD,
    P_MOVIE,
    P_WORKED,
    Q_MOVIE,
    Q_WORKED,
    C,
    kl_terms_bits,
    standin_probs,
    student_grid,
)
from entropy_explorer.claims.readings import LARGE_QUANTILE
from entropy_explorer.claims.verdicts import (
    AGREES,
    DIFFERS,
    Evidence,
    Figure,
    Findings,
    combine_verdicts,
    fmt_sig,
    verdict_of,
    worded,
)
from entropy_explorer.claims.words.magnitude import (
    asymmetry_words,
    direction_words,
    large_kl_words,
    support_words,
    teacher_label,
    triangle_words,
)
from entropy_explorer.examples import (
    BIASED_COIN,
    FAIR_COIN,
    WORKED_EXAMPLE_P,
    WORKED_EXAMPLE_ZERO_STANDINS,
    Categorical,
    Coin,
)
from entropy_explorer.infotheory import (
    kl_divergence,
    softmax,
)

__all__ = ["eval_asymmetry", "eval_direction_matters", "eval_large_kl",
           "eval_support_matching", "eval_triangle", "measure_asymmetry", "measure_large_kl"]


# ---------------------------------------------------------- magnitude of KL
def measure_large_kl(direction: gradients.Direction,
                     teachers: Sequence[Categorical] = LD.teachers) -> Findings:
    """Forward KL large -> underestimates outcomes the teacher cares about (P >= 1/K);
    reverse KL large -> over-allocates to the teacher's least likely outcome."""
    cases: list[tuple[str, bool, float, bool]] = []  # (teacher, holds, kl, support mismatch)
    bounds = []
    for t in teachers:
        pa = np.asarray(t.probs, dtype=float)
        qs = [softmax(z) for z in student_grid(pa.size)]
        extra = [Q_WORKED] if t is WORKED_EXAMPLE_P else []
        kls = [kl_divergence(pa, q, base=math.e) if direction == "forward"
               else kl_divergence(q, pa, base=math.e) for q in qs + extra]
        threshold = float(np.quantile(kls[:len(qs)], LARGE_QUANTILE))
        order = np.argsort(pa)
        bounds.append(float(-np.log(pa[order[1]])))
        for q, d in zip(qs + extra, kls, strict=True):
            if d < threshold:
                continue
            terms = kl_terms_bits(pa, q) if direction == "forward" else kl_terms_bits(q, pa)
            x = int(np.argmax(terms))
            if direction == "forward":
                ok = q[x] < pa[x] and pa[x] >= 1.0 / pa.size
            else:
                ok = q[x] > pa[x] and x == int(order[0])
            cases.append((t.name, ok, d, bool(q[x] == 0)))
    holds = [c[1] for c in cases]
    exceptions = [c for c in cases if not c[1]]
    worked_c = float(kl_terms_bits(P_WORKED, Q_WORKED)[C])
    figures = [
        Figure("large_cases", len(cases), "count",
               f"students in the top quarter of the sweep by {direction} KL (plus the worked "
               "example when it is that large)"),
        Figure("holding", sum(holds), "count", "of them, those whose largest term fits the claim"),
    ]
    if direction == "forward":
        figures.append(Figure("worked_term_c", worked_c, "bits",
                              "the worked example's forward term for C (P(C) = 0.02, Q(C) = 0)"))
    else:
        figures += [Figure(f"bound_{i}", b, "nats", f"log(1/P) of {teacher_label(t.name)}'s second "
                           "least likely outcome: the most reverse KL without mass on its least "
                           "likely one")
                    for i, (b, t) in enumerate(zip(bounds, teachers, strict=True))]
        if exceptions:
            figures.append(Figure("largest_exception_kl", max(c[2] for c in exceptions), "nats",
                                  "largest reverse KL among the students that break the claim"))
    return Findings(verdict_of(holds), tuple(figures), ("holding", "large_cases"),
                    {"direction": direction, "exceptions": len(exceptions),
                     "exceptions_at_zero": all(c[3] for c in exceptions),
                     "p_c": float(P_WORKED[C]), "teachers": tuple(t.name for t in teachers)})


def eval_large_kl(direction: gradients.Direction,
                  teachers: Sequence[Categorical] = LD.teachers) -> Evidence:
    return worded(measure_large_kl(direction, teachers), large_kl_words)


def measure_asymmetry() -> Findings:
    """Both directions of KL on the movie review and the worked example."""
    fwd = kl_divergence(P_MOVIE, Q_MOVIE)
    rev = kl_divergence(Q_MOVIE, P_MOVIE)
    w_fwd, w_rev = kl_divergence(P_WORKED, Q_WORKED), kl_divergence(Q_WORKED, P_WORKED)
    holds = [abs(fwd - rev) > EXACT_TOLERANCE, w_fwd != w_rev]
    figures = (Figure("movie_forward", fwd, "bits", "D(P||Q), movie review"),
               Figure("movie_reverse", rev, "bits", "D(Q||P), movie review"),
               Figure("worked_forward", w_fwd, "bits", "D(P||Q), worked example"),
               Figure("worked_reverse", w_rev, "bits", "D(Q||P), worked example"))
    return Findings(verdict_of(holds), figures,
                    ("movie_forward", "movie_reverse", "worked_forward", "worked_reverse"))


def eval_asymmetry() -> Evidence:
    return worded(measure_asymmetry(), asymmetry_words)


def eval_triangle(a: Coin = FAIR_COIN, c: Coin = BIASED_COIN) -> Evidence:
    pa, pc = np.array(a.probs), np.array(c.probs)
    pb = 0.5 * (pa + pc)
    direct = kl_divergence(pa, pc)
    detour = kl_divergence(pa, pb) + kl_divergence(pb, pc)
    figures = (Figure("direct", direct, "bits", f"D({a.name} || {c.name})"),
               Figure("via_midpoint", detour, "bits",
                      f"D({a.name} || M) + D(M || {c.name}), M their half-and-half mixture"),
               Figure("midpoint_heads", float(pb[0]), "probability", "M's probability of heads"))
    return worded(Findings(AGREES if direct > detour else DIFFERS, figures,
                           ("direct", "via_midpoint")), triangle_words)


def eval_direction_matters() -> Evidence:
    asym = measure_asymmetry()
    infinite = math.isinf(kl_divergence(P_WORKED, Q_WORKED))
    finite_rev = math.isfinite(kl_divergence(Q_WORKED, P_WORKED))
    verdict = combine_verdicts(asym.verdict, AGREES if infinite and finite_rev else DIFFERS)
    return worded(Findings(verdict, asym.figures, asym.decided_by), direction_words)


def eval_support_matching(standins: Sequence[float] = WORKED_EXAMPLE_ZERO_STANDINS) -> Evidence:
    at_zero = kl_divergence(P_WORKED, Q_WORKED)
    finite = [kl_divergence(P_WORKED, standin_probs(Q_WORKED, C, e)) for e in standins]
    holds = [math.isinf(at_zero)] + [math.isfinite(v) for v in finite]
    figures = [Figure("at_zero", at_zero, "bits", "D(P||Q) of the worked example, Q(C) = 0")]
    figures += [Figure(f"standin_{i}", v, "bits", f"D(P||Q) with Q(C) = {fmt_sig(e)}")
                for i, (v, e) in enumerate(zip(finite, standins, strict=True))]
    return worded(Findings(verdict_of(holds), tuple(figures), tuple(f.name for f in figures),
                           {"standins": tuple(standins)}), support_words)
