"""The sentences of the gradient on one outcome
(:mod:`~entropy_explorer.claims.experiments.pushes`): the size of the forward push and whether
reverse KL gives a blind outcome none, for a softmax's logits and for the probabilities."""

from __future__ import annotations

from entropy_explorer.claims.readings import HUGE_BITS, MUCH_SMALLER
from entropy_explorer.claims.verdicts import CONDITIONAL, Findings, fmt_sig

__all__ = ["blind_spot_words", "forward_push_words", "penalty_huge_words",
           "reverse_no_gradient_words", "score_blows_up_words", "zero_at_q0_words"]


def _coordinates(f: Findings, prob_text: str, logit_text: str) -> str:
    """A claim checked in two parametrisations holds in one at most: the condition names
    the one it holds in (fact ``in_probabilities``)."""
    return prob_text if f.facts["in_probabilities"] else logit_text


def penalty_huge_words(f: Findings) -> tuple[str, str]:
    """The forward term at Q = P/100 for the commonest and the rarest outcome (facts
    ``common_p``, ``rare_name``, ``rare_p``)."""
    rare, rare_p = f.facts["rare_name"], fmt_sig(f.facts["rare_p"])
    factor, huge = fmt_sig(MUCH_SMALLER), fmt_sig(HUGE_BITS)
    finding = (f"At Q(x) = P(x)/{factor} the forward term P(x) log(P(x)/Q(x)) is "
               f"{fmt_sig(f['term_common'])} bits for P(x) = {fmt_sig(f.facts['common_p'])} but "
               f"{fmt_sig(f['term_rare'])} bits for the rare {rare} (P = {rare_p}); "
               f"{int(f['huge_cases'])} of {int(f['cases'])} outcomes reach {huge} bit. At Q(x) = 0 "
               "the term is infinite.")
    condition = (f"the outcome is not rare: the term is weighted by P(x), so it reaches {huge} bit "
                 f"at Q(x) = P(x)/{factor} only for P(x) >= {fmt_sig(f['p_needed'])}; for {rare} "
                 f"(P = {rare_p}) it takes Q below {fmt_sig(f['q_needed_rare'])}, or Q = 0 (then it "
                 "is infinite)")
    return finding, condition


def forward_push_words(f: Findings) -> tuple[str, str]:
    """Each outcome's forward push in both parametrisations (facts ``names``, the ``target``
    index and ``big``, the other outcome with the largest push on its logit)."""
    names, t, big = f.facts["names"], f.facts["target"], f.facts["big"]
    keys = [x.lower() for x in names]
    gl = [f[f"push_logit_{k}"] for k in keys]
    gp = [f[f"push_prob_{k}"] for k in keys]
    n = names[t]
    others = ", ".join(f"{fmt_sig(g)} for {x}" for i, (x, g) in enumerate(zip(names, gl, strict=True))
                       if i != t)
    sizes = ", ".join(f"{fmt_sig(abs(g))} for {x}" for i, (x, g) in enumerate(zip(names, gl, strict=True))
                      if i != t)
    finding = (f"With respect to the probabilities the push on {n} is -P/Q = {fmt_sig(gp[t])} "
               f"({fmt_sig(gp[big])} for {names[big]}). On a softmax student's logits the gradient "
               f"is Q - P: {fmt_sig(gl[t])} for {n} against {others}.")
    return finding, _coordinates(
        f,
        f"the gradient is taken with respect to the probabilities (d/dQ({n}) = -P/Q -> -inf); "
        f"on a softmax student's logits it is Q - P, and {n} gets the smallest push, "
        f"{fmt_sig(abs(gl[t]))}, against {sizes}",
        f"the gradient is taken on a softmax student's logits (Q - P: {fmt_sig(gl[t])} for "
        f"{n}); with respect to the probabilities another outcome gets the largest push")


def score_blows_up_words(f: Findings) -> tuple[str, str]:
    """The score's size along the stand-ins (facts ``name``, its teacher probability
    ``teacher_p``)."""
    n = f.facts["name"]
    finding = (f"As Q({n}) falls from {fmt_sig(f['standin_largest'])} to "
               f"{fmt_sig(f['standin_smallest'])}, the score on a softmax's logits, e_{n} - Q, "
               f"stays at size {fmt_sig(f['score_logits_smallest'])} (growth "
               f"{fmt_sig(f['growth_logits'])}) and the push on {n}'s logit stays near "
               f"{fmt_sig(f['push_logit_smallest'])}; with the probabilities as parameters, "
               f"1/Q({n}) grows {fmt_sig(f['growth_probs'])}-fold and the push -P/Q reaches "
               f"{fmt_sig(f['push_prob_smallest'])}.")
    return finding, _coordinates(
        f,
        "the parameters are the probabilities themselves; on a softmax's logits grad log Q(x) = "
        f"e_x - Q stays below sqrt(2) (grad Q(x) shrinks with Q(x)), and the correction on "
        f"{n}'s logit is Q - P, at most P({n}) = {fmt_sig(f.facts['teacher_p'])}",
        "the parameters are a softmax's logits")


def reverse_no_gradient_words(f: Findings) -> tuple[str, str]:
    """The reverse gradient for the outcome at Q = 0 and at a stand-in (fact ``name``)."""
    n, eps = f.facts["name"], fmt_sig(f["standin"])
    finding = (f"On a softmax's logits the reverse gradient for {n} is Q({n}) (d - E_Q d): exactly "
               f"{fmt_sig(f['rev_logit_c'])} at Q({n}) = 0 and {fmt_sig(f['rev_logit_c_standin'])} "
               f"at Q({n}) = {eps} (forward pushes {fmt_sig(f['forward_over_reverse_standin'])} "
               f"times harder). With respect to the probabilities, d D(Q||P)/d Q({n}) = log(Q/P) "
               f"+ 1 is {fmt_sig(f['rev_prob_c'])} at 0 and {fmt_sig(f['rev_prob_c_standin'])} at "
               f"{eps}: a pull towards {n}.")
    return finding, _coordinates(
        f,
        f"the gradient is taken with respect to the probabilities; on a softmax's logits {n} "
        "gets a non-negligible component",
        f"the gradient is taken on a softmax student's logits (a factor Q({n}) multiplies {n}'s "
        f"component); with respect to the probabilities d D(Q||P)/d Q({n}) = log(Q/P) + 1 -> "
        f"-inf as Q({n}) -> 0 ({fmt_sig(f['rev_prob_c_standin'])} at Q({n}) = {eps}), a pull "
        f"towards {n}, and only the sampled estimate is zero")


def blind_spot_words(f: Findings) -> tuple[str, str]:
    """Section 12's blind outcome (fact ``name``): its chance of being drawn, its gradient."""
    name, q = f.facts["name"], fmt_sig(f["q_blind"])
    finding = (f"Q({name}) = {q}: in {int(f['draws'])} draws it turns up with chance "
               f"{fmt_sig(f['chance_sampled'])}. The exact reverse gradient on {name}'s logit is "
               f"{fmt_sig(f['rev_logit_blind'])} (forward: {fmt_sig(f['fwd_logit_blind'])}); with "
               f"respect to the probabilities it is {fmt_sig(f['rev_prob_blind'])}, the largest "
               f"component (the others at most {fmt_sig(f['rev_prob_max_other'])}).")
    return finding, _coordinates(
        f,
        "the gradient is taken with respect to the probabilities",
        f"the gradient is taken on a softmax student's logits (a factor Q({name}) = {q} "
        f"multiplies it: {fmt_sig(f['rev_logit_blind'])}); with respect to the probabilities "
        f"d D(Q||P)/d Q({name}) = log(Q/P) + 1 = {fmt_sig(f['rev_prob_blind'])} is the largest "
        "component, a pull towards the blind outcome, and only the sampled estimate (which never "
        "sees it) is zero")


def zero_at_q0_words(f: Findings) -> tuple[str, str]:
    """Both checks' findings in turn (facts ``exact`` and ``approx``: their findings); the
    condition of the first that holds only under one."""
    exact, approx = f.facts["exact"], f.facts["approx"]
    (e_finding, e_condition), (a_finding, a_condition) = (reverse_no_gradient_words(exact),
                                                          blind_spot_words(approx))
    conditions = [c for c, part in ((e_condition, exact), (a_condition, approx))
                  if part.verdict == CONDITIONAL]
    return e_finding + " " + a_finding, (conditions or [""])[0]
