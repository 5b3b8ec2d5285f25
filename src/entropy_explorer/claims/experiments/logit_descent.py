"""Descent on a softmax student's logits (sections 11 to 13 and 19): who learns which outcome,
how stably, with how many samples."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from entropy_explorer import gradients
from entropy_explorer.claims.common import (
    LD,
    P_WORKED,
    Q_WORKED,
    C,
    standin_probs,
    student_grid,
    teacher_probs,
)
from entropy_explorer.claims.readings import BUDGET_FACTOR, LEARNED_SHARE, STABILITY_STEPS
from entropy_explorer.claims.verdicts import (
    AGREES,
    CONDITIONAL,
    DIFFERS,
    Evidence,
    Figure,
    Findings,
    fmt_sig,
    verdict_of,
    worded,
)
from entropy_explorer.claims.words.logit_descent import (
    covers_c_words,
    entropy_constant_words,
    ignores_c_words,
    learns_everything_words,
    never_learn_words,
    sample_efficiency_words,
    stable_words,
)
from entropy_explorer.examples import (
    BLIND_SPOT,
    WORKED_EXAMPLE_P,
    WORKED_EXAMPLE_Q,
    WORKED_EXAMPLE_ZERO_STANDINS,
    Categorical,
    GradientExperiment,
)
from entropy_explorer.infotheory import (
    softmax,
)

__all__ = ["SweepSummary", "descent_sweep", "eval_covers_c", "eval_entropy_constant",
           "eval_ignores_c", "eval_learns_everything", "eval_never_learn",
           "eval_sample_efficient", "eval_stable", "measure_covers_c", "measure_entropy_constant",
           "measure_ignores_c", "measure_learns_everything", "measure_never_learn",
           "measure_sample_efficiency", "measure_stable"]


@dataclass(frozen=True)
class SweepSummary:
    """Descent from every grid student: per start, what the audit needs (no histories)."""

    monotone: np.ndarray
    reach_step: np.ndarray  # first step with TV <= tolerance (inf if never)
    final_tv: np.ndarray
    floor_tv: np.ndarray    # median TV over the run's last tenth
    learned_step: np.ndarray  # first step with Q(x) >= LEARNED_SHARE P(x) for all x (inf)
    final_probs: np.ndarray


@cache
def descent_sweep(direction: gradients.Direction, teacher: tuple[float, ...], learning_rate: float,
           batch_size: int | None = None, baseline: str = "none",
           steps: int = LD.max_steps) -> SweepSummary:
    """Descent from every grid student, summarised per start (vectorised over the starts)."""
    p = np.asarray(teacher)
    z = gradients.descent_histories(direction, p, student_grid(p.size), learning_rate=learning_rate,
                                    steps=steps, batch_size=batch_size,
                                    seed=LD.seed if batch_size else None, baseline=baseline)
    logq = z - z.max(axis=-1, keepdims=True)
    logq = logq - np.log(np.exp(logq).sum(axis=-1, keepdims=True))
    q = np.exp(logq)
    if direction == "forward":
        mask = p > 0
        loss = np.sum(p[mask] * (np.log(p[mask]) - logq[..., mask]), axis=-1)
    else:
        loss = np.sum(q * (logq - np.log(p)), axis=-1)
    tv = 0.5 * np.abs(q - p).sum(axis=-1)
    tail = max(1, steps // 10)

    def first(mask: np.ndarray) -> np.ndarray:
        """First step (axis 0) where ``mask`` holds, per start; inf where never."""
        return np.where(mask.any(axis=0), mask.argmax(axis=0), np.inf).astype(float)

    return SweepSummary(
        monotone=np.all(np.diff(loss, axis=0) <= 1e-12, axis=0),
        reach_step=first(tv <= LD.tolerance),
        final_tv=tv[-1],
        floor_tv=np.median(tv[-tail:], axis=0),
        learned_step=first(np.all(q >= LEARNED_SHARE * p, axis=-1)),
        final_probs=q[-1],
    )



# ------------------------------------------------------ descent on the logits
@cache
def _standin_runs(direction: gradients.Direction, steps: int,
                  p: tuple[float, ...] = tuple(WORKED_EXAMPLE_P.probs),
                  q: tuple[float, ...] = tuple(WORKED_EXAMPLE_Q.probs),
                  target: int = C,
                  standins: tuple[float, ...] = WORKED_EXAMPLE_ZERO_STANDINS) -> tuple[gradients.DescentRun, ...]:
    starts = np.log([standin_probs(q, target, e) for e in standins])
    return tuple(gradients.descend_many(direction, p, starts, learning_rate=LD.learning_rate,
                                        steps=steps))


def _learned_step(run: gradients.DescentRun, outcome: int, limit: int | None = None) -> float:
    probs = run.probs[:, outcome] if limit is None else run.probs[: limit + 1, outcome]
    step = run.first_step(probs >= LEARNED_SHARE * run.teacher[outcome])
    return math.inf if step is None else float(step)


def measure_covers_c(standins: Sequence[float] = WORKED_EXAMPLE_ZERO_STANDINS) -> Findings:
    """Forward descent from each stand-in for Q(C) = 0: steps until C (and B) is learned."""
    runs = _standin_runs("forward", LD.max_steps)
    c_steps = [_learned_step(r, C) for r in runs]
    b = WORKED_EXAMPLE_P.outcomes.index("B")
    b_steps = [_learned_step(r, b) for r in runs]
    holds = [math.isfinite(s) for s in c_steps]
    figures = [Figure(f"steps_c_{i}", s, "count",
                      f"forward steps until Q(C) >= P(C)/2 from Q(C) = {fmt_sig(e)}")
               for i, (s, e) in enumerate(zip(c_steps, standins, strict=True))]
    figures += [Figure("steps_b", max(b_steps), "count", "forward steps until Q(B) >= P(B)/2 (slowest start)"),
                Figure("learning_rate", LD.learning_rate, "value", "step size"),
                Figure("push_logit_c", float(P_WORKED[C]), "value",
                       "the push on C's logit while Q(C) is tiny: about P(C)")]
    return Findings(verdict_of(holds), tuple(figures), tuple(f.name for f in figures[:len(runs)]),
                    {"standins": tuple(standins), "max_steps": LD.max_steps})


def eval_covers_c(standins: Sequence[float] = WORKED_EXAMPLE_ZERO_STANDINS) -> Evidence:
    return worded(measure_covers_c(standins), covers_c_words)


def measure_ignores_c(standins: Sequence[float] = WORKED_EXAMPLE_ZERO_STANDINS) -> Findings:
    """Reverse descent from each stand-in, for BUDGET_FACTOR times the steps forward needs."""
    fwd = [_learned_step(r, C) for r in _standin_runs("forward", LD.max_steps)]
    budgets = [int(BUDGET_FACTOR * (s if math.isfinite(s) else LD.max_steps)) for s in fwd]
    rev_runs = _standin_runs("reverse", max(budgets))
    rev = [_learned_step(r, C, limit=b) for r, b in zip(rev_runs, budgets, strict=True)]
    ignores = [not math.isfinite(s) for s in rev]
    cost = -math.log(1.0 - float(P_WORKED[C]))
    figures = []
    for i, (e, f, r, b) in enumerate(zip(standins, fwd, rev, budgets, strict=True)):
        figures += [Figure(f"standin_{i}", e, "probability", "starting Q(C)"),
                    Figure(f"forward_steps_{i}", f, "count", "forward steps until Q(C) >= P(C)/2"),
                    Figure(f"reverse_steps_{i}", r, "count",
                           f"reverse steps until Q(C) >= P(C)/2 (inf: not within {b})")]
    figures += [Figure("ignore_cost", cost, "nats",
                       "least D(Q||P) of a student with Q(C) = 0: -log(1 - P(C))"),
                Figure("reverse_optimum_kl", 0.0, "nats",
                       "D(Q||P) at the reverse optimum of a softmax student, Q = P (covers C)")]
    return Findings(verdict_of(ignores), tuple(figures),
                    tuple(f.name for f in figures if f.name.startswith("reverse_steps_")),
                    {"standins": tuple(standins)})


def eval_ignores_c(standins: Sequence[float] = WORKED_EXAMPLE_ZERO_STANDINS) -> Evidence:
    return worded(measure_ignores_c(standins), ignores_c_words)


def measure_never_learn(experiment: GradientExperiment = BLIND_SPOT) -> Findings:
    """Section 12's blind outcome: forward's steps to learn it, and reverse's within a budget."""
    p = np.asarray(experiment.teacher.probs, dtype=float)
    z = np.asarray(experiment.student_logits, dtype=float)
    b = int(np.argmin(softmax(z)))
    name = experiment.teacher.outcomes[b]
    lr = LD.learning_rate
    fwd_run = gradients.descend_logits("forward", p, z, learning_rate=lr, steps=LD.max_steps)
    f_steps = _learned_step(fwd_run, b)
    budget = int(BUDGET_FACTOR * (f_steps if math.isfinite(f_steps) else LD.max_steps))
    rev_run = gradients.descend_logits("reverse", p, z, learning_rate=lr, steps=budget)
    r_steps = _learned_step(rev_run, b)
    push = abs(float(gradients.reverse_gradient(p, z)[b]))
    verdict = (AGREES if not math.isfinite(r_steps)
               else DIFFERS if r_steps <= f_steps else CONDITIONAL)
    figures = [
        Figure("forward_steps", f_steps, "count", f"forward steps until Q({name}) >= P({name})/2"),
        Figure("budget", budget, "count", f"{BUDGET_FACTOR} times that"),
        Figure("reverse_steps", r_steps, "count",
               f"reverse steps until Q({name}) >= P({name})/2 (inf: not within the budget)"),
        Figure("reverse_q_end", float(rev_run.probs[-1, b]), "probability",
               f"Q({name}) after the budget of reverse steps"),
        Figure("steps_per_unit_logit", 1.0 / (lr * push), "count",
               f"steps for reverse KL to raise {name}'s logit by one at its starting push"),
    ]
    return Findings(verdict, tuple(figures), ("forward_steps", "reverse_steps"),
                    {"name": name, "teacher_p": float(p[b])})


def eval_never_learn(experiment: GradientExperiment = BLIND_SPOT) -> Evidence:
    return worded(measure_never_learn(experiment), never_learn_words)


def measure_learns_everything(direction: gradients.Direction = "forward",
                              teachers: Sequence[Categorical] = LD.teachers) -> Findings:
    """Exact descent from every grid student: does every outcome get learned? And how hard
    is an under-weighted outcome pushed, relative to P(x)?"""
    learned, slowest, fwd_push, rev_push = [], 0.0, math.inf, math.inf
    other: gradients.Direction = "reverse" if direction == "forward" else "forward"
    other_learned = []
    for p in teacher_probs(teachers):
        s = descent_sweep(direction, p, LD.learning_rate)
        learned += [math.isfinite(x) for x in s.learned_step]
        slowest = max(slowest, float(np.max(s.learned_step)))
        other_learned += [math.isfinite(x) for x in descent_sweep(other, p, LD.learning_rate).learned_step]
        pa = np.asarray(p)
        for z in student_grid(pa.size):
            q = softmax(z)
            under = q < LEARNED_SHARE * pa
            if under.any():
                fwd_push = min(fwd_push, float(np.min(np.abs(q - pa)[under] / pa[under])))
                g = gradients.reverse_gradient(pa, z)
                rev_push = min(rev_push, float(np.min(np.abs(g)[under] / pa[under])))
    n = len(learned)
    figures = [
        Figure("starts", n, "count", "grid students (both teachers)"),
        Figure("learned", sum(learned), "count",
               f"{direction}-KL runs in which every outcome reaches half its teacher probability"),
        Figure("slowest_steps", slowest, "count", "steps the slowest such run needed (inf: some never)"),
        Figure("other_learned", sum(other_learned), "count",
               f"the same count for {other} KL"),
        Figure("min_forward_push", fwd_push, "ratio",
               "smallest forward push on an under-weighted outcome's logit, over P(x)"),
        Figure("min_reverse_push", rev_push, "ratio",
               "smallest reverse push on an under-weighted outcome's logit, over P(x)"),
    ]
    return Findings(verdict_of(learned), tuple(figures), ("learned", "starts"),
                    {"direction": direction, "other": other, "learning_rate": LD.learning_rate,
                     "max_steps": LD.max_steps})


def eval_learns_everything(direction: gradients.Direction = "forward",
                           teachers: Sequence[Categorical] = LD.teachers) -> Evidence:
    return worded(measure_learns_everything(direction, teachers), learns_everything_words)


def measure_entropy_constant(p: Sequence[float] = P_WORKED, q: Sequence[float] = Q_WORKED,
                             target: int = C) -> Findings:
    """H(P,Q) - D(P||Q) along a forward run from the worked example: does it stay at H(P)?"""
    eps = WORKED_EXAMPLE_ZERO_STANDINS[0]
    run = gradients.descend_logits("forward", p, np.log(standin_probs(q, target, eps)),
                                   learning_rate=LD.learning_rate, steps=LD.max_steps)
    h = run.entropy(base=2)
    gap = float(np.max(np.abs(run.cross_entropy(base=2) - run.forward_kl(base=2) - h)))
    figures = [
        Figure("entropy", h, "bits", "H(P), the teacher's entropy"),
        Figure("cross_entropy_start", float(run.cross_entropy(base=2)[0]), "bits",
               "H(P, Q) of the starting student"),
        Figure("cross_entropy_end", float(run.cross_entropy(base=2)[-1]), "bits",
               f"H(P, Q) after {run.steps} forward-KL steps"),
        Figure("largest_gap", gap, "bits", "largest |H(P,Q) - D(P||Q) - H(P)| along the run"),
    ]
    return Findings(AGREES if gap <= 1e-9 else DIFFERS, tuple(figures), ("largest_gap",),
                    {"steps": run.steps, "standin": eps})


def eval_entropy_constant(p: Sequence[float] = P_WORKED, q: Sequence[float] = Q_WORKED,
                          target: int = C) -> Evidence:
    return worded(measure_entropy_constant(p, q, target), entropy_constant_words)



# ------------------------------------------------ stability, sample efficiency
_ESTIMATORS: tuple[tuple[gradients.Direction, str], ...] = (
    ("forward", "none"), ("reverse", "none"), ("reverse", "mean"), ("reverse", "optimal"))


def measure_stable(teachers: Sequence[Categorical] = LD.teachers) -> Findings:
    """Exact descent on the logits: monotone from every start? converged?"""
    tps = teacher_probs(teachers)

    def largest_monotone(direction: gradients.Direction) -> float:
        best = 0.0
        for lr in sorted(LD.step_sizes):
            steps = LD.max_steps if lr == LD.learning_rate else STABILITY_STEPS
            if not all(descent_sweep(direction, p, lr, steps=steps).monotone.all() for p in tps):
                break
            best = lr
        return best

    def converged(direction: gradients.Direction) -> float:
        tv = np.concatenate([descent_sweep(direction, p, LD.learning_rate).final_tv for p in tps])
        return float(np.mean(tv <= LD.tolerance))

    def plateaus() -> tuple[float, bool]:
        """Unconverged reverse runs: the largest of their starts' smallest Q(x)/P(x), and
        whether each still leaves that outcome under half its teacher probability."""
        worst, stuck = 0.0, True
        for p in tps:
            pa = np.asarray(p)
            s = descent_sweep("reverse", p, LD.learning_rate)
            for i in np.flatnonzero(s.final_tv > LD.tolerance):
                ratio = softmax(student_grid(pa.size)[i]) / pa
                x = int(np.argmin(ratio))
                worst = max(worst, float(ratio[x]))
                stuck = stuck and bool(s.final_probs[i][x] < LEARNED_SHARE * pa[x])
        return worst, stuck

    monotone = all(descent_sweep("forward", p, LD.learning_rate).monotone.all() for p in tps)
    conv = converged("forward")
    verdict = DIFFERS if not monotone else (AGREES if conv == 1.0 else CONDITIONAL)
    lm_f, lm_r = largest_monotone("forward"), largest_monotone("reverse")
    ratio, stuck = plateaus()
    figures = [
        Figure("learning_rate", LD.learning_rate, "value", "the standard step size"),
        Figure("forward_monotone", float(monotone), "ratio",
               "1 if forward-KL descent lowers the loss at every step from every start"),
        Figure("forward_converged", conv, "ratio",
               f"share of forward runs within total variation {fmt_sig(LD.tolerance)} of the "
               f"teacher after {LD.max_steps} steps"),
        Figure("reverse_converged", converged("reverse"), "ratio", "the same for reverse KL"),
        Figure("forward_largest_stable_step", lm_f, "value",
               "largest step size (doubling) at which every forward run is monotone (over "
               f"{STABILITY_STEPS} steps)"),
        Figure("reverse_largest_stable_step", lm_r, "value", "the same for reverse KL"),
        Figure("reverse_unconverged_start_ratio", ratio, "ratio",
               "largest smallest-Q(x)/P(x) among the starts of unconverged reverse runs"),
    ]
    return Findings(verdict, tuple(figures), ("forward_monotone", "forward_converged"),
                    {"tolerance": LD.tolerance, "max_steps": LD.max_steps, "stuck": stuck})


def eval_stable(teachers: Sequence[Categorical] = LD.teachers) -> Evidence:
    return worded(measure_stable(teachers), stable_words)


@cache
def _efficiency_facts(teachers: tuple[Categorical, ...] = LD.teachers) -> dict[str, tuple[float, ...]]:
    """Per estimator: (median samples to reach the tolerance over all starts, share reaching,
    median noise floor)."""
    out = {}
    for direction, baseline in _ESTIMATORS:
        sums = [descent_sweep(direction, p, LD.learning_rate, LD.batch_size, baseline)
                for p in teacher_probs(teachers)]
        reach = np.concatenate([s.reach_step for s in sums]) * LD.batch_size
        floor = np.concatenate([s.floor_tv for s in sums])
        out[direction + "_" + baseline] = (float(np.median(reach)), float(np.mean(np.isfinite(reach))),
                                          float(np.median(floor)))
    return out


def measure_sample_efficiency(teachers: tuple[Categorical, ...] = LD.teachers) -> Findings:
    """Sampled descent with each estimator: forward is sample-efficient against a rival when
    it needs no more samples (median) and gets there at least as often."""
    e = _efficiency_facts(teachers)
    f_med, f_reach, _ = e["forward_none"]
    rivals = [k for k in e if k.startswith("reverse")]
    holds = [f_med <= e[k][0] and f_reach >= e[k][1] for k in rivals]
    figures = [Figure("batch_size", LD.batch_size, "count", "samples per step"),
               Figure("tolerance", LD.tolerance, "value", "total variation counted as reached")]
    for k, (med, reach, floor) in e.items():
        name = k.replace("forward_none", "forward")
        figures += [Figure(f"samples_{name}", med, "count",
                           f"median samples until within the tolerance, {k.replace('_', ', ')} "
                           "(inf counts runs that never get there)"),
                    Figure(f"reached_{name}", reach, "ratio", f"share of runs that get there, {k}"),
                    Figure(f"floor_{name}", floor, "value",
                           f"median total variation over the last tenth of the run, {k}")]
    losing = tuple(k for k, h in zip(rivals, holds, strict=True) if not h)
    return Findings(verdict_of(holds), tuple(figures),
                    ("samples_forward", *("samples_" + k for k in rivals)),
                    {"learning_rate": LD.learning_rate, "seed": LD.seed, "rivals": tuple(rivals),
                     "losing": losing})


def eval_sample_efficient(teachers: tuple[Categorical, ...] = LD.teachers) -> Evidence:
    """:func:`measure_sample_efficiency`, in the words of :mod:`~entropy_explorer.claims.words`."""
    return worded(measure_sample_efficiency(teachers), sample_efficiency_words)
