"""The prose of the qualitative audit: each claim's rule, and the sentences that report what an
experiment found, filled from the figures and facts it returns (an experiment computes; it
writes no English).
"""

from __future__ import annotations

from entropy_explorer.claims.readings import (
    LEARNED_SHARE,
    MISSED_SHARE,
    NEGLIGIBLE,
)
from entropy_explorer.claims.verdicts import AGREES, CONDITIONAL, Findings, fmt_pct, fmt_sig

__all__ = ["BASELINE_WORDS", "asymmetry_words", "direction_words", "support_words",
           "triangle_words", "alpha_words", "sharpen_words", "task_filter_words", "covering_words", "missing_mode_words", "seeking_words",
           "valley_words", "RULE_BLIND", "RULE_COORDS", "RULE_COVER_PEAKS", "RULE_EFFICIENT",
           "RULE_HUGE_PUSH", "RULE_LARGE", "RULE_LEARN", "RULE_NO_GRADIENT", "RULE_PPO",
           "RULE_SEEK", "RULE_VARIANCE", "RULE_ZERO_AT_Q0", "ppo_downsides_words", "ppo_inherits_words",
           "sample_efficiency_words"]


# ----------------------------------------------------------------- the rules
RULE_COORDS = ("Checked for a softmax student's logits and for the probabilities as parameters "
               "(at the article's Q, with Q(C) = 0): holds in both: agrees; in one: holds only "
               "under that parametrisation; in neither: differs.")
RULE_HUGE_PUSH = ("'Huge' = C's component is the largest of the gradient's components. "
                  + RULE_COORDS)
RULE_NO_GRADIENT = (f"'No gradient' = the component is below {NEGLIGIBLE:g} of the largest "
                    "component. " + RULE_COORDS)
RULE_BLIND = (f"'Blind spot' = the outcome is drawn even once in section 12's experiment with "
              f"chance under 1 %, and its gradient component is below {NEGLIGIBLE:g} of the "
              "largest. " + RULE_COORDS.replace("(at the article's Q, with Q(C) = 0)",
                                               "(section 12's student, Q(B) about 2e-7)"))
RULE_ZERO_AT_Q0 = ("Both checks: the worked example's C at Q(C) = 0 exactly ('no gradient' below "
                   f"{NEGLIGIBLE:g} of the largest component) and section 12's B at Q(B) about 2e-7, "
                   "each for the logits and for the probabilities; all hold: agrees; none: differs; "
                   "otherwise holds only under a condition.")
RULE_VARIANCE = ("Variance of the one-sample estimator (exact, a sum over the outcomes) divided by "
                 "the squared size of its own exact gradient (what sets the batch for a given "
                 "accuracy), at every grid student of both teachers, against REINFORCE with no "
                 "baseline, the mean-reward baseline and the variance-optimal constant: the claimed "
                 "side lower at every student against every baseline: agrees; at none: differs; "
                 "otherwise holds only under a condition.")
RULE_COVER_PEAKS = (f"A peak is covered when the fitted student keeps at least {MISSED_SHARE:.0%} of "
                    "the teacher's mass within one teacher width of it. Forward-KL descent (section "
                    "10's step) from every start of the sweep: every fit covers every peak: agrees; "
                    "none does: differs; some: holds only under a condition.")
RULE_SEEK = (f"A fit seeks a mode when it covers one peak and misses another (under "
             f"{MISSED_SHARE:.0%} of the teacher's mass near it). Reverse-KL descent from every "
             "start of the sweep: all seek: agrees; none: differs; some: holds only under a "
             "condition (the basin).")
RULE_LEARN = (f"An outcome is learned once Q(x) >= {LEARNED_SHARE:g} P(x). Exact descent on the "
              "logits from every grid student of both teachers: every run learns every outcome "
              "within the step budget: agrees; none: differs; some: holds only under a condition.")
RULE_EFFICIENT = ("Samples until the student is within the tolerance (total variation) of the "
                  "teacher, sampled descent from every grid student of both teachers, median over "
                  "the runs (never = infinite): forward needs no more than REINFORCE and gets there "
                  "at least as often, against every baseline: agrees; against none: differs; "
                  "otherwise holds only under a condition.")
RULE_LARGE = ("'Large' = the top quarter of the grid sweep by that KL (plus the worked example "
              "when its KL is that large). The claim holds for a student when its largest KL term "
              "is on an outcome of the claimed kind; all: agrees; none: differs; some: holds only "
              "under a condition.")
RULE_PPO = ("PPO's one-sample estimate must equal minus REINFORCE's with baseline -b (largest "
            "difference under 1e-12 over the grid students), else differs; then the verdict is "
            "the one of the reverse-KL claim it inherits.")


# ------------------------------------------------ what an experiment found, in words
#: The REINFORCE estimators by key, as the sentences name them.
BASELINE_WORDS = {"reverse_none": "REINFORCE without a baseline",
                  "reverse_mean": "REINFORCE with the mean-reward baseline",
                  "reverse_optimal": "REINFORCE with the variance-optimal baseline"}


def sample_efficiency_words(f: Findings) -> tuple[str, str]:
    """The finding and the condition of ``efficiency.forward_sample_efficient`` from its
    figures (``samples_*``, ``reached_*``, ``floor_*``, ``batch_size``, ``tolerance``) and
    facts (``learning_rate``, ``seed``, the ``rivals`` and those ``losing``)."""
    rivals, losing = f.facts["rivals"], f.facts["losing"]
    winning = [k for k in rivals if k not in losing]
    finding = (f"Sampled descent (batch {fmt_sig(f['batch_size'])}, step "
               f"{fmt_sig(f.facts['learning_rate'])}, seed {f.facts['seed']}) from every grid "
               f"student: forward KL gets within total variation {fmt_sig(f['tolerance'])} of the "
               f"teacher after a median {fmt_sig(f['samples_forward'])} samples "
               f"({fmt_pct(f['reached_forward'])} of runs get there); "
               + "; ".join(f"{BASELINE_WORDS[k]} after {fmt_sig(f[f'samples_{k}'])} "
                           f"({fmt_pct(f[f'reached_{k}'])})" for k in rivals)
               + ". With a constant step the forward runs then hover at a noise floor (median "
               f"total variation {fmt_sig(f['floor_forward'])}), while REINFORCE's variance "
               f"vanishes at the teacher (floor {fmt_sig(f['floor_reverse_none'])}).")
    condition = ("compared with " + " or ".join(BASELINE_WORDS[k] for k in winning) + "; "
                 + " and ".join(BASELINE_WORDS[k] for k in losing) + " needs no more samples")
    return finding, condition


def ppo_inherits_words(f: Findings) -> tuple[str, str]:
    """PPO's identity with REINFORCE, then the inherited claim's own finding and condition."""
    finding = (f"PPO's one-sample estimate (A = log P - log Q - b) is minus REINFORCE's with "
               f"baseline -b (largest difference {fmt_sig(f['ppo_identity_error'])}), so it "
               "inherits REINFORCE's behaviour: " + f.facts["inherited"])
    return finding, f.facts["condition"]


def ppo_downsides_words(f: Findings) -> tuple[str, str]:
    """Each inherited drawback by name with its verdict and claim id."""
    rows = list(zip(f.facts["names"], f.facts["ids"], f.facts["verdicts"], strict=True))
    finding = "PPO inherits: " + "; ".join(f"{n}: {v} ({cid})" for n, cid, v in rows) + "."
    condition = ("; ".join(f"{n} holds only under a condition ({cid})" for n, cid, v in rows
                           if v == CONDITIONAL)
                 + "; " + ", ".join(n for n, _, v in rows if v == AGREES) + " agrees")
    return finding, condition


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


def asymmetry_words(f: Findings) -> tuple[str, str]:
    """Both directions on both examples."""
    finding = (f"Movie review: D(P||Q) = {fmt_sig(f['movie_forward'])} bits, D(Q||P) = "
               f"{fmt_sig(f['movie_reverse'])} bits; worked example: D(P||Q) = "
               f"{fmt_sig(f['worked_forward'])}, D(Q||P) = {fmt_sig(f['worked_reverse'])} bits.")
    return finding, "on one of the article's examples only"


def direction_words(f: Findings) -> tuple[str, str]:
    """The asymmetry, and the worked example's infinite forward KL."""
    finding, condition = asymmetry_words(f)
    return (finding + " The worked example's forward KL is infinite (support mismatch at C); "
            "its reverse KL is finite.", condition)


def triangle_words(f: Findings) -> tuple[str, str]:
    """The coins' direct KL against the two legs through their midpoint."""
    return (f"The article's coins: D(fair || biased) = {fmt_sig(f['direct'])} bits, but through "
            f"their midpoint M (P(H) = {fmt_sig(f['midpoint_heads'])}) the two legs add to only "
            f"{fmt_sig(f['via_midpoint'])} bits: the triangle inequality fails.", "")


def support_words(f: Findings) -> tuple[str, str]:
    """The worked example's forward KL at Q(C) = 0 and at each stand-in."""
    standins = f.facts["standins"]
    finding = ("The worked example's forward KL is infinite at Q(C) = 0 and finite ("
               + ", ".join(f"{fmt_sig(f[f'standin_{i}'])} bits" for i in range(len(standins)))
               + ") once Q(C) = " + ", ".join(fmt_sig(e) for e in standins)
               + ": it grows only like P(C) log(1/Q(C)).")
    return finding, "only some of the cases"
