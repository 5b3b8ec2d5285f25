"""Estimator variance (sections 11, 12, 18 and 20): the forward estimator against REINFORCE with
each baseline, relative to each gradient's size, over the grid of students."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np

from entropy_explorer import gradients
from entropy_explorer.claims.common import LD, student_grid, teacher_probs
from entropy_explorer.claims.verdicts import (
    AGREES,
    CONDITIONAL,
    DIFFERS,
    Evidence,
    Figure,
    Findings,
    worded,
)
from entropy_explorer.claims.words.variance import needs_help_words, variance_words
from entropy_explorer.examples import (
    BLIND_SPOT,
    Categorical,
    GradientExperiment,
)
from entropy_explorer.infotheory import (
    kl_divergence,
    softmax,
)

__all__ = ["cached_variance_sweep", "eval_needs_help", "eval_variance", "measure_needs_help",
           "measure_variance"]


@cache
def cached_variance_sweep(teacher: tuple[float, ...]) -> gradients.VarianceSweep:
    return gradients.variance_sweep(teacher, student_grid(len(teacher)))



# --------------------------------------------------------- estimator variance
@dataclass(frozen=True)
class _VarianceFacts:
    share: dict[str, float]          # forward lower (relative) per baseline
    share_absolute: float            # forward lower (absolute), no baseline
    n: int
    median_forward: float
    median_reverse: dict[str, float]
    batch_factor: dict[str, float]   # median over students of R_reverse / R_forward
    baseline_gain: dict[str, float]  # median over students of R_none / R_baseline
    kl_win: float
    kl_lose: float
    swing_win: float
    swing_lose: float
    tail_reverse: float              # largest one-sample estimate over |exact|, reverse
    tail_forward: float


@cache
def _variance_facts(teachers: tuple[Categorical, ...] = LD.teachers) -> _VarianceFacts:
    fwd_rel, rev_rel, fwd_var, rev_var0 = [], {b: [] for b in gradients.BASELINES}, [], []
    kl_pq, swing, tail_r, tail_f = [], [], 0.0, 0.0
    for p in teacher_probs(teachers):
        sweep = cached_variance_sweep(p)
        fwd_rel.append(sweep.forward_relative())
        fwd_var.append(sweep.forward_variance)
        rev_var0.append(sweep.reverse_variance["none"])
        for b in gradients.BASELINES:
            rev_rel[b].append(sweep.reverse_relative(b))
        pa = np.asarray(p)
        for z in sweep.students:
            q = softmax(z)
            r = np.log(q) - np.log(pa)
            kl_pq.append(kl_divergence(pa, q, base=math.e))
            swing.append(float(r.max() - r.min()))
            s = np.eye(pa.size) - q
            gr, gf = gradients.reverse_gradient(pa, z), gradients.forward_gradient(pa, z)
            tail_r = max(tail_r, float(np.max(np.linalg.norm(r[:, None] * s, axis=1))
                                       / np.linalg.norm(gr)))
            tail_f = max(tail_f, float(np.max(np.linalg.norm(s, axis=1)) / np.linalg.norm(gf)))
    f = np.concatenate(fwd_rel)
    rv = {b: np.concatenate(v) for b, v in rev_rel.items()}
    win = f < rv["none"]
    kl_a, sw_a = np.array(kl_pq), np.array(swing)

    def med(a: np.ndarray) -> float:
        return float(np.median(a)) if a.size else math.nan

    return _VarianceFacts(
        share={b: float(np.mean(f < rv[b])) for b in gradients.BASELINES},
        share_absolute=float(np.mean(np.concatenate(fwd_var) < np.concatenate(rev_var0))),
        n=int(f.size),
        median_forward=med(f),
        median_reverse={b: med(v) for b, v in rv.items()},
        batch_factor={b: med(v / f) for b, v in rv.items()},
        baseline_gain={b: med(rv["none"] / v) for b, v in rv.items()},
        kl_win=med(kl_a[win]), kl_lose=med(kl_a[~win]),
        swing_win=med(sw_a[win]), swing_lose=med(sw_a[~win]),
        tail_reverse=tail_r, tail_forward=tail_f,
    )


def _blind_spot_ratios(experiment: GradientExperiment = BLIND_SPOT) -> tuple[float, float]:
    """Section 12's variance ratio (reverse over forward, on the favourite's logit) at its
    student and at the end of its sweep."""
    p = np.asarray(experiment.teacher.probs, dtype=float)
    z = np.asarray(experiment.student_logits, dtype=float)
    q = softmax(z)
    shown, over = int(np.argmax(q)), int(np.argmax(q / p))
    end = z.copy()
    end[over] = experiment.sweep_to
    return (gradients.variance_ratio(p, z, shown), gradients.variance_ratio(p, end, shown))


def measure_variance(side: str = "forward",
                     teachers: tuple[Categorical, ...] = LD.teachers) -> Findings:
    """Forward "low variance" / REINFORCE "high variance", relative to each gradient's size."""
    v = _variance_facts(teachers)
    shares = [v.share[b] for b in gradients.BASELINES]
    holds = shares if side == "forward" else [1.0 - s for s in shares]
    verdict = AGREES if min(holds) == 1.0 else (DIFFERS if max(holds) == 0.0 else CONDITIONAL)
    start_ratio, end_ratio = _blind_spot_ratios()
    k = len(teachers[0].probs)
    figures = [
        Figure("students", v.n, "count", "swept students (both teachers)"),
        Figure("share_none", v.share["none"], "ratio",
               "share where forward's variance relative to its gradient is below REINFORCE's, no baseline"),
        Figure("share_mean", v.share["mean"], "ratio", "the same against the mean-reward baseline"),
        Figure("share_optimal", v.share["optimal"], "ratio",
               "the same against the variance-optimal constant baseline"),
        Figure("share_absolute", v.share_absolute, "ratio",
               "share where forward's absolute variance is below REINFORCE's (no baseline)"),
        Figure("median_forward", v.median_forward, "ratio", "median relative variance, forward"),
        Figure("median_reverse_none", v.median_reverse["none"], "ratio",
               "median relative variance, REINFORCE without a baseline"),
        Figure("median_reverse_optimal", v.median_reverse["optimal"], "ratio",
               "median relative variance, REINFORCE with the optimal baseline"),
        Figure("kl_where_reverse_wins", v.kl_lose, "nats",
               "median D(P||Q) of the students where REINFORCE (no baseline) has the lower one"),
        Figure("kl_where_forward_wins", v.kl_win, "nats", "median D(P||Q) where forward has"),
        Figure("swing_where_reverse_wins", v.swing_lose, "nats",
               "median range of the reward log Q - log P where REINFORCE wins"),
        Figure("swing_where_forward_wins", v.swing_win, "nats", "the same where forward wins"),
        Figure("section12_ratio_start", start_ratio, "ratio",
               "section 12: reverse/forward variance on the favourite's logit, its student"),
        Figure("section12_ratio_end", end_ratio, "ratio", "the same at the end of its sweep"),
    ]
    return Findings(verdict, tuple(figures), ("share_none", "share_mean", "share_optimal"),
                    {"outcomes": k})


def eval_variance(side: str = "forward",
                  teachers: tuple[Categorical, ...] = LD.teachers) -> Evidence:
    return worded(measure_variance(side, teachers), variance_words)


def measure_needs_help(teachers: tuple[Categorical, ...] = LD.teachers) -> Findings:
    """REINFORCE's batch in forward batches and what each constant baseline cuts."""
    v = _variance_facts(teachers)
    bigger = v.batch_factor["none"] > 1.0
    helps = v.baseline_gain["optimal"] > 1.0
    verdict = AGREES if bigger and helps else (DIFFERS if not bigger else CONDITIONAL)
    figures = [
        Figure("batch_factor_none", v.batch_factor["none"], "ratio",
               "median over students of REINFORCE's relative variance over forward's, no "
               "baseline: the batch it needs for the same accuracy, in forward batches"),
        Figure("batch_factor_mean", v.batch_factor["mean"], "ratio", "the same, mean-reward baseline"),
        Figure("batch_factor_optimal", v.batch_factor["optimal"], "ratio",
               "the same, variance-optimal baseline"),
        Figure("gain_optimal", v.baseline_gain["optimal"], "ratio",
               "median variance cut by the optimal baseline"),
        Figure("gain_mean", v.baseline_gain["mean"], "ratio",
               "median variance cut by the mean-reward baseline (below 1: it adds variance)"),
        Figure("tail_reverse", v.tail_reverse, "ratio",
               "largest one-sample REINFORCE estimate over the exact gradient's size"),
        Figure("tail_forward", v.tail_forward, "ratio", "the same for the forward estimator"),
    ]
    return Findings(verdict, tuple(figures), ("batch_factor_none", "gain_optimal"))


def eval_needs_help(teachers: tuple[Categorical, ...] = LD.teachers) -> Evidence:
    return worded(measure_needs_help(teachers), needs_help_words)
