"""The sentences of estimator variance (:mod:`~entropy_explorer.claims.experiments.variance`):
the forward estimator against REINFORCE with each baseline, and the batch REINFORCE needs."""

from __future__ import annotations

from entropy_explorer.claims.verdicts import Findings, fmt_pct, fmt_sig

__all__ = ["needs_help_words", "variance_words"]


def variance_words(f: Findings) -> tuple[str, str]:
    """Where forward's relative variance is the lower, against each baseline (fact
    ``outcomes``: how many the exact sums run over)."""
    none, mean, optimal = (fmt_pct(f[f"share_{b}"]) for b in ("none", "mean", "optimal"))
    finding = (f"Relative to the size of its own gradient, the forward estimator has the lower "
               f"variance for {none} of {int(f['students'])} swept students against REINFORCE "
               f"without a baseline, {mean} against the mean-reward baseline and {optimal} "
               f"against the variance-optimal one (median relative variance "
               f"{fmt_sig(f['median_forward'])} forward, {fmt_sig(f['median_reverse_none'])} and "
               f"{fmt_sig(f['median_reverse_optimal'])} REINFORCE); in absolute variance forward is "
               f"lower for only {fmt_pct(f['share_absolute'])}. Section 12's ratio is "
               f"{fmt_sig(f['section12_ratio_start'])} at its student and "
               f"{fmt_sig(f['section12_ratio_end'])} at the end of its sweep. With the teacher's "
               f"whole distribution both gradients are exact sums over {f.facts['outcomes']} "
               "outcomes, with no variance at all; these figures compare sampled estimators.")
    condition = (f"it depends on the student and the baseline: forward's variance relative to its "
                 f"gradient is the lower for {none} of the swept students without a baseline, "
                 f"{mean} with the mean-reward baseline and {optimal} with the variance-optimal "
                 f"one; REINFORCE is the lower near the teacher (median D(P||Q) "
                 f"{fmt_sig(f['kl_where_reverse_wins'])} nats where it wins, "
                 f"{fmt_sig(f['kl_where_forward_wins'])} where it loses), where its reward "
                 f"log Q - log P swings less (median range {fmt_sig(f['swing_where_reverse_wins'])} "
                 f"against {fmt_sig(f['swing_where_forward_wins'])} nats)")
    return finding, condition


def needs_help_words(f: Findings) -> tuple[str, str]:
    """REINFORCE's batch in forward batches, what each baseline cuts, the heavy tail."""
    gain = fmt_sig(f["gain_optimal"])
    finding = (f"At the median swept student REINFORCE needs {fmt_sig(f['batch_factor_none'])} "
               f"times forward's batch for the same relative accuracy without a baseline, "
               f"{fmt_sig(f['batch_factor_optimal'])} with the variance-optimal baseline (a "
               f"{gain}-fold cut) and {fmt_sig(f['batch_factor_mean'])} with the mean-reward "
               f"baseline, which adds variance here (cut {fmt_sig(f['gain_mean'])}). One REINFORCE "
               f"sample can be {fmt_sig(f['tail_reverse'])} times the gradient's size (forward: at "
               f"most {fmt_sig(f['tail_forward'])}), the heavy tail clipping addresses.")
    return finding, ("it needs bigger batches, but no constant baseline helps here (the optimal "
                     f"one changes the variance {gain}-fold)")
