"""Section 14, task-relevant modes: a filtered teacher, sharpen-then-distil, and the
alpha-divergence family."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache

import numpy as np

from entropy_explorer import gaussians, gradients
from entropy_explorer.claims.common import LD, P_TASK_KEEP, student_grid
from entropy_explorer.claims.readings import LEARNED_SHARE
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
from entropy_explorer.claims.words.task import alpha_words, sharpen_words, task_filter_words
from entropy_explorer.examples import (
    DISTILL_TEACHER,
    TASK_DISTILL_STEPS,
    WORKED_EXAMPLE_P,
    Categorical,
)

__all__ = ["eval_alpha_interpolates", "eval_sharpen_then_forward", "eval_task_filter"]


# ------------------------------------------------------- task-filtered teacher
def _task_teacher(teacher: Categorical = WORKED_EXAMPLE_P,
                  keep: Sequence[str] = P_TASK_KEEP) -> np.ndarray:
    """The teacher with every outcome outside ``keep`` masked out, renormalised."""
    p = np.asarray(teacher.probs, dtype=float)
    mask = np.array([o in keep for o in teacher.outcomes])
    return np.where(mask, p, 0.0) / p[mask].sum()


@cache
def _task_runs() -> tuple[float, float, float, float]:
    """Forward KL to the task teacher from every grid student: (share reaching it, share
    dropping the masked outcomes below half their original probability, both estimators'
    per-sample variance)."""
    p = np.asarray(WORKED_EXAMPLE_P.probs, dtype=float)
    pt = _task_teacher()
    runs = gradients.descend_many("forward", pt, student_grid(p.size), learning_rate=LD.learning_rate,
                                  steps=LD.max_steps)
    masked = pt == 0
    reach = float(np.mean([r.total_variation()[-1] <= LD.tolerance for r in runs]))
    drop = float(np.mean([np.all(r.probs[-1][masked] < LEARNED_SHARE * p[masked]) for r in runs]))
    z0 = student_grid(p.size)[0]
    return (reach, drop, gradients.total_variance("forward", pt, z0),
            gradients.total_variance("forward", p, z0))


def eval_task_filter(focus: bool = True) -> Evidence:
    reach, drop, var_task, var_full = _task_runs()
    masked = [o for o in WORKED_EXAMPLE_P.outcomes if o not in P_TASK_KEEP]
    holds = [var_task <= var_full, reach == 1.0 and drop == 1.0] if focus else [reach == 1.0 and drop == 1.0]
    figures = [
        Figure("variance_task", var_task, "value",
               "forward estimator's per-sample variance, teacher with "
               + ", ".join(masked) + " masked (1 - sum P_task^2)"),
        Figure("variance_full", var_full, "value", "the same for the full teacher"),
        Figure("reached", reach, "ratio", "share of grid runs ending within the tolerance of P_task"),
        Figure("dropped", drop, "ratio", "share of grid runs ending with the masked outcomes "
               "under half their original probability"),
    ]
    decided = ("variance_task", "variance_full", "reached", "dropped") if focus else ("reached", "dropped")
    return worded(Findings(verdict_of(holds), tuple(figures), decided, {"masked": tuple(masked)}),
                  task_filter_words)


def eval_sharpen_then_forward() -> Evidence:
    raw = np.asarray(DISTILL_TEACHER.probs, dtype=float)
    stages, run = gradients.task_distill_run()  # the run section 14 draws
    task = stages[-1][1]
    end_tv = float(run.total_variation()[-1])
    top = int(np.argmax(raw))
    kept = int(np.sum(task > 0))
    emphasised = task[top] > raw[top] and kept < raw.size
    holds = [bool(emphasised), end_tv <= LD.tolerance]
    figures = [
        Figure("top_raw", float(raw[top]), "probability",
               f"the raw teacher's top token ({DISTILL_TEACHER.tokens[top]})"),
        Figure("top_filtered", float(task[top]), "probability", "the same after the filters"),
        Figure("kept", float(kept), "count", f"tokens the filters keep, of {raw.size}"),
        Figure("end_tv", end_tv, "value", "total variation between the student and the filtered "
               f"teacher after {TASK_DISTILL_STEPS} exact forward-KL steps"),
        Figure("tolerance", LD.tolerance, "value", "total variation counted as reached"),
    ]
    return worded(Findings(verdict_of(holds), tuple(figures), ("top_raw", "top_filtered", "end_tv"),
                           {"top_token": DISTILL_TEACHER.tokens[top], "tokens": raw.size}),
                  sharpen_words)


def eval_alpha_interpolates() -> Evidence:
    fits, t = gaussians.alpha_fits()  # the sweep sections 14 and 18 draw
    sigmas = np.array([f.sigma for f in fits])
    seek, cover = fits[0], fits[-1]
    spanned = seek.landing == "peak" and cover.landing == "cover"
    jumps = np.abs(np.diff(sigmas))
    largest = float(jumps.max())
    gap = abs(cover.sigma - seek.sigma)
    smooth = largest < gap / 2
    figures = [
        Figure("sigma_seek", seek.sigma, "value", f"fitted sigma at alpha = {seek.alpha:g} (reverse KL)"),
        Figure("sigma_cover", cover.sigma, "value", f"fitted sigma at alpha = {cover.alpha:g} (forward KL)"),
        Figure("largest_jump", largest, "value", "largest change of the fitted sigma between "
               "neighbouring swept alphas"),
        Figure("path_switch", float(t.path_switch) if t.path_switch is not None else math.nan,
               "value", "alpha where the descent from the section-10 start switches valley"),
        Figure("global_switch", float(t.global_switch) if t.global_switch is not None else math.nan,
               "value", "alpha where the covering fit becomes the deepest"),
        Figure("peaks_vanish", float(t.peaks_vanish) if t.peaks_vanish is not None else math.nan,
               "value", "alpha above which no local minimum sits on one peak"),
    ]
    verdict = DIFFERS if not spanned else (AGREES if smooth else CONDITIONAL)
    return worded(Findings(verdict, tuple(figures), ("sigma_seek", "sigma_cover", "largest_jump"),
                           {"smooth": smooth}), alpha_words)
