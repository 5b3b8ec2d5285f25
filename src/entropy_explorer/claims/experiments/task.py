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
    fmt_pct,
    fmt_sig,
    make_evidence,
    verdict_of,
)
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
    finding = (f"Masking {', '.join(masked)} from the worked example's teacher, forward-KL descent "
               f"from every grid student reaches the task teacher in {fmt_pct(reach)} of runs and "
               f"drops {', '.join(masked)} in {fmt_pct(drop)}: it seeks the kept outcomes with the "
               f"forward estimator, whose per-sample variance is {fmt_sig(var_task)} (full teacher: "
               f"{fmt_sig(var_full)}).")
    return make_evidence(verdict_of(holds), finding, figures,
                     ("variance_task", "variance_full", "reached", "dropped") if focus
                     else ("reached", "dropped"),
                     "only in part (see the figures)")


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
    finding = (f"The filters (mask, temperature, top-k, top-p) raise {DISTILL_TEACHER.tokens[top]} "
               f"from {fmt_sig(raw[top])} to {fmt_sig(task[top])} and keep {kept} of {raw.size} tokens; "
               f"forward-KL descent from a uniform student ends {fmt_sig(end_tv)} from the filtered "
               "teacher in total variation.")
    return make_evidence(verdict_of(holds), finding, figures, ("top_raw", "top_filtered", "end_tv"),
                     "only in part (see the figures)")


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
    finding = (f"From section 10's start the fit sits on a peak (sigma {fmt_sig(seek.sigma)}) at "
               f"alpha 0 and covers both (sigma {fmt_sig(cover.sigma)}) at alpha 1; between "
               f"neighbouring alphas sigma changes by up to {fmt_sig(largest)}, so it "
               + ("moves smoothly." if smooth else
                  f"jumps: the descent switches valley at alpha about {t.path_switch:.3f}, the "
                  f"covering valley is the deepest from {t.global_switch:.3f}, and the peak "
                  f"valleys vanish at {t.peaks_vanish:.3f}."))
    condition = ("the family spans seeking to covering, but on this teacher the fit switches "
                 "between two valleys instead of interpolating; where it switches depends on the "
                 f"start (about {t.path_switch:.3f} from section 10's)") if t.path_switch else ""
    return make_evidence(verdict, finding, figures, ("sigma_seek", "sigma_cover", "largest_jump"),
                     condition)
