"""The sentences of section 10's two-peaked fits
(:mod:`~entropy_explorer.claims.experiments.two_peaks`): where the fits land, what they cost."""

from __future__ import annotations

from entropy_explorer.claims.verdicts import Findings, fmt_pct, fmt_sig

__all__ = ["covering_words", "missing_mode_words", "seeking_words", "valley_words"]


def covering_words(f: Findings) -> tuple[str, str]:
    """Where the forward fits end and how many cover both peaks."""
    n, k = fmt_sig(f["starts"]), fmt_sig(f["covering"])
    finding = (f"Forward-KL descent from {n} starts ends at mu = {fmt_sig(f['fit_mu'])}, "
               f"sigma = {fmt_sig(f['fit_sigma'])} (the teacher's peaks have width "
               f"{fmt_sig(f['teacher_sigma'])}); {k} of {n} fits cover both peaks, the student "
               f"keeping at least {fmt_pct(f['min_peak_share'])} of the teacher's mass near each.")
    return finding, f"depends on the start: {k} of {n} forward fits cover every peak"


def seeking_words(f: Findings) -> tuple[str, str]:
    """How many reverse fits sit on one peak; where the others settle, from which starts."""
    n, k = int(f["starts"]), int(f["seeking"])
    finding = f"Reverse-KL descent from {n} starts: {k} fits sit on one peak "
    if k:
        finding += f"(D(Q||P) = {fmt_sig(f['peak_kl'])} nats, sigma = {fmt_sig(f['peak_sigma'])})"
    condition = ""
    if k < n:
        where = "a wide local minimum covering both peaks" if f.facts["covers"] else "a local minimum"
        mu, sigma, kl = fmt_sig(f["other_mu"]), fmt_sig(f["other_sigma"]), fmt_sig(f["other_kl"])
        finding += (f"; the other {n - k} settle at {where} (mu = {mu}, sigma = {sigma}, "
                    f"D = {kl} nats)")
        condition = (f"the student starts inside a peak's basin: {k} of {n} starts end on one "
                     f"peak; the other {n - k}, all started within "
                     f"{fmt_sig(f['other_start_mu_max'])} of the centre, settle at {where}, "
                     f"mu = {mu}, sigma = {sigma}, D(Q||P) = {kl} nats")
    return finding + ".", condition


def valley_words(f: Findings) -> tuple[str, str]:
    """What the covering student pays in reverse KL, and where."""
    finding = (f"The covering student pays D(Q||P) = {fmt_sig(f['covering_kl'])} nats against "
               f"{fmt_sig(f['one_peak_kl'])} for a student on one peak; "
               f"{fmt_pct(f['low_density_share'])} of its positive penalty lies where the "
               "teacher's density is under a tenth of its peak.")
    return finding, "only one of the two readings holds (see the figures)"


def missing_mode_words(f: Findings) -> tuple[str, str]:
    """What missing a peak costs under each direction."""
    rev, fwd = fmt_sig(f["reverse_cost"]), fmt_sig(f["forward_cost"])
    finding = (f"A student on one peak pays D(Q||P) = {rev} nats for the missed peak (about "
               f"log(1/w) = {fmt_sig(f['kept_weight_cost'])}), not zero; forward KL charges the "
               f"same student {fwd} nats.")
    return finding, (f"read as 'compared with forward KL': missing a peak costs {rev} nats under "
                     f"reverse KL (not zero) against {fwd} nats under forward KL")


