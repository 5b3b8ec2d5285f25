"""The gradient on one outcome (sections 10 to 12, 18 and 19): how large the forward push on
an under-weighted outcome is, and whether reverse KL gives a blind outcome none, for a
softmax student's logits and for the probabilities as parameters."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from entropy_explorer import gradients
from entropy_explorer.claims.common import (
    P_WORKED,
    Q_WORKED,
    C,
    kl_terms_bits,
    standin_probs,
)
from entropy_explorer.claims.readings import HUGE_BITS, MUCH_SMALLER, NEGLIGIBLE
from entropy_explorer.claims.verdicts import (
    Evidence,
    Figure,
    Findings,
    combine_verdicts,
    fmt_sig,
    verdict_of,
    worded,
)
from entropy_explorer.claims.words.pushes import (
    blind_spot_words,
    forward_push_words,
    penalty_huge_words,
    reverse_no_gradient_words,
    score_blows_up_words,
    zero_at_q0_words,
)
from entropy_explorer.examples import (
    BLIND_SPOT,
    MOVIE_REVIEW_P,
    WORKED_EXAMPLE_P,
    WORKED_EXAMPLE_ZERO_STANDINS,
    Categorical,
    GradientExperiment,
)
from entropy_explorer.infotheory import (
    softmax,
)

__all__ = ["eval_blind_spot", "eval_forward_push", "eval_penalty_huge",
           "eval_reverse_no_gradient", "eval_score_blows_up", "eval_zero_at_q0",
           "measure_blind_spot", "measure_forward_push", "measure_penalty_huge",
           "measure_reverse_no_gradient", "measure_score_blows_up", "measure_zero_at_q0"]


# ----------------------------------------------------------- penalties (bits)
def measure_penalty_huge(teachers: Sequence[Categorical] = (WORKED_EXAMPLE_P, MOVIE_REVIEW_P)) -> Findings:
    """The forward term at Q(x) = P(x)/MUCH_SMALLER for every outcome of both teachers."""
    factor_bits = math.log2(MUCH_SMALLER)
    cases = [(t.outcomes[i], float(px)) for t in teachers for i, px in enumerate(t.probs)]
    terms = [px * factor_bits for _, px in cases]  # P log2(P / (P/100))
    holds = [v >= HUGE_BITS for v in terms]
    rare_name, rare_p = min(cases, key=lambda c: c[1])
    common_name, common_p = max(cases, key=lambda c: c[1])
    p_needed = HUGE_BITS / factor_bits
    q_needed = rare_p * 2.0 ** (-HUGE_BITS / rare_p)
    at_zero = float(kl_terms_bits(P_WORKED, Q_WORKED)[C])
    figures = [
        Figure("term_common", common_p * factor_bits, "bits",
               f"P(x) log2(P(x)/Q(x)) at Q(x) = P(x)/{fmt_sig(MUCH_SMALLER)} for P(x) = {fmt_sig(common_p)}"),
        Figure("term_rare", rare_p * factor_bits, "bits",
               f"the same for the rarest outcome, P(x) = {fmt_sig(rare_p)}"),
        Figure("p_needed", p_needed, "probability",
               f"smallest P(x) whose term reaches {fmt_sig(HUGE_BITS)} bit at Q(x) = P(x)/{fmt_sig(MUCH_SMALLER)}"),
        Figure("q_needed_rare", q_needed, "probability",
               f"Q(x) below which the rarest outcome's term reaches {fmt_sig(HUGE_BITS)} bit"),
        Figure("term_at_zero", at_zero, "bits", "the worked example's term for C at Q(C) = 0"),
        Figure("huge_cases", sum(holds), "count", "outcomes (both teachers) whose term is huge"),
        Figure("cases", len(holds), "count", "outcomes of the article's two teachers"),
    ]
    return Findings(verdict_of(holds), tuple(figures), ("term_rare", "term_common", "huge_cases"),
                    {"common_p": common_p, "rare_name": rare_name, "rare_p": rare_p})


def eval_penalty_huge(teachers: Sequence[Categorical] = (WORKED_EXAMPLE_P, MOVIE_REVIEW_P)) -> Evidence:
    return worded(measure_penalty_huge(teachers), penalty_huge_words)


# ----------------------------------------------- pushes on one outcome's logit
def _largest_is(v: np.ndarray, i: int) -> bool:
    a = np.abs(v)
    return bool(a[i] >= np.max(a))


def _negligible(v: np.ndarray, i: int) -> bool:
    a = np.abs(v)
    return bool(np.isfinite(a[i]) and a[i] <= NEGLIGIBLE * np.max(a))


def measure_forward_push(p: Sequence[float] = P_WORKED, q: Sequence[float] = Q_WORKED,
                         target: int = C, names: Sequence[str] = WORKED_EXAMPLE_P.outcomes,
                         standins: Sequence[float] = WORKED_EXAMPLE_ZERO_STANDINS) -> Findings:
    """"Huge gradient to increase Q(C)": is C's component the largest, in each parametrisation?"""
    gl = gradients.logit_gradient("forward", p, q)
    gp = gradients.probability_gradient("forward", p, q)
    n = names[target]
    eps = standins[len(standins) // 2]
    qs = standin_probs(q, target, eps)
    in_probs, in_logits = _largest_is(gp, target), _largest_is(gl, target)
    keys = [x.lower() for x in names]
    figures = [Figure(f"push_logit_{k}", float(g), "value", f"d D(P||Q) / d logit of {x} (Q - P)")
               for k, x, g in zip(keys, names, gl, strict=True)]
    figures += [Figure(f"push_prob_{k}", float(g), "value", f"d D(P||Q) / d Q({x}) = -P/Q")
                for k, x, g in zip(keys, names, gp, strict=True)]
    figures += [
        Figure("standin", eps, "probability", f"a small Q({n}) standing in for 0"),
        Figure("push_prob_standin", float(gradients.probability_gradient("forward", p, qs)[target]),
               "value", f"d D(P||Q) / d Q({n}) at the stand-in"),
        Figure("push_logit_standin", float(gradients.logit_gradient("forward", p, qs)[target]),
               "value", f"d D(P||Q) / d logit of {n} at the stand-in"),
    ]
    big = int(np.argmax(np.where(np.arange(len(gl)) == target, -np.inf, np.abs(gl))))
    decided = tuple("push_logit_" + k for k in keys) + ("push_prob_" + keys[target],)
    return Findings(verdict_of([in_probs, in_logits]), tuple(figures), decided,
                    {"names": tuple(names), "target": target, "big": big,
                     "in_probabilities": in_probs})


def eval_forward_push(p: Sequence[float] = P_WORKED, q: Sequence[float] = Q_WORKED,
                      target: int = C, names: Sequence[str] = WORKED_EXAMPLE_P.outcomes,
                      standins: Sequence[float] = WORKED_EXAMPLE_ZERO_STANDINS) -> Evidence:
    return worded(measure_forward_push(p, q, target, names, standins), forward_push_words)


def measure_score_blows_up(p: Sequence[float] = P_WORKED, q: Sequence[float] = Q_WORKED,
                           target: int = C, names: Sequence[str] = WORKED_EXAMPLE_P.outcomes,
                           standins: Sequence[float] = WORKED_EXAMPLE_ZERO_STANDINS) -> Findings:
    """"grad log Q(x) = grad Q(x) / Q(x) blows up as Q(x) -> 0": the score's size along the
    stand-ins for Q(C) = 0, for a softmax's logits and for the probabilities as parameters."""
    n = names[target]
    logit_norms, prob_scores, logit_push, prob_push = [], [], [], []
    for e in standins:
        qs = standin_probs(q, target, e)
        logit_norms.append(float(np.linalg.norm(gradients.grad_log_q(np.log(qs))[target])))
        prob_scores.append(1.0 / e)  # d log Q(C) / d Q(C)
        logit_push.append(float(gradients.logit_gradient("forward", p, qs)[target]))
        prob_push.append(float(gradients.probability_gradient("forward", p, qs)[target]))
    growth_logits = logit_norms[-1] / logit_norms[0]
    growth_probs = prob_scores[-1] / prob_scores[0]
    figures = [
        Figure("standin_largest", standins[0], "probability", f"the largest stand-in for Q({n}) = 0"),
        Figure("standin_smallest", standins[-1], "probability", "the smallest"),
        Figure("score_logits_smallest", logit_norms[-1], "value",
               f"|grad_logits log Q({n})| = |e_{n} - Q| at the smallest stand-in"),
        Figure("growth_logits", growth_logits, "ratio",
               "its growth from the largest to the smallest stand-in"),
        Figure("score_probs_smallest", prob_scores[-1], "value",
               f"d log Q({n}) / d Q({n}) = 1/Q({n}) at the smallest stand-in"),
        Figure("growth_probs", growth_probs, "ratio", "its growth over the same range"),
        Figure("push_logit_smallest", logit_push[-1], "value",
               f"the forward push on {n}'s logit there (Q - P)"),
        Figure("push_prob_smallest", prob_push[-1], "value",
               f"the forward push on Q({n}) there (-P/Q)"),
    ]
    in_probs = growth_probs > MUCH_SMALLER
    return Findings(verdict_of([in_probs, growth_logits > MUCH_SMALLER]), tuple(figures),
                    ("growth_logits", "growth_probs"),
                    {"name": n, "teacher_p": float(p[target]), "in_probabilities": in_probs})


def eval_score_blows_up(p: Sequence[float] = P_WORKED, q: Sequence[float] = Q_WORKED,
                        target: int = C, names: Sequence[str] = WORKED_EXAMPLE_P.outcomes,
                        standins: Sequence[float] = WORKED_EXAMPLE_ZERO_STANDINS) -> Evidence:
    return worded(measure_score_blows_up(p, q, target, names, standins), score_blows_up_words)


def measure_reverse_no_gradient(p: Sequence[float] = P_WORKED, q: Sequence[float] = Q_WORKED,
                                target: int = C, names: Sequence[str] = WORKED_EXAMPLE_P.outcomes,
                                standins: Sequence[float] = WORKED_EXAMPLE_ZERO_STANDINS) -> Findings:
    """"No gradient for C" (Q(C) = 0): is C's component negligible, in each parametrisation?"""
    gl = gradients.logit_gradient("reverse", p, q)
    gp = gradients.probability_gradient("reverse", p, q)
    n = names[target]
    eps = standins[len(standins) // 2]
    qs = standin_probs(q, target, eps)
    gl_s = gradients.logit_gradient("reverse", p, qs)
    gp_s = gradients.probability_gradient("reverse", p, qs)
    fwd_s = gradients.logit_gradient("forward", p, qs)
    in_logits, in_probs = _negligible(gl, target), _negligible(gp, target)
    figures = [
        Figure("rev_logit_c", float(gl[target]), "value", f"d D(Q||P) / d logit of {n} at Q({n}) = 0"),
        Figure("rev_logit_max", float(np.max(np.abs(gl))), "value", "the largest logit component"),
        Figure("rev_prob_c", float(gp[target]), "value",
               f"d D(Q||P) / d Q({n}) = log(Q/P) + 1 at Q({n}) = 0"),
        Figure("standin", eps, "probability", f"a small Q({n}) standing in for 0"),
        Figure("rev_logit_c_standin", float(gl_s[target]), "value",
               f"d D(Q||P) / d logit of {n} at the stand-in"),
        Figure("rev_prob_c_standin", float(gp_s[target]), "value", f"d D(Q||P) / d Q({n}) at the stand-in"),
        Figure("forward_over_reverse_standin", float(abs(fwd_s[target] / gl_s[target])), "ratio",
               f"forward over reverse push on {n}'s logit at the stand-in"),
    ]
    return Findings(verdict_of([in_probs, in_logits]), tuple(figures), ("rev_logit_c", "rev_prob_c"),
                    {"name": n, "in_probabilities": in_probs})


def eval_reverse_no_gradient(p: Sequence[float] = P_WORKED, q: Sequence[float] = Q_WORKED,
                             target: int = C, names: Sequence[str] = WORKED_EXAMPLE_P.outcomes,
                             standins: Sequence[float] = WORKED_EXAMPLE_ZERO_STANDINS) -> Evidence:
    return worded(measure_reverse_no_gradient(p, q, target, names, standins),
                  reverse_no_gradient_words)


def measure_blind_spot(experiment: GradientExperiment = BLIND_SPOT) -> Findings:
    """The section-12 student: B all but abandoned. Never sampled, and a zero gradient?"""
    p = np.asarray(experiment.teacher.probs, dtype=float)
    z = np.asarray(experiment.student_logits, dtype=float)
    q = softmax(z)
    b = int(np.argmin(q))
    name = experiment.teacher.outcomes[b]
    draws = experiment.batch_size * experiment.n_batches
    chance = float(-np.expm1(draws * np.log1p(-q[b])))
    gl = gradients.reverse_gradient(p, z)
    gp = gradients.probability_gradient("reverse", p, q)
    fwd = gradients.forward_gradient(p, z)
    unsampled = chance < 0.01
    in_logits = unsampled and _negligible(gl, b)
    in_probs = unsampled and _negligible(gp, b)
    figures = [
        Figure("q_blind", float(q[b]), "probability", f"the student's Q({name})"),
        Figure("draws", draws, "count", "samples in section 12's experiment"),
        Figure("chance_sampled", chance, "probability", f"chance {name} is drawn even once in them"),
        Figure("rev_logit_blind", float(gl[b]), "value", f"exact d D(Q||P) / d logit of {name}"),
        Figure("rev_logit_max", float(np.max(np.abs(gl))), "value", "the largest logit component"),
        Figure("fwd_logit_blind", float(fwd[b]), "value", f"exact d D(P||Q) / d logit of {name}"),
        Figure("rev_prob_blind", float(gp[b]), "value", f"d D(Q||P) / d Q({name}) = log(Q/P) + 1"),
        Figure("rev_prob_max_other", float(np.max(np.abs(np.delete(gp, b)))), "value",
               "the largest other component with respect to the probabilities"),
    ]
    return Findings(verdict_of([in_probs, in_logits]), tuple(figures),
                    ("chance_sampled", "rev_logit_blind", "rev_prob_blind"),
                    {"name": name, "in_probabilities": in_probs})


def eval_blind_spot(experiment: GradientExperiment = BLIND_SPOT) -> Evidence:
    return worded(measure_blind_spot(experiment), blind_spot_words)


def measure_zero_at_q0() -> Findings:
    """Sections 12 and 18: Q(x) = 0 exactly (the worked example's C) and Q(x) ≈ 0 (section
    12's B); facts ``exact`` and ``approx``, the two checks' own findings."""
    exact, approx = measure_reverse_no_gradient(), measure_blind_spot()
    figures = (*exact.figures, *(Figure("blind_" + f.name, f.value, f.unit, f.what)
                                 for f in approx.figures))
    return Findings(combine_verdicts(exact.verdict, approx.verdict), figures,
                    ("rev_logit_c", "rev_prob_c", "blind_rev_prob_blind"),
                    {"exact": exact, "approx": approx})


def eval_zero_at_q0() -> Evidence:
    return worded(measure_zero_at_q0(), zero_at_q0_words)
