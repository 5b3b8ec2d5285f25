"""The sentences of section 14's experiments (:mod:`~entropy_explorer.claims.experiments.task`):
the filtered teacher, sharpen-then-distil, the alpha fits."""

from __future__ import annotations

from entropy_explorer.claims.verdicts import Findings, fmt_pct, fmt_sig

__all__ = ["alpha_words", "sharpen_words", "task_filter_words"]


def task_filter_words(f: Findings) -> tuple[str, str]:
    """Forward KL to the masked teacher: reached, dropped, and the estimator's variance."""
    masked = ", ".join(f.facts["masked"])
    finding = (f"Masking {masked} from the worked example's teacher, forward-KL descent from every "
               f"grid student reaches the task teacher in {fmt_pct(f['reached'])} of runs and drops "
               f"{masked} in {fmt_pct(f['dropped'])}: it seeks the kept outcomes with the forward "
               f"estimator, whose per-sample variance is {fmt_sig(f['variance_task'])} (full "
               f"teacher: {fmt_sig(f['variance_full'])}).")
    return finding, "only in part (see the figures)"


def sharpen_words(f: Findings) -> tuple[str, str]:
    """What the filters do to the top token, and where descent to the filtered teacher ends."""
    finding = (f"The filters (mask, temperature, top-k, top-p) raise {f.facts['top_token']} from "
               f"{fmt_sig(f['top_raw'])} to {fmt_sig(f['top_filtered'])} and keep "
               f"{int(f['kept'])} of {f.facts['tokens']} tokens; forward-KL descent from a uniform "
               f"student ends {fmt_sig(f['end_tv'])} from the filtered teacher in total variation.")
    return finding, "only in part (see the figures)"


def alpha_words(f: Findings) -> tuple[str, str]:
    """The alpha fits: from seeking to covering, smoothly or by a jump (and where)."""
    switch = f["path_switch"]
    finding = (f"From section 10's start the fit sits on a peak (sigma {fmt_sig(f['sigma_seek'])}) "
               f"at alpha 0 and covers both (sigma {fmt_sig(f['sigma_cover'])}) at alpha 1; between "
               f"neighbouring alphas sigma changes by up to {fmt_sig(f['largest_jump'])}, so it "
               + ("moves smoothly." if f.facts["smooth"] else
                  f"jumps: the descent switches valley at alpha about {switch:.3f}, the covering "
                  f"valley is the deepest from {f['global_switch']:.3f}, and the peak valleys "
                  f"vanish at {f['peaks_vanish']:.3f}."))
    condition = ("the family spans seeking to covering, but on this teacher the fit switches "
                 "between two valleys instead of interpolating; where it switches depends on the "
                 f"start (about {switch:.3f} from section 10's)") if switch else ""
    return finding, condition


