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
from entropy_explorer.claims.rules import sample_efficiency_words
from entropy_explorer.claims.verdicts import (
    AGREES,
    CONDITIONAL,
    DIFFERS,
    Evidence,
    Figure,
    Findings,
    fmt_pct,
    fmt_sig,
    make_evidence,
    verdict_of,
    worded,
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
           "eval_sample_efficient", "eval_stable", "measure_sample_efficiency"]


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


def eval_covers_c(standins: Sequence[float] = WORKED_EXAMPLE_ZERO_STANDINS) -> Evidence:
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
    finding = (f"Forward-KL descent on the logits (step {fmt_sig(LD.learning_rate)}) raises Q(C) to "
               "half of P(C) in " + ", ".join(f"{fmt_sig(s)}" for s in c_steps)
               + " steps from Q(C) = " + ", ".join(fmt_sig(e) for e in standins)
               + f", against {fmt_sig(max(b_steps))} steps for B: it covers C, slowly (its logit is "
               f"pushed by about P(C) = {fmt_sig(P_WORKED[C])} a step).")
    return make_evidence(verdict_of(holds), finding, figures, tuple(f.name for f in figures[:len(runs)]),
                     "Q(C) starts large enough to be reached within "
                     f"{LD.max_steps} steps")


def eval_ignores_c(standins: Sequence[float] = WORKED_EXAMPLE_ZERO_STANDINS) -> Evidence:
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
    ignoring = [fmt_sig(e) for e, h in zip(standins, ignores, strict=True) if h]
    learning = [(e, r) for e, r, h in zip(standins, rev, ignores, strict=True) if not h]
    finding = ("Reverse-KL descent from Q(C) = " + ", ".join(fmt_sig(e) for e in standins)
               + " raises Q(C) to half of P(C) in " + ", ".join(fmt_sig(r) for r in rev)
               + f" steps (inf: not within {BUDGET_FACTOR} times forward's "
               + ", ".join(fmt_sig(f) for f in fwd) + f"). Ignoring C costs only {fmt_sig(cost)} nats, "
               "yet the reverse optimum of a softmax student is Q = P, which covers C.")
    condition = (f"Q(C) starts tiny: from Q(C) = {', '.join(ignoring)} reverse KL leaves C under "
                 f"half of P(C) for {BUDGET_FACTOR} times the steps forward KL needs")
    if learning:
        condition += ", but from " + ", ".join(f"Q(C) = {fmt_sig(e)} it covers C in {fmt_sig(r)} steps"
                                               for e, r in learning)
    condition += (f"; ignoring C costs {fmt_sig(cost)} nats, and the optimum (Q = P) covers C: "
                  "ignoring is a slow plateau, not where reverse KL ends")
    return make_evidence(verdict_of(ignores), finding, figures,
                     tuple(f"reverse_steps_{i}" for i in range(len(standins))), condition)


def eval_never_learn(experiment: GradientExperiment = BLIND_SPOT) -> Evidence:
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
    finding = (f"From section 12's student, forward KL lifts Q({name}) to half of P({name}) in "
               f"{fmt_sig(f_steps)} steps; after {budget} reverse-KL steps Q({name}) is "
               f"{fmt_sig(rev_run.probs[-1, b])} (P({name}) = {fmt_sig(p[b])}). At its starting push, "
               f"reverse KL needs about {fmt_sig(1.0 / (lr * push))} steps to raise {name}'s logit by one.")
    return make_evidence(verdict, finding, figures, ("forward_steps", "reverse_steps"),
                     f"it does learn {name}, in {fmt_sig(r_steps)} steps against forward KL's "
                     f"{fmt_sig(f_steps)}")


def eval_learns_everything(direction: gradients.Direction = "forward",
                            teachers: Sequence[Categorical] = LD.teachers) -> Evidence:
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
    finding = (f"Exact {direction}-KL descent (step {fmt_sig(LD.learning_rate)}, {LD.max_steps} "
               f"steps) from {n} grid students learns every outcome in {sum(learned)} runs "
               f"(slowest: {fmt_sig(slowest)} steps); {other} KL in {sum(other_learned)}. Forward KL "
               f"pushes an under-weighted outcome's logit by at least {fmt_sig(fwd_push)} of its "
               f"P(x); reverse KL by as little as {fmt_sig(rev_push)} of it.")
    return make_evidence(verdict_of(learned), finding, figures, ("learned", "starts"),
                     f"the run is long enough: {sum(learned)} of {n} runs learn every outcome "
                     f"within {LD.max_steps} steps")


def eval_entropy_constant(p: Sequence[float] = P_WORKED, q: Sequence[float] = Q_WORKED,
                           target: int = C) -> Evidence:
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
    finding = (f"Along {run.steps} forward-KL steps from the worked example (Q(C) = {fmt_sig(eps)}) "
               f"the cross-entropy falls from {fmt_sig(figures[1].value)} to "
               f"{fmt_sig(figures[2].value)} bits towards H(P) = {fmt_sig(h)} bits; H(P,Q) - D(P||Q) "
               f"stays at H(P) within {fmt_sig(gap)} bits.")
    return make_evidence(AGREES if gap <= 1e-9 else DIFFERS, finding, figures, ("largest_gap",), "")



# ------------------------------------------------ stability, sample efficiency
_ESTIMATORS: tuple[tuple[gradients.Direction, str], ...] = (
    ("forward", "none"), ("reverse", "none"), ("reverse", "mean"), ("reverse", "optimal"))


def eval_stable(teachers: Sequence[Categorical] = LD.teachers) -> Evidence:
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
        Figure("reverse_unconverged_start_ratio", plateaus()[0], "ratio",
               "largest smallest-Q(x)/P(x) among the starts of unconverged reverse runs"),
    ]
    finding = (f"Exact forward-KL descent on the logits lowers the loss at every step from every "
               f"grid student (both teachers) for step sizes up to {fmt_sig(lm_f)} (the cross-entropy's "
               f"curvature in the logits is at most 1/2) and ends within total variation "
               f"{fmt_sig(LD.tolerance)} of the teacher from {fmt_pct(conv)} of them. Reverse KL is "
               f"monotone up to step size {fmt_sig(lm_r)} and converges from "
               f"{fmt_pct(converged('reverse'))}")
    ratio, stuck = plateaus()
    if converged("reverse") < 1.0:
        finding += (f"; each of the others starts with an outcome at Q(x)/P(x) of at most "
                    f"{fmt_sig(ratio)}" + (" and still leaves it under half its teacher "
                                        "probability: a blind-spot plateau" if stuck else ""))
    finding += "."
    return make_evidence(verdict, finding, figures, ("forward_monotone", "forward_converged"),
                     f"given enough steps: it converges from {fmt_pct(conv)} of the starts within "
                     f"{LD.max_steps}")


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
        out[f"{direction}_{baseline}"] = (float(np.median(reach)), float(np.mean(np.isfinite(reach))),
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
                    ("samples_forward", *(f"samples_{k}" for k in rivals)),
                    {"learning_rate": LD.learning_rate, "seed": LD.seed, "rivals": tuple(rivals),
                     "losing": losing})


def eval_sample_efficient(teachers: tuple[Categorical, ...] = LD.teachers) -> Evidence:
    """:func:`measure_sample_efficiency`, in the words of :mod:`~entropy_explorer.claims.rules`."""
    return worded(measure_sample_efficiency(teachers), sample_efficiency_words)
