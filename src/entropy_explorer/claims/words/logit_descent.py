"""The sentences of descent on a softmax student's logits
(:mod:`~entropy_explorer.claims.experiments.logit_descent`): who learns which outcome, how
stably, with how many samples."""

from __future__ import annotations

import math

from entropy_explorer.claims.readings import BUDGET_FACTOR
from entropy_explorer.claims.verdicts import Findings, fmt_pct, fmt_sig

__all__ = ["BASELINE_WORDS", "covers_c_words", "entropy_constant_words", "ignores_c_words",
           "learns_everything_words", "never_learn_words", "sample_efficiency_words",
           "stable_words"]


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




def covers_c_words(f: Findings) -> tuple[str, str]:
    """Forward descent's steps until C is learned from each stand-in, against B's."""
    standins = f.facts["standins"]
    steps = [f[f"steps_c_{i}"] for i in range(len(standins))]
    finding = (f"Forward-KL descent on the logits (step {fmt_sig(f['learning_rate'])}) raises Q(C) "
               "to half of P(C) in " + ", ".join(fmt_sig(s) for s in steps)
               + " steps from Q(C) = " + ", ".join(fmt_sig(e) for e in standins)
               + f", against {fmt_sig(f['steps_b'])} steps for B: it covers C, slowly (its logit "
               f"is pushed by about P(C) = {fmt_sig(f['push_logit_c'])} a step).")
    return finding, f"Q(C) starts large enough to be reached within {f.facts['max_steps']} steps"


def ignores_c_words(f: Findings) -> tuple[str, str]:
    """Reverse descent's steps until C is learned from each stand-in (inf: not within the
    budget), and what ignoring C costs."""
    standins = f.facts["standins"]
    fwd = [f[f"forward_steps_{i}"] for i in range(len(standins))]
    rev = [f[f"reverse_steps_{i}"] for i in range(len(standins))]
    cost = fmt_sig(f["ignore_cost"])
    finding = ("Reverse-KL descent from Q(C) = " + ", ".join(fmt_sig(e) for e in standins)
               + " raises Q(C) to half of P(C) in " + ", ".join(fmt_sig(r) for r in rev)
               + f" steps (inf: not within {BUDGET_FACTOR} times forward's "
               + ", ".join(fmt_sig(s) for s in fwd) + f"). Ignoring C costs only {cost} nats, "
               "yet the reverse optimum of a softmax student is Q = P, which covers C.")
    ignoring = [fmt_sig(e) for e, r in zip(standins, rev, strict=True) if not math.isfinite(r)]
    learning = [(e, r) for e, r in zip(standins, rev, strict=True) if math.isfinite(r)]
    condition = (f"Q(C) starts tiny: from Q(C) = {', '.join(ignoring)} reverse KL leaves C under "
                 f"half of P(C) for {BUDGET_FACTOR} times the steps forward KL needs")
    if learning:
        condition += ", but from " + ", ".join(f"Q(C) = {fmt_sig(e)} it covers C in {fmt_sig(r)} steps"
                                               for e, r in learning)
    condition += (f"; ignoring C costs {cost} nats, and the optimum (Q = P) covers C: "
                  "ignoring is a slow plateau, not where reverse KL ends")
    return finding, condition


def never_learn_words(f: Findings) -> tuple[str, str]:
    """Section 12's blind outcome (fact ``name``, its teacher probability ``teacher_p``):
    forward's steps against what a budget of reverse steps reaches."""
    name = f.facts["name"]
    finding = (f"From section 12's student, forward KL lifts Q({name}) to half of P({name}) in "
               f"{fmt_sig(f['forward_steps'])} steps; after {int(f['budget'])} reverse-KL steps "
               f"Q({name}) is {fmt_sig(f['reverse_q_end'])} (P({name}) = "
               f"{fmt_sig(f.facts['teacher_p'])}). At its starting push, reverse KL needs about "
               f"{fmt_sig(f['steps_per_unit_logit'])} steps to raise {name}'s logit by one.")
    return finding, (f"it does learn {name}, in {fmt_sig(f['reverse_steps'])} steps against "
                     f"forward KL's {fmt_sig(f['forward_steps'])}")


def learns_everything_words(f: Findings) -> tuple[str, str]:
    """How many grid runs learn every outcome (facts ``direction``, ``other``, the step
    ``learning_rate`` and ``max_steps``), and the smallest pushes."""
    direction, other, steps = f.facts["direction"], f.facts["other"], f.facts["max_steps"]
    n, learned = int(f["starts"]), int(f["learned"])
    finding = (f"Exact {direction}-KL descent (step {fmt_sig(f.facts['learning_rate'])}, {steps} "
               f"steps) from {n} grid students learns every outcome in {learned} runs "
               f"(slowest: {fmt_sig(f['slowest_steps'])} steps); {other} KL in "
               f"{int(f['other_learned'])}. Forward KL pushes an under-weighted outcome's logit by "
               f"at least {fmt_sig(f['min_forward_push'])} of its P(x); reverse KL by as little as "
               f"{fmt_sig(f['min_reverse_push'])} of it.")
    return finding, (f"the run is long enough: {learned} of {n} runs learn every outcome "
                     f"within {steps} steps")


def entropy_constant_words(f: Findings) -> tuple[str, str]:
    """The cross-entropy along a forward run (facts ``steps``, the ``standin`` for Q(C))."""
    finding = (f"Along {f.facts['steps']} forward-KL steps from the worked example (Q(C) = "
               f"{fmt_sig(f.facts['standin'])}) the cross-entropy falls from "
               f"{fmt_sig(f['cross_entropy_start'])} to {fmt_sig(f['cross_entropy_end'])} bits "
               f"towards H(P) = {fmt_sig(f['entropy'])} bits; H(P,Q) - D(P||Q) stays at H(P) "
               f"within {fmt_sig(f['largest_gap'])} bits.")
    return finding, ""


def stable_words(f: Findings) -> tuple[str, str]:
    """Monotone descent and convergence, both directions (facts ``tolerance``, ``max_steps``,
    and ``stuck``: every unconverged reverse run still leaves its outcome unlearned)."""
    conv, rev = f["forward_converged"], f["reverse_converged"]
    finding = (f"Exact forward-KL descent on the logits lowers the loss at every step from every "
               f"grid student (both teachers) for step sizes up to "
               f"{fmt_sig(f['forward_largest_stable_step'])} (the cross-entropy's curvature in the "
               f"logits is at most 1/2) and ends within total variation "
               f"{fmt_sig(f.facts['tolerance'])} of the teacher from {fmt_pct(conv)} of them. "
               f"Reverse KL is monotone up to step size {fmt_sig(f['reverse_largest_stable_step'])} "
               f"and converges from {fmt_pct(rev)}")
    if rev < 1.0:
        finding += (f"; each of the others starts with an outcome at Q(x)/P(x) of at most "
                    f"{fmt_sig(f['reverse_unconverged_start_ratio'])}"
                    + (" and still leaves it under half its teacher probability: a blind-spot "
                       "plateau" if f.facts["stuck"] else ""))
    finding += "."
    return finding, (f"given enough steps: it converges from {fmt_pct(conv)} of the starts "
                     f"within {f.facts['max_steps']}")
